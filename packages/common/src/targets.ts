// The release target table: the one place that says which platforms we ship, with the glibc and
// libstdc++ ceilings a library built for each must stay under and the toolchain that builds it.
// Everything else (matrix, audit, asset names, loader platform lookup) reads these rows.
// The special target `host` is not a row: it means "this machine with its system compiler", and
// its platform name is computed from host facts that callers pass in, so tests can fake any host.

import { readFileSync } from 'node:fs';

/** ELF e_machine value for each architecture we build for. */
export const ELF_MACHINE_BY_ARCH = {
  x86_64: 62, // EM_X86_64
  aarch64: 183, // EM_AARCH64
} as const;

export type Arch = keyof typeof ELF_MACHINE_BY_ARCH;

/** What every release row states; the ceilings are the highest symbol versions a library may need. */
interface ReleaseTargetRow {
  arch: Arch;
  glibc: string;
  glibcxx: string;
  cxxabi: string;
  toolchain: 'zig';
  zigTarget: string;
}

export const RELEASE_TARGETS = {
  manylinux2014_x86_64: {
    arch: 'x86_64',
    glibc: '2.17',
    glibcxx: '3.4.19',
    cxxabi: '1.3.7',
    toolchain: 'zig',
    zigTarget: 'x86_64-linux-gnu.2.17',
  },
  manylinux2014_aarch64: {
    arch: 'aarch64',
    glibc: '2.17',
    glibcxx: '3.4.19',
    cxxabi: '1.3.7',
    toolchain: 'zig',
    zigTarget: 'aarch64-linux-gnu.2.17',
  },
  'ubuntu20.04_x86_64': {
    arch: 'x86_64',
    glibc: '2.31',
    glibcxx: '3.4.28',
    cxxabi: '1.3.12',
    toolchain: 'zig',
    zigTarget: 'x86_64-linux-gnu.2.31',
  },
  manylinux_2_28_x86_64: {
    arch: 'x86_64',
    glibc: '2.28',
    glibcxx: '3.4.24',
    cxxabi: '1.3.11',
    toolchain: 'zig',
    zigTarget: 'x86_64-linux-gnu.2.28',
  },
  manylinux_2_28_aarch64: {
    arch: 'aarch64',
    glibc: '2.28',
    glibcxx: '3.4.24',
    cxxabi: '1.3.11',
    toolchain: 'zig',
    zigTarget: 'aarch64-linux-gnu.2.28',
  },
} as const satisfies Record<string, ReleaseTargetRow>;

export type ReleaseTargetName = keyof typeof RELEASE_TARGETS;
export const HOST_TARGET_NAME = 'host';
export type TargetName = ReleaseTargetName | typeof HOST_TARGET_NAME;

/** A release row with its name; the row name doubles as the platform in asset names. */
export type ReleaseTarget = (typeof RELEASE_TARGETS)[ReleaseTargetName] & {
  name: ReleaseTargetName;
  platform: ReleaseTargetName;
};

export interface HostTarget {
  name: typeof HOST_TARGET_NAME;
  platform: string;
  arch: Arch;
  glibc: string;
  toolchain: 'system';
}

export type ResolvedTarget = ReleaseTarget | HostTarget;

export interface OsRelease {
  id: string;
  /** Absent on rolling distributions (Arch, Debian sid). */
  versionId: string | null;
}

export interface HostFacts {
  arch: Arch;
  osRelease: OsRelease;
  /** null on a libc other than glibc (musl), which we do not build for. */
  glibcVersion: string | null;
}

export class TargetError extends Error {
  override name = 'TargetError';
}

/** Every name a manifest may use: the release rows, then `host`. */
export function listTargetNames(): TargetName[] {
  return [...listReleaseTargetNames(), HOST_TARGET_NAME];
}

export function listReleaseTargetNames(): ReleaseTargetName[] {
  return Object.keys(RELEASE_TARGETS) as ReleaseTargetName[];
}

export function isReleaseTargetName(name: string): name is ReleaseTargetName {
  return Object.hasOwn(RELEASE_TARGETS, name);
}

export function isTargetName(name: string): name is TargetName {
  return name === HOST_TARGET_NAME || isReleaseTargetName(name);
}

/** Looks up a release row; `host` is refused here because it needs host facts (see resolveTarget). */
export function getTarget(name: string): ReleaseTarget {
  if (isReleaseTargetName(name)) {
    return { name, platform: name, ...RELEASE_TARGETS[name] };
  }
  if (name === HOST_TARGET_NAME) {
    throw new TargetError(
      'target "host" depends on the machine it runs on; call resolveTarget("host", hostFacts) instead of getTarget',
    );
  }
  throw new TargetError(`unknown target "${name}"; supported targets: ${listTargetNames().join(', ')}`);
}

export function resolveTarget(name: string, hostFacts: HostFacts): ResolvedTarget {
  return name === HOST_TARGET_NAME ? describeHostTarget(hostFacts) : getTarget(name);
}

// os-release IDs and VERSION_IDs are lowercase words by spec; we check anyway because the
// platform string ends up in a file name.
const PLATFORM_PART = /^[a-z0-9._-]+$/;

export function describeHostTarget(facts: HostFacts): HostTarget {
  const { id, versionId } = facts.osRelease;
  for (const [field, value] of [['ID', id], ['VERSION_ID', versionId ?? '']] as const) {
    if (value !== '' && !PLATFORM_PART.test(value)) {
      throw new TargetError(`host os-release ${field} "${value}" cannot be used in a platform name (expected ${PLATFORM_PART})`);
    }
  }
  if (id === '') {
    throw new TargetError('host os-release has no ID; cannot name the host platform');
  }
  if (facts.glibcVersion === null) {
    throw new TargetError(
      `host ${id}${versionId ?? ''} (${facts.arch}) does not run glibc; plug-ins are built for glibc only`,
    );
  }
  return {
    name: HOST_TARGET_NAME,
    platform: `${id}${versionId ?? ''}_${facts.arch}`,
    arch: facts.arch,
    glibc: facts.glibcVersion,
    toolchain: 'system',
  };
}

/** The architecture an ELF e_machine value stands for, or undefined if we do not build for it. */
export function findArchForElfMachine(machine: number): Arch | undefined {
  const entry = Object.entries(ELF_MACHINE_BY_ARCH).find(([, value]) => value === machine);
  return entry?.[0] as Arch | undefined;
}

const ARCH_BY_NODE_ARCH: Partial<Record<NodeJS.Architecture, Arch>> = {
  x64: 'x86_64',
  arm64: 'aarch64',
};

export function mapNodeArch(nodeArch: string): Arch {
  const arch = ARCH_BY_NODE_ARCH[nodeArch as NodeJS.Architecture];
  if (arch === undefined) {
    throw new TargetError(
      `unsupported CPU architecture "${nodeArch}"; supported: ${Object.keys(ARCH_BY_NODE_ARCH).join(', ')}`,
    );
  }
  return arch;
}

/** Parses os-release(5): KEY=value lines, values optionally in single or double quotes. */
export function parseOsRelease(text: string): OsRelease {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Z0-9_]+)=(.*)$/.exec(line);
    if (!match) continue;
    values.set(match[1]!, unquoteOsReleaseValue(match[2]!.trim()));
  }
  return { id: values.get('ID') ?? '', versionId: values.get('VERSION_ID') ?? null };
}

function unquoteOsReleaseValue(raw: string): string {
  const quote = raw[0];
  if ((quote === '"' || quote === "'") && raw.endsWith(quote) && raw.length >= 2) {
    return raw.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return raw;
}

// os-release(5): /etc/os-release wins, /usr/lib/os-release is the fallback.
const OS_RELEASE_PATHS = ['/etc/os-release', '/usr/lib/os-release'];

export function readHostFacts(): HostFacts {
  return {
    arch: mapNodeArch(process.arch),
    osRelease: parseOsRelease(readFirstOsRelease()),
    glibcVersion: readGlibcVersion(),
  };
}

function readFirstOsRelease(): string {
  const causes: unknown[] = [];
  for (const path of OS_RELEASE_PATHS) {
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      causes.push(error);
    }
  }
  throw new TargetError(`cannot read the host's os-release from ${OS_RELEASE_PATHS.join(' or ')}`, {
    cause: causes[0],
  });
}

// Node reports the runtime glibc in its diagnostic report; it is absent on musl, which is how we
// tell the two apart without running a shell.
function readGlibcVersion(): string | null {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return report?.header?.glibcVersionRuntime ?? null;
}
