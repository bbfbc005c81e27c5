import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tar from 'tar';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareDottedVersions, getTarget, readElf } from '@wasmedge-plugins/common';
import { auditLibrary } from '../src/audit/audit-library.ts';
import { buildSummaryPath, type BuildSummary } from '../src/orchestration/build-cells.ts';
import { workspaceRoot } from '../src/cli/cli-support.ts';
import { loadDependencies } from '../src/deps/dependency.ts';
import { copyWorkspace } from './workspace-copy.ts';

// Builds for manylinux2014_aarch64 in scratch workspaces (the aarch64 test
// suites themselves run under qemu: `nx run <package>:test -c
// manylinux2014_aarch64`). The static OpenSSL is shared with the real
// workspace's build/deps/, so it is built at most once per machine.
const TARGET = 'manylinux2014_aarch64';
let ws: string;

function run(cwd: string, args: string[]) {
  const result = spawnSync('npx', ['tsx', ...args], { cwd, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000', GITHUB_ACTIONS: '' } });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function buildAndPackage(cwd: string, pkg: string) {
  for (const cli of ['tools/src/cli/build.ts', 'tools/src/cli/package.ts']) {
    const step = run(cwd, [cli, '--package', pkg, '--target', TARGET]);
    expect(step.status, step.output).toBe(0);
  }
}

const openssl = loadDependencies(workspaceRoot()).get('openssl')!;

const versionOf = (plugin: string) =>
  (JSON.parse(readFileSync(join(workspaceRoot(), 'release-manifest.json'), 'utf8')) as { plugins: { name: string; version: string }[] }).plugins.find((p) => p.name === plugin)!.version;

function fragment(cwd: string, pkg: string, plugin: string) {
  const file = join(cwd, `dist/release/parts/${TARGET}/${pkg}/WasmEdge-plugin-${plugin}-${versionOf(plugin)}-${TARGET}.tar.gz.json`);
  return JSON.parse(readFileSync(file, 'utf8'));
}

beforeAll(() => {
  ws = copyWorkspace(['plugin-api', 'common', 'process', 'httpsreq', 'wasi-crypto'], { shareDependencyBuilds: true });
});

describe('cross-target builds with zig', () => {
  it('build wasmedge_process for manylinux2014_aarch64, audited and packaged with a glibc 2.17 floor', () => {
    buildAndPackage(ws, 'process');
    const lib = join(ws, 'dist/plugins/manylinux2014_aarch64/process/wasmedge_process/libwasmedgePluginWasmEdgeProcess.so');
    expect(readElf(readFileSync(lib), lib).machine).toBe(183); // EM_AARCH64
    const asset = fragment(ws, 'process', 'wasmedge_process');
    expect(asset).toMatchObject({ platform: TARGET, arch: 'aarch64', audit: { verdict: 'pass', target: TARGET } });
    expect(compareDottedVersions(asset.glibcFloor, '2.17')).toBeLessThanOrEqual(0);
  });

  it('build httpsreq and wasi_crypto on OpenSSL from the pinned source, linked in, and say so in the index', () => {
    for (const [pkg, plugin, links] of [
      ['httpsreq', 'wasmedge_httpsreq', ['libssl', 'libcrypto']],
      ['wasi-crypto', 'wasi_crypto', ['libcrypto']],
    ] as const) {
      buildAndPackage(ws, pkg);
      const asset = fragment(ws, pkg, plugin);
      expect(asset.needed).toEqual(['libc.so.6', 'libpthread.so.0']);
      expect(asset.linkage).toEqual(Object.fromEntries(links.map((l) => [l, 'static'])));
      // Read from the library's own version text, not copied from the build.
      expect(asset.bundled).toEqual([{ name: 'openssl', version: openssl.version }]);
      // What is linked in ships with its license, beside the plug-in's own.
      const packed: string[] = [];
      tar.t({ file: join(ws, `dist/release/parts/${TARGET}/${pkg}/${asset.file}`), sync: true, onReadEntry: (e) => packed.push(e.path) });
      expect(packed.sort()).toEqual(['LICENSE', 'LICENSE-openssl.txt', asset.library].sort());
      expect(asset).toMatchObject({ arch: 'aarch64', audit: { verdict: 'pass', target: TARGET } });
      expect(compareDottedVersions(asset.glibcFloor, '2.17')).toBeLessThanOrEqual(0);
    }
  }, 900_000);

  it('gives byte-identical tarballs in another checkout (no build path baked into the plug-in or its OpenSSL)', () => {
    const other = copyWorkspace(['plugin-api', 'common', 'httpsreq'], { shareDependencyBuilds: true });
    buildAndPackage(other, 'httpsreq');
    expect(fragment(other, 'httpsreq', 'wasmedge_httpsreq').sha256).toBe(fragment(ws, 'httpsreq', 'wasmedge_httpsreq').sha256);
    // Both share one OpenSSL build, so check its paths directly as well.
    const lib = readFileSync(join(other, `dist/plugins/${TARGET}/httpsreq/wasmedge_httpsreq/libwasmedgePluginHttpsReq.so`));
    for (const path of [workspaceRoot(), other, 'build/deps/openssl', 'toolchains/']) {
      expect(lib.includes(Buffer.from(path)), `${path} appears in the library`).toBe(false);
    }
  }, 600_000);

  it('refuses the built library once its OpenSSL version text says another version (bytes patched)', () => {
    const summary = JSON.parse(readFileSync(join(ws, buildSummaryPath(TARGET, 'httpsreq')), 'utf8')) as BuildSummary;
    const cell = summary.built[0]!;
    expect(cell.linked).toEqual([{ name: 'openssl', version: openssl.version, identity: openssl.identity, linkage: 'static' }]);
    const file = join(ws, cell.layout.library);
    const bytes = readFileSync(file);
    const at = bytes.indexOf(`\0${openssl.identity.text}\0`);
    expect(at, 'the version text is in the built library').toBeGreaterThan(0);
    // Same length, another version: what a stale or swapped OpenSSL build would leave.
    const other = openssl.identity.text.replace(openssl.version, openssl.version.replace(/\d$/, (d) => String((Number(d) + 1) % 10)));
    const patched = Buffer.from(bytes);
    patched.write(other, at + 1, 'latin1');
    const report = auditLibrary({ file, elf: readElf(patched, file), target: getTarget(TARGET), expects: cell.expects, linked: cell.linked, bytes: patched });
    expect(report.verdict).toBe('fail');
    expect(report.findings.map((f) => f.message)).toEqual([
      `${file}: openssl ${openssl.version} is linked in, but its version text "${openssl.identity.text}" is not in the library's read-only data (found "${other}"; is ${openssl.identity.symbol} kept by WASMEDGE_PLUGIN_KEEP_SYMBOLS?)`,
      `${file}: contains another version of openssl ("${other}") beside the pinned ${openssl.version}`,
    ]);
  });
});
