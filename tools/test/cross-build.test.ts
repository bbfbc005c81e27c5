import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareDottedVersions, readElf } from '@wasmedge-plugins/common';
import { findZig } from '../src/build/zig-toolchain.ts';
import { workspaceRoot } from '../src/cli/cli-support.ts';
import { copyWorkspace } from './workspace-copy.ts';

let ws: string;

function run(args: string[]) {
  const result = spawnSync('npx', ['tsx', ...args], { cwd: ws, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000', GITHUB_ACTIONS: '' } });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

beforeAll(() => {
  ws = copyWorkspace(['plugin-api', 'common', 'process', 'httpsreq']);
});

describe('cross-target builds with zig', () => {
  it('build wasmedge_process for manylinux2014_aarch64, audited and packaged with a glibc 2.17 floor', () => {
    for (const pkg of ['process', 'httpsreq']) {
      const build = run(['tools/src/cli/build.ts', '--package', pkg, '--target', 'manylinux2014_aarch64']);
      expect(build.status, build.output).toBe(0);
    }
    const lib = join(ws, 'dist/plugins/manylinux2014_aarch64/process/wasmedge_process/libwasmedgePluginWasmEdgeProcess.so');
    const elf = readElf(readFileSync(lib), lib);
    expect(elf.machine).toBe(183); // EM_AARCH64

    const pack = run(['tools/src/cli/package.ts', '--package', 'process', '--target', 'manylinux2014_aarch64']);
    expect(pack.status, pack.output).toBe(0);
    const fragment = JSON.parse(
      readFileSync(join(ws, 'dist/release/parts/manylinux2014_aarch64/process/WasmEdge-plugin-wasmedge_process-0.17.1-manylinux2014_aarch64.tar.gz.json'), 'utf8'),
    );
    expect(fragment).toMatchObject({ platform: 'manylinux2014_aarch64', arch: 'aarch64', audit: { verdict: 'pass', target: 'manylinux2014_aarch64' } });
    expect(compareDottedVersions(fragment.glibcFloor, '2.17')).toBeLessThanOrEqual(0);
  });

  it('skips a plug-in that links OpenSSL for a release target, saying why', () => {
    const summary = JSON.parse(readFileSync(join(ws, 'dist/plugins/manylinux2014_aarch64/httpsreq/build-summary.json'), 'utf8'));
    expect(summary.built).toEqual([]);
    expect(summary.skipped).toEqual([
      expect.objectContaining({
        id: 'wasmedge_httpsreq',
        reason: 'wasmedge_httpsreq links libssl, libcrypto, and no static build of them for manylinux2014_aarch64 is provided yet',
      }),
    ]);
  });

  it('runs the aarch64 plug-in under qemu-user: a command through it, and bad input answered with -1', () => {
    // The driver links the loader's host side of the C API and drives the
    // plug-in as a guest would (packages/plugin-api/test-driver).
    const zig = findZig();
    expect(zig, 'zig is needed: pip install ziglang==0.17.1').toBeDefined();
    const driver = join(mkdtempSync(join(tmpdir(), 'driver-')), 'process_driver');
    const root = workspaceRoot();
    const sources = ['packages/plugin-api/test-driver/process_driver.cpp', 'packages/loader/native/host_api.cpp', 'packages/loader/native/host_instances.cpp'];
    const build = spawnSync(zig!, ['c++', '-target', 'aarch64-linux-gnu.2.17', '-std=c++17', '-O1', `-I${join(root, 'packages/plugin-api/include')}`,
      '-Wl,--export-dynamic', ...sources.map((s) => join(root, s)), '-o', driver, '-ldl'], { encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    const lib = join(ws, 'dist/plugins/manylinux2014_aarch64/process/wasmedge_process/libwasmedgePluginWasmEdgeProcess.so');
    const run = spawnSync('qemu-aarch64', ['-L', '/usr/aarch64-linux-gnu', driver, lib], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ name: 'wasmedge_process', api: 5, exit: 0, stdout: 'hello\n', oob: -1 });
  }, 600_000);
});

