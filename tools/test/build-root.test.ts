/**
 * Build roots (tools/src/build-roots): the manifest's bullseye root is made
 * once and reused by later builds, its key follows what shapes it, and
 * commands run inside it see bullseye's glibc with the workspace at its own
 * path. The first run on a machine makes the root (about 4 minutes).
 */
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { readHostFacts } from '@wasmedge-plugins/common';
import { buildCells } from '../src/orchestration/build-cells.ts';
import type { BuildLog } from '../src/orchestration/build-log.ts';
import { currentProbeEnv } from '../src/orchestration/requirements.ts';
import { buildRootDir, buildRootKey, captureInRoot, ensureBuildRoot, mmdebstrapVersion, type BuildRootSpec } from '../src/build-roots/build-root.ts';
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
