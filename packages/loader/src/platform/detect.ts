/**
 * What machine this is (OS, CPU, C library, distribution) and which release
 * platforms it can run. Facts are read without spawning a shell and are a
 * parameter, so tests can describe any host.
 */
import { readFileSync } from 'node:fs';
import {
  ELF_MACHINE_BY_ARCH,
  RELEASE_TARGETS,
  TargetError,
  compareDottedVersions,
  describeHostTarget,
  listReleaseTargetNames,
  mapNodeArch,
  parseOsRelease,
  type Arch,
} from '@wasmedge-plugins/common';

/** Raw facts about a machine, as Node and /etc/os-release report them. */
export interface PlatformFacts {
  /** process.platform, e.g. 'linux'. */
  os: string;
  /** process.arch, e.g. 'x64' or 'arm64'. */
  nodeArch: string;
  /** process.report header glibcVersionRuntime; absent on musl and non-Linux systems. */
  glibcVersionRuntime: string | null;
  /** Shared objects loaded into this process (process.report sharedObjects). */
  sharedObjects: readonly string[];
  /** Text of os-release(5), or null when there is none. */
  osRelease: string | null;
}

export type LibcFamily = 'glibc' | 'musl' | 'unknown';

export interface Platform {
  os: string;
  /** Our architecture name (x86_64, aarch64), or Node's name for one we do not build for. */
  arch: string;
  libc: { family: LibcFamily; version?: string };
  /** id is '' without an os-release file; versionId is '' on rolling distributions (Arch, Debian sid). */
  distro: { id: string; versionId: string; prettyName?: string };
  /** Release platforms this machine runs, most specific first; empty when none. */
  platforms: string[];
}

// Distributions whose system C library is musl, for when Node itself does not
// say (a glibc-less Node build that also lists no ld-musl, e.g. a static one).
const MUSL_DISTRIBUTIONS = new Set(['alpine']);

// os-release(5): /etc/os-release wins, /usr/lib/os-release is the fallback.
const OS_RELEASE_PATHS = ['/etc/os-release', '/usr/lib/os-release'];

/** Reads this machine's facts from Node's diagnostic report and os-release. */
export function readPlatformFacts(): PlatformFacts {
  const report = process.report?.getReport() as
    | { header?: { glibcVersionRuntime?: string }; sharedObjects?: string[] }
    | undefined;
  return {
    os: process.platform,
    nodeArch: process.arch,
    glibcVersionRuntime: report?.header?.glibcVersionRuntime ?? null,
    sharedObjects: report?.sharedObjects ?? [],
    osRelease: readFirstFile(OS_RELEASE_PATHS),
  };
}

/** Describes the machine the facts describe (this one by default) and the platforms it runs. */
export function detectPlatform(facts: PlatformFacts = readPlatformFacts()): Platform {
  const distro = readDistro(facts.osRelease);
  const arch = findArch(facts.nodeArch) ?? facts.nodeArch;
  const libc = detectLibc(facts, distro.id);
  const platform: Platform = { os: facts.os, arch, libc, distro, platforms: [] };
  platform.platforms = listRunnablePlatforms(platform);
  return platform;
}

/**
 * Release platforms a machine runs: those of its architecture whose glibc
 * ceiling is at most the machine's, highest ceiling first, preceded by the
 * machine's own platform name (what a local build on it is called).
 */
export function listRunnablePlatforms(platform: Omit<Platform, 'platforms'>): string[] {
  const arch = findArch(platform.arch);
  const glibc = platform.libc.version;
  if (platform.os !== 'linux' || arch === undefined || platform.libc.family !== 'glibc' || glibc === undefined) {
    return [];
  }
  const release = listReleaseTargetNames()
    .filter((name) => RELEASE_TARGETS[name].arch === arch)
    .filter((name) => compareDottedVersions(RELEASE_TARGETS[name].glibc, glibc) <= 0)
    .sort((a, b) => compareDottedVersions(RELEASE_TARGETS[b].glibc, RELEASE_TARGETS[a].glibc));
  if (release.length === 0) {
    return [];
  }
  const own = nameHostPlatform(platform, arch, glibc);
  return own === undefined || release.includes(own as never) ? release : [own, ...release];
}

function nameHostPlatform(platform: Omit<Platform, 'platforms'>, arch: Arch, glibc: string): string | undefined {
  const { id, versionId } = platform.distro;
  try {
    return describeHostTarget({ arch, glibcVersion: glibc, osRelease: { id, versionId: versionId || null } }).platform;
  } catch (error) {
    // No usable os-release ID (none, or not fit for a file name): the
    // machine still runs the release platforms, it just has no name of its own.
    if (error instanceof TargetError) return undefined;
    throw error;
  }
}

function detectLibc(facts: PlatformFacts, distroId: string): Platform['libc'] {
  if (facts.glibcVersionRuntime !== null) {
    return { family: 'glibc', version: facts.glibcVersionRuntime };
  }
  if (facts.sharedObjects.some((path) => path.includes('ld-musl')) || MUSL_DISTRIBUTIONS.has(distroId)) {
    return { family: 'musl' };
  }
  return { family: 'unknown' };
}

function readDistro(text: string | null): Platform['distro'] {
  if (text === null) {
    return { id: '', versionId: '' };
  }
  const { id, versionId } = parseOsRelease(text);
  const prettyName = readPrettyName(text);
  return { id, versionId: versionId ?? '', ...(prettyName ? { prettyName } : {}) };
}

// parseOsRelease (common) reads ID and VERSION_ID only; PRETTY_NAME goes
// through the same unquoting by handing it that one line renamed to ID.
function readPrettyName(text: string): string | undefined {
  const line = text.split('\n').find((l) => /^\s*PRETTY_NAME=/.test(l));
  return line === undefined ? undefined : parseOsRelease(line.replace('PRETTY_NAME=', 'ID=')).id || undefined;
}

/** Our name (a key of ELF_MACHINE_BY_ARCH) for ours or Node's architecture name, or undefined if we do not build for it. */
function findArch(name: string): Arch | undefined {
  if (Object.hasOwn(ELF_MACHINE_BY_ARCH, name)) {
    return name as Arch;
  }
  try {
    return mapNodeArch(name);
  } catch {
    return undefined;
  }
}

function readFirstFile(paths: readonly string[]): string | null {
  for (const path of paths) {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      // try the next one
    }
  }
  return null;
}
