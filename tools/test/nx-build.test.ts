import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { addPluginCopy, copyWorkspace } from './workspace-copy.ts';

let ws: string;

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, {
    cwd: ws,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true', GITHUB_ACTIONS: '', FORCE_COLOR: '0', NO_COLOR: '1', SOURCE_DATE_EPOCH: '1700000000' },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function nxBuild() {
  return run('npx', ['nx', 'run-many', '-t', 'build', '--projects=tag:type:plugin', '--outputStyle=stream']);
}

beforeAll(() => {
  ws = copyWorkspace(['plugin-api', 'process', 'common']);
  addPluginCopy(ws, 'second', {
    name: 'second_plugin',
    library: 'libwasmedgePluginSecond.so',
    version: '1.2.3',
    description: 'A second plug-in, to see that builds are per package.',
    targets: ['host'],
    backends: [
      { name: 'present', requires: [{ kind: 'command', name: 'sh', install: 'apt-get install dash' }] },
      { name: 'absent', requires: [{ kind: 'cmake-package', name: 'NoSuchSdk', install: 'apt-get install libnosuchsdk-dev' }] },
    ],
  });
});

describe('nx run-many -t build', () => {
  it('builds every plug-in, then serves an unchanged rebuild entirely from the Nx cache', () => {
    const first = nxBuild();
    expect(first.status, first.output).toBe(0);
    expect(first.output).toMatch(/-- Configuring done/);
    const lib = join(ws, 'dist/plugins/host/process/wasmedge_process/libwasmedgePluginWasmEdgeProcess.so');
    expect(existsSync(lib)).toBe(true);

    rmSync(join(ws, 'dist'), { recursive: true });
    const second = nxBuild();
    expect(second.status, second.output).toBe(0);
    expect(second.output).toMatch(/Nx read the output from the cache instead of running the command for 2 out of 2 tasks/);
    // Nx replays the cached log, so look for its cache markers, not for CMake's absence.
    expect(second.output).toMatch(/nx run process:build\s+\[local cache\]/);
    expect(second.output).toMatch(/nx run second:build\s+\[local cache\]/);
    expect(existsSync(lib)).toBe(true); // restored from the cache
  }, 300_000);

  it('rebuilds only the plug-in whose sources changed', () => {
    appendFileSync(join(ws, 'packages/second/src/process_plugin.c'), '\n/* changed */\n');
    const result = nxBuild();
    expect(result.status, result.output).toBe(0);
    expect(result.output).toMatch(/nx run process:build\s+\[local cache\]/);
    expect(result.output).not.toMatch(/nx run second:build\s+\[local cache\]/);
    expect(result.output).toMatch(/Nx read the output from the cache instead of running the command for 1 out of 2 tasks/);
  });

  it('lists a backend whose SDK is missing as skipped, with the reason, and still succeeds', () => {
    const summary = JSON.parse(readFileSync(join(ws, 'dist/plugins/host/second/build-summary.json'), 'utf8'));
    expect(summary.built.map((b: { id: string }) => b.id)).toEqual(['second_plugin-present']);
    expect(summary.skipped).toEqual([
      {
        id: 'second_plugin-absent',
        plugin: 'second_plugin',
        backend: 'absent',
        reason: 'the absent backend of second_plugin needs the CMake package NoSuchSdk (or CMAKE_PREFIX_PATH pointing at it): apt-get install libnosuchsdk-dev',
      },
    ]);
  });

  it('fails when that backend is asked for explicitly, naming what to install', () => {
    const result = run('npx', ['tsx', 'tools/src/cli/build.ts', '--plugin', 'second_plugin', '--backend', 'absent']);
    expect(result.status).toBe(1);
    expect(result.output).toContain(
      'error: cannot build second_plugin-absent for host:\n  the absent backend of second_plugin needs the CMake package NoSuchSdk (or CMAKE_PREFIX_PATH pointing at it): apt-get install libnosuchsdk-dev',
    );
  });
});

describe('nx -t package after a source edit', () => {
  const partsDir = () => join(ws, 'dist/release/parts/host/process');
  const tarballSha = () => {
    const fragment = readdirSync(partsDir()).find((f) => f.endsWith('.tar.gz.json'))!;
    return (JSON.parse(readFileSync(join(partsDir(), fragment), 'utf8')) as { sha256: string }).sha256;
  };
  // A change that reaches the library's bytes (a comment would not).
  const edit = (n: number) => appendFileSync(join(ws, 'packages/process/src/process_plugin.c'), `\n__attribute__((used)) static const char edit_marker_${n}[] = "edit ${n}";\n`);

  it('packages and audits the rebuilt library with run-many, never serving the old tarball from the cache', () => {
    const first = run('npx', ['nx', 'run-many', '-t', 'package', '--projects=process', '--outputStyle=stream']);
    expect(first.status, first.output).toBe(0);
    const before = tarballSha();
    edit(1);
    const second = run('npx', ['nx', 'run-many', '-t', 'package', '--projects=process', '--outputStyle=stream']);
    expect(second.status, second.output).toBe(0);
    expect(second.output).not.toMatch(/nx run process:package\s+\[local cache\]/);
    expect(second.output).toMatch(/audit {4}wasmedge_process \(host\): pass/);
    expect(tarballSha()).not.toBe(before);
  }, 300_000);

  it('does the same through nx affected', () => {
    for (const args of [['init', '-q'], ['add', '-A'], ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'base']]) {
      expect(run('git', args).status).toBe(0);
    }
    const before = tarballSha();
    edit(2);
    const result = run('npx', ['nx', 'affected', '-t', 'package', '--base=HEAD', '--outputStyle=stream']);
    expect(result.status, result.output).toBe(0);
    expect(result.output).toMatch(/nx run process:build/);
    expect(result.output).toMatch(/audit {4}wasmedge_process \(host\): pass/);
    expect(tarballSha()).not.toBe(before);
  }, 300_000);
});

describe('nx run-many under the default output style', () => {
  const skipReason = 'second_plugin-absent: the absent backend of second_plugin needs the CMake package NoSuchSdk';

  it('shows each task as it runs (the root .env streams it): built and skipped cells, audit verdicts and tarball paths', () => {
    appendFileSync(join(ws, 'packages/second/src/process_plugin.c'), '\n/* changed again */\n');
    const build = run('npx', ['nx', 'run-many', '-t', 'build', '--projects=tag:type:plugin']);
    expect(build.status, build.output).toBe(0);
    // (A task served from the cache is still collapsed to one line; the closing block covers it.)
    // The build's own lines, streamed with their project's prefix, then the run's closing block.
    expect(build.output).toMatch(/second: +-- Configuring done/);
    expect(build.output).toContain(`second:   skipped  ${skipReason}`);
    expect(build.output).toContain(`Plug-in cells (build summaries, audit verdicts, tarballs):`);
    expect(build.output).toContain(`  skipped  ${skipReason.replace(':', ' (host):')}`);

    const pack = run('npx', ['nx', 'run-many', '-t', 'package', '--projects=tag:type:plugin']);
    expect(pack.status, pack.output).toBe(0);
    expect(pack.output).toMatch(/second: audit {4}second_plugin-present \(host\): pass/);
    expect(pack.output).toMatch(/second: packaged dist\/release\/parts\/host\/second\/WasmEdge-plugin-second_plugin-present-1\.2\.3-[\w.]+\.tar\.gz \(\d+ bytes, sha256 [0-9a-f]{64}\)/);
    expect(pack.output).toMatch(/ {2}packaged second_plugin-present \(host\) audit pass -> dist\/release\/parts\/host\/second\/WasmEdge-plugin-second_plugin-present-1\.2\.3-[\w.]+\.tar\.gz/);
  }, 300_000);
});
