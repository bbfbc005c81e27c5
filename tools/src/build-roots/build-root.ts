/**
 * Build roots: a Debian root filesystem (release-manifest.json `buildRoots`)
 * made once with mmdebstrap and cached, in which a cell configures and
 * builds so that its library links against that suite's glibc and
 * libstdc++. No container service: the build runs in a private mount
 * namespace (`unshare --mount`, plus `--map-root-user` when not root) that
 * bind-mounts the workspace and the SDK directories at their own paths, then
 * chroots. Paths inside the build are the real ones, so CMake caches,
 * depfiles and debug-prefix maps are the same as outside.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { $ } from 'zx';
import { findWheelPin, loadWheelPins, ensureWheel } from '../deps/pypi-wheels.ts';
import { extractZipTree } from '../deps/zip-tree.ts';
import { userCacheDir } from '../deps/user-cache.ts';

/** A root as the manifest declares it. */
export interface BuildRootSpec {
  /** The manifest's key, e.g. bullseye. */
  name: string;
  /** Debian suite, e.g. bullseye. */
  suite: string;
  mirror: string;
  /** Debian packages installed into the root (compiler, Ninja, development headers). */
  packages: string[];
  /** name==version pins of deps/pypi-wheels/wheels.json installed into /opt/<name> (CMake). */
  wheels: string[];
}

export class BuildRootError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BuildRootError';
  }
}

/** Where wheels' programs are put inside the root, ahead of the system's on PATH. */
const WHEEL_PREFIX = '/opt';
const MARKER = '.wasmedge-plugins-root.json';
export const MMDEBSTRAP_INSTALL = 'apt-get install mmdebstrap debian-archive-keyring';

/** The installed mmdebstrap's version, or undefined when it is missing. */
export function mmdebstrapVersion(): string | undefined {
  const result = spawnSync('mmdebstrap', ['--version'], { encoding: 'utf8' });
  if (result.status !== 0) return undefined;
  return /([0-9][0-9.]*)/.exec(result.stdout)?.[1];
}

/**
 * The cache key: everything that shapes the root's contents. The package
 * list is sorted (apt installs a set), the wheel pins are taken as written.
 */
export function buildRootKey(spec: BuildRootSpec, tool: string): string {
  const identity = { suite: spec.suite, mirror: spec.mirror, packages: [...spec.packages].sort(), wheels: [...spec.wheels].sort(), mmdebstrap: tool };
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 16);
}

export function buildRootDir(spec: BuildRootSpec, tool: string): string {
  return join(userCacheDir(), 'roots', `${spec.name}-${buildRootKey(spec, tool)}`);
}

/** The command whose success shows that this user may create a user namespace with its own mounts. */
export const USERNS_PROBE: readonly string[] = ['unshare', '--map-root-user', '--mount', 'true'];

export type NamespaceAccess = { mode: 'root' | 'user'; unshare: string[] } | { mode: 'none'; reason: string };

export interface NamespaceModeOptions {
  /** The uid deciding between root and a user namespace (this process's by default). */
  uid?: number;
  /** The probe run when not root; a test points it at a namespace where user namespaces are disabled. */
  probe?: readonly string[];
}

/** How this process may enter a root: as root, through a user namespace, or not at all (with why). */
export function namespaceMode(options: NamespaceModeOptions = {}): NamespaceAccess {
  if ((options.uid ?? process.getuid?.()) === 0) return { mode: 'root', unshare: ['unshare', '--mount', '--propagation', 'private'] };
  const [program, ...args] = options.probe ?? USERNS_PROBE;
  const probe = spawnSync(program!, args, { encoding: 'utf8' });
  if (probe.status === 0) return { mode: 'user', unshare: ['unshare', '--map-root-user', '--mount', '--propagation', 'private'] };
  return {
    mode: 'none',
    reason:
      `building in a root filesystem needs root, or unprivileged user namespaces (\`unshare --map-root-user\` failed: ${(probe.stderr || probe.error?.message || 'unknown error').trim()}); ` +
      'run the build as root, or enable user namespaces (sysctl user.max_user_namespaces=15000, and kernel.unprivileged_userns_clone=1 on kernels that have it)',
  };
}

/**
 * mmdebstrap's unshare mode maps a range of subordinate ids onto the root's
 * 65536 users (root, _apt, ...) through newuidmap/newgidmap; without a range
 * for this user in /etc/subuid and /etc/subgid it fails deep inside with a
 * message that does not say so. The first ranges' starts, or what is missing.
 */
export function subordinateIds(
  user: { name: string; uid: number },
  files = { subuid: '/etc/subuid', subgid: '/etc/subgid' },
): { uid: number; gid: number } | { missing: string } {
  const starts: number[] = [];
  const missing: string[] = [];
  for (const file of [files.subuid, files.subgid]) {
    const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
    const range = lines
      .map((line) => line.trim().split(':'))
      .find(([who, , count]) => (who === user.name || who === String(user.uid)) && Number(count) >= 65536);
    if (range) starts.push(Number(range[1]));
    else missing.push(`${file} has no range of 65536 ids for ${user.name}`);
  }
  if (missing.length > 0) return { missing: `${missing.join(', and ')}; add them as root: usermod --add-subuids 100000-165535 --add-subgids 100000-165535 ${user.name}` };
  return { uid: starts[0]!, gid: starts[1]! };
}

/**
 * A user namespace in which this user is root (0) and the subordinate range
 * mmdebstrap used for the root's users is 1..65536: there, files the root's
 * root owns (host id = range start) show as 1 and can be given to this user.
 * util-linux 2.38 spells the maps outer,inner,count.
 */
function subordinateNamespace(ids: { uid: number; gid: number }): string[] {
  return ['unshare', '--map-user=0', '--map-group=0', `--map-users=${ids.uid},1,65536`, `--map-groups=${ids.gid},1,65536`];
}

export interface BuildRoot {
  spec: BuildRootSpec;
  dir: string;
  /** True when this call made it (false: reused from the cache). */
  created: boolean;
  /** Directories prepended to PATH inside the root (the wheels' programs). */
  path: string[];
}

export interface EnsureBuildRootOptions {
  workspaceRoot: string;
  log: (line: string) => void;
  /** How to enter namespaces; namespaceMode() by default. */
  access?: NamespaceAccess;
}

function readMarker(dir: string): { path: string[] } | undefined {
  const file = join(dir, MARKER);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as { path: string[] };
}

/** The root for `spec`, made first when it is not cached yet. */
export async function ensureBuildRoot(spec: BuildRootSpec, options: EnsureBuildRootOptions): Promise<BuildRoot> {
  const tool = mmdebstrapVersion();
  if (tool === undefined) {
    throw new BuildRootError(`build root ${spec.name} (Debian ${spec.suite}) is made with mmdebstrap, which is not installed: ${MMDEBSTRAP_INSTALL}`);
  }
  const dir = buildRootDir(spec, tool);
  const existing = readMarker(dir);
  if (existing) return { spec, dir, created: false, path: existing.path };
  const access = options.access ?? namespaceMode();
  if (access.mode === 'none') throw new BuildRootError(`cannot make build root ${spec.name}: ${access.reason}`);
  let ids: { uid: number; gid: number } | undefined;
  if (access.mode === 'user') {
    const { username, uid } = userInfo();
    const found = subordinateIds({ name: username, uid });
    if ('missing' in found) throw new BuildRootError(`cannot make build root ${spec.name} without root: ${found.missing}`);
    ids = found;
  }
  const pins = loadWheelPins(options.workspaceRoot);
  const wheels = spec.wheels.map((w) => findWheelPin(pins, w));
  const temp = `${dir}.tmp-${process.pid}`;
  if (ids) await $({ verbose: false, nothrow: true })`${subordinateNamespace(ids)} rm -rf ${temp}`;
  await rm(temp, { recursive: true, force: true });
  await mkdir(join(dir, '..'), { recursive: true });
  options.log(`build root ${spec.name}: creating Debian ${spec.suite} with ${spec.packages.join(', ')} in ${dir} (a few minutes, once)`);
  const started = Date.now();
  try {
    // apt's progress lines go to the terminal: the first creation takes minutes.
    await $({ stdio: ['ignore', 'inherit', 'inherit'], verbose: false })`mmdebstrap ${[
      '--variant=minbase',
      `--mode=${access.mode === 'root' ? 'root' : 'unshare'}`,
      `--include=${spec.packages.join(',')}`,
      '--aptopt=Acquire::Retries "3"',
      '--dpkgopt=path-exclude=/usr/share/man/*',
      '--dpkgopt=path-exclude=/usr/share/doc/*',
      spec.suite,
      temp,
      spec.mirror,
    ]}`;
    if (ids) {
      // In unshare mode the root's root is the first subordinate id, which
      // this user cannot write as on the host: the wheels and the marker
      // below could not be put in, and a later \`unshare --map-root-user\`
      // (this user as root) could not make the bind mount points. Giving the
      // root's root-owned files to this user fixes both; the few files of
      // the root's other users (_apt's partial dirs) stay as they are.
      await $({ verbose: false })`${subordinateNamespace(ids)} sh -c ${'find "$0" -xdev -uid 1 -exec chown -h 0 {} + && find "$0" -xdev -gid 1 -exec chgrp -h 0 {} +'} ${temp}`;
    }
    const path: string[] = [];
    for (const pin of wheels) {
      const wheel = await ensureWheel(pin, options.log);
      options.log(`build root ${spec.name}: installing ${pin.name} ${pin.version} from its wheel into ${WHEEL_PREFIX}/${pin.name}`);
      // A wheel's programs live under <name>/data/ (bin/, share/).
      await extractZipTree(wheel, `${pin.name}/data/`, join(temp, WHEEL_PREFIX, pin.name));
      path.push(`${WHEEL_PREFIX}/${pin.name}/bin`);
    }
    await writeFile(join(temp, MARKER), `${JSON.stringify({ ...spec, mmdebstrap: tool, key: buildRootKey(spec, tool), path }, null, 2)}\n`);
    await rename(temp, dir);
    options.log(`build root ${spec.name}: ready in ${Math.round((Date.now() - started) / 1000)} s`);
    return { spec, dir, created: true, path };
  } catch (error) {
    // Files owned by subordinate ids can only be removed from a namespace that maps them.
    if (ids) await $({ verbose: false, nothrow: true })`${subordinateNamespace(ids)} rm -rf ${temp}`;
    await rm(temp, { recursive: true, force: true });
    // A concurrent build may have made the same root first.
    const raced = readMarker(dir);
    if (raced) return { spec, dir, created: false, path: raced.path };
    throw new BuildRootError(`creating build root ${spec.name} (Debian ${spec.suite} from ${spec.mirror}) failed: ${(error as Error).message}`, { cause: error });
  }
}

export interface InRootOptions {
  /** Host directories mounted at the same path inside the root (the workspace, SDKs). */
  binds: string[];
  /** Environment inside the root (PATH is set from the root). */
  env?: Record<string, string>;
  cwd?: string;
  /** How to enter namespaces; namespaceMode() by default. */
  access?: NamespaceAccess;
}

const BASE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The argv that runs `argv` inside `root`: a private mount namespace with
 * /proc, /dev and every bind at its own path, then chroot with a clean
 * environment. The mounts disappear with the namespace.
 */
export function inRootCommand(root: BuildRoot, argv: readonly string[], options: InRootOptions): string[] {
  const access = options.access ?? namespaceMode();
  if (access.mode === 'none') throw new BuildRootError(`cannot build in root ${root.spec.name}: ${access.reason}`);
  const mounts = ['/proc', '/dev', ...options.binds];
  // $1 is the root, then pairs of mount points up to "--", then the command.
  const script = [
    'set -e',
    'root=$1; shift',
    'while [ "$1" != -- ]; do mkdir -p "$root$1"; mount --rbind "$1" "$root$1"; shift; done; shift',
    'exec chroot "$root" "$@"',
  ].join('\n');
  const env = { ...options.env, PATH: [...root.path, BASE_PATH].join(':'), HOME: '/root', LANG: 'C.UTF-8' };
  const inner = ['env', '-i', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), ...(options.cwd ? ['sh', '-c', 'cd "$0" && exec "$@"', options.cwd] : []), ...argv];
  return [...access.unshare, 'sh', '-c', script, 'in-root', root.dir, ...mounts, '--', ...inner];
}

/** Runs `argv` inside the root, output to this terminal; fails with the command's exit status. */
export async function runInRoot(root: BuildRoot, argv: readonly string[], options: InRootOptions): Promise<void> {
  const command = inRootCommand(root, argv, options);
  await $({ stdio: ['ignore', 'inherit', 'inherit'], verbose: false })`${command}`;
}

/** Output of `argv` run inside the root (small probes: compiler versions). */
export function captureInRoot(root: BuildRoot, argv: readonly string[], options: InRootOptions): string {
  const [program, ...args] = inRootCommand(root, argv, options);
  return execFileSync(program!, args, { encoding: 'utf8' });
}
