/**
 * Build roots (tools/src/build-roots): the manifest's bullseye root is made
 * once and reused by later builds, its key follows what shapes it, and
 * commands run inside it see bullseye's glibc with the workspace at its own
 * path. The first run on a machine makes the root (about 4 minutes).
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { readHostFacts } from '@wasmedge-plugins/common';
import { buildCells } from '../src/orchestration/build-cells.ts';
import type { BuildLog } from '../src/orchestration/build-log.ts';
import { currentProbeEnv } from '../src/orchestration/requirements.ts';
import {
  BuildRootError,
  buildRootDir,
  buildRootKey,
  captureInRoot,
  ensureBuildRoot,
  inRootCommand,
  mmdebstrapVersion,
  namespaceMode,
  subordinateIds,
  USERNS_PROBE,
  type BuildRootSpec,
} from '../src/build-roots/build-root.ts';
import { workspaceRoot } from '../src/cli/cli-support.ts';
import { loadManifest } from '../src/manifest/load-manifest.ts';
import { copyWorkspace } from './workspace-copy.ts';

const ROOT = workspaceRoot();
const manifest = await loadManifest(join(ROOT, 'release-manifest.json'));
const { cCompiler: _c, cxxCompiler: _cxx, ...declared } = manifest.buildRoots!.bullseye!;
const SPEC: BuildRootSpec = { name: 'bullseye', ...declared };
const CREATE_MS = 900_000;

function recordingLog(lines: string[]): BuildLog {
  return { group: (_name, work) => work(), info: (line) => lines.push(line), warn: (line) => lines.push(`warning: ${line}`) };
}

describe('the build root key', () => {
  const tool = '1.3.5';
  it('changes with the package list, the suite, the mirror, the wheels and mmdebstrap, not with the order of packages', () => {
    const key = buildRootKey(SPEC, tool);
    expect(key).toMatch(/^[0-9a-f]{16}$/);
    expect(buildRootKey({ ...SPEC, packages: [...SPEC.packages].reverse() }, tool)).toBe(key);
    expect(buildRootKey({ ...SPEC, packages: [...SPEC.packages, 'make'] }, tool)).not.toBe(key);
    expect(buildRootKey({ ...SPEC, packages: SPEC.packages.slice(1) }, tool)).not.toBe(key);
    expect(buildRootKey({ ...SPEC, suite: 'bookworm' }, tool)).not.toBe(key);
    expect(buildRootKey({ ...SPEC, mirror: 'http://mirror.example/debian' }, tool)).not.toBe(key);
    expect(buildRootKey({ ...SPEC, wheels: [] }, tool)).not.toBe(key);
    expect(buildRootKey(SPEC, '1.4.0')).not.toBe(key);
    expect(buildRootDir({ ...SPEC, packages: [...SPEC.packages, 'make'] }, tool)).not.toBe(buildRootDir(SPEC, tool));
  });
});

describe.runIf(mmdebstrapVersion() !== undefined)('the bullseye build root', () => {
  it('is made once, then reused: a second request does not recreate it', { timeout: CREATE_MS }, async () => {
    const lines: string[] = [];
    const first = await ensureBuildRoot(SPEC, { workspaceRoot: ROOT, log: (l) => lines.push(l) });
    const marker = statSync(join(first.dir, '.wasmedge-plugins-root.json'));
    const second = await ensureBuildRoot(SPEC, { workspaceRoot: ROOT, log: (l) => lines.push(`again: ${l}`) });
    expect(second.created).toBe(false);
    expect(second.dir).toBe(first.dir);
    expect(lines.filter((l) => l.startsWith('again:'))).toEqual([]);
    const after = statSync(join(second.dir, '.wasmedge-plugins-root.json'));
    expect([after.ino, after.mtimeMs]).toEqual([marker.ino, marker.mtimeMs]);
  });

  it('runs commands with bullseye glibc 2.31, its compilers, CMake from the wheel, and the workspace at its own path', { timeout: CREATE_MS }, async () => {
    const root = await ensureBuildRoot(SPEC, { workspaceRoot: ROOT, log: () => {} });
    const out = captureInRoot(root, ['sh', '-c', `ldd --version | head -n 1; ${manifest.buildRoots!.bullseye!.cxxCompiler} --version | head -n 1; cmake --version | head -n 1; cat "$0"`, join(ROOT, 'release-manifest.json')], { binds: [ROOT] });
    expect(out).toMatch(/GLIBC 2\.31/);
    expect(out).toMatch(/clang version 16\./);
    expect(out).toMatch(/cmake version 3\.31\.6/);
    expect(out).toContain(await readFile(join(ROOT, 'release-manifest.json'), 'utf8'));
    // The host's own glibc is newer: the command really ran in the root.
    expect(execFileSync('ldd', ['--version'], { encoding: 'utf8' })).not.toMatch(/GLIBC 2\.31\b/);
  });

  it('serves two builds of the wasi_nn pytorch cell: the first may make it, the second reuses it and runs CMake inside it', { timeout: CREATE_MS }, async () => {
    const scratch = copyWorkspace(['wasi-nn', 'plugin-api']);
    const builds: { lines: string[]; commands: string[][] }[] = [];
    for (let i = 0; i < 2; i++) {
      const lines: string[] = [];
      const commands: string[][] = [];
      await buildCells({
        workspaceRoot: scratch,
        manifest,
        target: 'ubuntu20.04_x86_64',
        plugin: 'wasi_nn',
        backend: 'pytorch',
        hostFacts: readHostFacts(),
        probeEnv: currentProbeEnv(),
        log: recordingLog(lines),
        // The cell's CMake run is replaced by what it would run first, inside the root.
        runCell: async (build) => {
          commands.push(build.wrap!(['cmake', '--version']));
          const [program, ...args] = commands[0]!;
          lines.push(execFileSync(program!, args, { encoding: 'utf8' }));
        },
      });
      builds.push({ lines, commands });
    }
    const root = buildRootDir(SPEC, mmdebstrapVersion()!);
    expect(builds[1]!.lines).toContain(`build root bullseye: reusing ${root}`);
    expect(builds[1]!.lines.some((l) => l.includes('creating Debian'))).toBe(false);
    for (const build of builds) {
      expect(build.commands[0]).toContain(root);
      expect(build.commands[0]).toContain(scratch);
      expect(build.lines.join('\n')).toMatch(/cmake version 3\.31\.6/);
    }
  });
});

describe('subordinate ids for making a root without root', () => {
  it('are read from /etc/subuid-style files by name or uid, and their absence names the usermod that adds them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'subids-'));
    const subuid = join(dir, 'subuid');
    const subgid = join(dir, 'subgid');
    writeFileSync(subuid, 'other:100000:65536\nalice:165536:65536\n');
    writeFileSync(subgid, '1234:231072:65536\n');
    expect(subordinateIds({ name: 'alice', uid: 1234 }, { subuid, subgid })).toEqual({ uid: 165536, gid: 231072 });
    const missing = subordinateIds({ name: 'bob', uid: 1300 }, { subuid, subgid });
    expect(missing).toEqual({ missing: expect.stringContaining('usermod --add-subuids 100000-165535 --add-subgids 100000-165535 bob') });
    // A range smaller than the root's 65536 ids does not do.
    writeFileSync(subuid, 'bob:100000:1000\n');
    expect(subordinateIds({ name: 'bob', uid: 1300 }, { subuid, subgid: subuid })).toHaveProperty('missing');
  });
});

// A user namespace whose user.max_user_namespaces is 0: the probe fails in it
// as on a host that disables user namespaces, and the host's setting is
// never touched.
const NO_USERNS_PROBE = ['unshare', '--user', '--map-root-user', 'sh', '-c', 'echo 0 > /proc/sys/user/max_user_namespaces && exec "$@"', 'probe', ...USERNS_PROBE];
const canNest = spawnSync('unshare', ['--user', '--map-root-user', 'true']).status === 0;

describe.runIf(canNest)('a user other than root where user namespaces are disabled', () => {
  const access = namespaceMode({ uid: 1000, probe: NO_USERNS_PROBE });

  it('is told to build as root or to enable user namespaces, naming the sysctl', () => {
    expect(access.mode).toBe('none');
    const reason = (access as { reason: string }).reason;
    expect(reason).toMatch(/`unshare --map-root-user` failed: .*No space left on device/);
    expect(reason).toMatch(/run the build as root, or enable user namespaces \(sysctl user\.max_user_namespaces=/);
  });

  it('gets that error from running a command in a root and, before mmdebstrap runs, from making one', async () => {
    const root = { spec: SPEC, dir: '/nonexistent', created: false, path: [] };
    expect(() => inRootCommand(root, ['true'], { binds: [ROOT], access })).toThrow(BuildRootError);
    expect(() => inRootCommand(root, ['true'], { binds: [ROOT], access })).toThrow(/^cannot build in root bullseye: .*user\.max_user_namespaces/);
    if (mmdebstrapVersion() === undefined) return;
    // A spec no cache holds, so the check is reached.
    const uncached = { ...SPEC, name: 'never-made', packages: [...SPEC.packages, 'make'] };
    await expect(ensureBuildRoot(uncached, { workspaceRoot: ROOT, log: () => {}, access })).rejects.toThrow(/^cannot make build root never-made: .*user\.max_user_namespaces/);
  });
});

/**
 * The first user with subordinate ids (what mmdebstrap's unshare mode needs)
 * that can read this checkout and create user namespaces, or why there is none.
 */
function unprivilegedUser(): { name: string; home: string } | { skip: string } {
  if (process.getuid?.() !== 0) return { skip: 'runs as root, to switch to an unprivileged user' };
  if (spawnSync('runuser', ['--help']).status !== 0) return { skip: 'runuser is not installed' };
  const subuid = spawnSync('cat', ['/etc/subuid'], { encoding: 'utf8' }).stdout ?? '';
  const names = subuid.split('\n').map((l) => l.split(':')[0]!).filter((n) => n && n !== 'root');
  for (const name of names) {
    const entry = spawnSync('getent', ['passwd', name], { encoding: 'utf8' }).stdout.trim().split(':');
    if (entry.length < 6 || entry[2] === '0') continue;
    const as = (argv: string[]) => spawnSync('runuser', ['-u', name, '--', ...argv]).status === 0;
    if (!as(['test', '-r', join(ROOT, 'release-manifest.json')])) continue;
    if (!as(['test', '-w', entry[5]!])) continue;
    if (!as(USERNS_PROBE as string[])) return { skip: `user namespaces are not available to ${name}` };
    return { name, home: entry[5]! };
  }
  return { skip: 'no unprivileged user with /etc/subuid ranges can read this checkout (useradd -m <name> makes one)' };
}

const user = unprivilegedUser();

describe.runIf(mmdebstrapVersion() !== undefined && 'name' in user)(`the bullseye build root as an unprivileged user${'skip' in user ? ` (skipped: ${user.skip})` : ''}`, () => {
  it('is made in that user\'s cache through a user namespace (once), and runs commands with bullseye glibc and the workspace at its own path', { timeout: CREATE_MS }, () => {
    const { name, home } = user as { name: string; home: string };
    // The user's own cache, as when they build: the first run makes their root (minutes), later runs reuse it.
    const env = { PATH: process.env.PATH!, HOME: home, LANG: 'C.UTF-8' };
    const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
    const script = `id -u; ldd --version | head -n 1; ${manifest.buildRoots!.bullseye!.cxxCompiler} --version | head -n 1; cmake --version | head -n 1; cat "$0"; touch /tmp/.probe && rm /tmp/.probe && echo root-writable`;
    const result = spawnSync('runuser', ['-u', name, '--', 'env', '-i', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), tsx, join(ROOT, 'tools', 'test', 'in-root-as-user.ts'), ROOT, 'sh', '-c', script, join(ROOT, 'release-manifest.json')], { encoding: 'utf8', cwd: home });
    expect(result.stderr).toMatch(/root .*\/roots\/bullseye-[0-9a-f]{16} (made|reused) in/);
    expect(result.status, result.stderr).toBe(0);
    // Inside, the user is root of a root they own.
    expect(result.stdout).toMatch(/^0\n/);
    expect(result.stdout).toMatch(/GLIBC 2\.31/);
    expect(result.stdout).toMatch(/clang version 16\./);
    expect(result.stdout).toMatch(/cmake version 3\.31\.6/);
    expect(result.stdout).toContain(readFileSync(join(ROOT, 'release-manifest.json'), 'utf8'));
    expect(result.stdout).toContain('root-writable');
    expect(result.stderr).toContain(join(home, '.cache', 'wasmedge-plugins', 'roots'));
  });
});
