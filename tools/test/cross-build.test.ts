import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareDottedVersions, readElf } from '@wasmedge-plugins/common';
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
});
