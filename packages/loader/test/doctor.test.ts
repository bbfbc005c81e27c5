import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { mapNodeArch } from '@wasmedge-plugins/common';
import { beforeAll, describe, expect, it } from 'vitest';
import { pluginSearchPath, type PluginSearchPath } from '../src/discovery/index.ts';
import { doctor, type DoctorFinding, type DoctorReport } from '../src/inspect/index.ts';
import type { Platform } from '../src/platform/index.ts';
import { buildFixturePlugin } from '@wasmedge-plugins/test-support/fixtures';
import { buildProbeLibrary, copyWithMachine } from './fixtures/probe-libraries.ts';

const machineArch = mapNodeArch(process.arch);
const foreign = machineArch === 'x86_64' ? { machine: 183, arch: 'aarch64' } : { machine: 62, arch: 'x86_64' };

/** This machine as detectPlatform would see it, with a glibc the tests choose. */
function platformWithGlibc(glibc: string): Platform {
  return {
    os: 'linux',
    arch: machineArch,
    libc: { family: 'glibc', version: glibc },
    distro: { id: 'debian', versionId: '12' },
    platforms: [`manylinux2014_${machineArch}`],
  };
}

function searchPathOf(dirs: string[], installDir = mkdtempSync(join(tmpdir(), 'doctor-install-'))): PluginSearchPath {
  return pluginSearchPath({ env: { WASMEDGE_PLUGIN_PATH: dirs.join(':') }, wasmedgeLibDir: null, installDir });
}

function findingFor(report: DoctorReport, file: string, dir?: string): DoctorFinding {
  const finding = report.findings.find((f) => basename(f.path) === file && (dir === undefined || f.entry.path === dir));
  if (!finding) throw new Error(`no finding for ${file}; found ${report.findings.map((f) => f.path).join(', ')}`);
  return finding;
}

function kinds(finding: DoctorFinding): string[] {
  return finding.problems.map((p) => p.kind);
}

describe('doctor judges each plug-in on the search path', () => {
  let first: string;
  let second: string;
  let report: DoctorReport;

  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'doctor-'));
    first = join(root, 'first');
    second = join(root, 'second');
    mkdirSync(first);
    mkdirSync(second);
    copyFileSync(buildFixturePlugin(), join(first, 'libfixture.so'));
    copyFileSync(buildFixturePlugin(4), join(first, 'libfixture_api4.so'));
    copyWithMachine(join(first, 'libfixture.so'), join(first, 'libforeign.so'), foreign.machine);
    buildProbeLibrary({ dir: first, file: 'libunresolved.so', name: 'unresolved', fault: 'UNDEFINED_SYMBOL' });
    buildProbeLibrary({ dir: first, file: 'libneedsfoo.so', name: 'needsfoo', fault: 'NEEDS_LIBFOO' });
    buildProbeLibrary({ dir: first, file: 'libnewglibc.so', name: 'newglibc', fault: 'NEEDS_GETRANDOM' });
    buildProbeLibrary({ dir: first, file: 'libplain.so', fault: 'NO_DESCRIPTOR' });
    buildProbeLibrary({ dir: first, file: 'libcxx.so', name: 'cxx', fault: 'CXX_INTERFACE' });
    buildProbeLibrary({ dir: first, file: 'libcrash.so', name: 'crash', fault: 'ABORT_IN_DESCRIPTOR' });
    writeFileSync(join(first, 'libtext.so'), 'not a library\n');
    copyFileSync(join(first, 'libfixture.so'), join(second, 'libfixture_copy.so'));
    report = await doctor({ searchPath: searchPathOf([first, second]), platform: platformWithGlibc('2.17'), runtimeVersion: '0.17.1' });
  });

  it('finds nothing wrong with the fixture plug-in', () => {
    const finding = findingFor(report, 'libfixture.so');
    expect(finding).toMatchObject({ status: 'ok', name: 'fixture', problems: [] });
    expect(report.requiredApiVersion).toBe(5);
  });

  it('reports a library for another architecture without opening it', () => {
    const finding = findingFor(report, 'libforeign.so');
    expect(finding.status).toBe('problems');
    expect(finding.problems).toEqual([
      expect.objectContaining({
        kind: 'wrong-architecture',
        found: `it is built for ${foreign.arch} (ELF e_machine ${foreign.machine})`,
        required: `a library for this machine's architecture, ${machineArch}`,
        action: `install the ${machineArch} build of this plug-in`,
      }),
    ]);
    expect(finding.descriptor).toBeNull();
  });

  it('reports a glibc need newer than the machine\'s, naming the symbol', () => {
    const finding = findingFor(report, 'libnewglibc.so');
    expect(kinds(finding)).toEqual(['glibc-too-new']);
    expect(finding.problems[0]!.found).toBe('it needs GLIBC_2.25 (for getrandom), and this machine has glibc 2.17');
    expect(finding.problems[0]!.message).toBe(
      `It needs GLIBC_2.25 (for getrandom), and this machine has glibc 2.17. Required: glibc 2.25 or newer. ` +
        `Install the build for a platform this machine runs (manylinux2014_${machineArch}).`,
    );
  });

  it('reports a missing shared library with the dynamic linker\'s words', () => {
    const finding = findingFor(report, 'libneedsfoo.so');
    expect(kinds(finding)).toEqual(['missing-library']);
    expect(finding.problems[0]!.found).toBe('the library it needs, libfoo.so, is not found by the dynamic linker');
    expect(finding.problems[0]!.action).toContain('LD_LIBRARY_PATH');
  });

  it('reports an unresolved symbol at load time', () => {
    const finding = findingFor(report, 'libunresolved.so');
    expect(kinds(finding)).toEqual(['unresolved-symbol']);
    expect(finding.problems[0]!.found).toContain('it uses probe_missing_function, which no library loaded with it defines');
  });

  it('reports an API version the runtime will not accept', () => {
    const finding = findingFor(report, 'libfixture_api4.so');
    expect(finding.problems).toEqual([
      expect.objectContaining({
        kind: 'api-version',
        found: 'plug-in fixture has plug-in API version 4 (made for WasmEdge >=0.14.1 <0.17.0)',
        required: 'exactly API version 5 for WasmEdge 0.17.1',
        action: 'install the build of fixture made for WasmEdge 0.17.1',
      }),
    ]);
  });

  it('reports the later of two plug-ins with one name as shadowed by the first', () => {
    const finding = findingFor(report, 'libfixture_copy.so');
    expect(kinds(finding)).toEqual(['duplicate']);
    expect(finding.problems[0]!.found).toBe(
      `plug-in name fixture is also used by ${join(first, 'libfixture.so')}, which comes first on the search path (through ${first}), so this one is ignored`,
    );
  });

  it('reports a library that exports no descriptor, and a file that is not ELF, as not plug-ins', () => {
    expect(kinds(findingFor(report, 'libplain.so'))).toEqual(['not-a-plugin']);
    const text = findingFor(report, 'libtext.so');
    expect(kinds(text)).toEqual(['not-a-plugin']);
    expect(text.problems[0]!.found).toContain('not an ELF file');
  });

  it('says a C++ plug-in cannot be checked rather than calling it broken', () => {
    const finding = findingFor(report, 'libcxx.so');
    expect(finding.status).toBe('cannot-check');
    expect(finding.problems).toEqual([]);
    expect(finding.unchecked[0]).toContain('cannot check, C++ interface');
  });

  it('reports a plug-in that crashes while opening, and keeps running', () => {
    const finding = findingFor(report, 'libcrash.so');
    expect(kinds(finding)).toEqual(['crashed']);
    expect(finding.problems[0]!.found).toContain('was killed by SIGABRT');
    expect(report.findings).toHaveLength(11);
  });
});

describe('doctor judges against the runtime and the search path it is given', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'doctor-runtime-'));
    copyFileSync(buildFixturePlugin(), join(dir, 'libfixture5.so'));
    copyFileSync(buildFixturePlugin(4), join(dir, 'libfixture4.so'));
  });

  it('accepts API version 4 and rejects 5 for WasmEdge 0.16', async () => {
    const report = await doctor({ searchPath: searchPathOf([dir]), platform: platformWithGlibc('2.36'), runtimeVersion: '0.16.2' });
    expect(report.requiredApiVersion).toBe(4);
    expect(findingFor(report, 'libfixture4.so').status).toBe('ok');
    expect(findingFor(report, 'libfixture5.so').problems[0]).toMatchObject({ kind: 'api-version', required: 'exactly API version 4 for WasmEdge 0.16.2' });
  });

  it('lets a plug-in take a name the first holder lost by being rejected', async () => {
    // For 0.17 the API 4 build (listed first) is rejected, so the API 5 one is not a duplicate.
    const report = await doctor({ searchPath: searchPathOf([dir]), platform: platformWithGlibc('2.36') });
    expect(findingFor(report, 'libfixture4.so').problems).toEqual([
      expect.objectContaining({ kind: 'api-version', required: 'exactly API version 5 for WasmEdge 0.17.x' }),
    ]);
    expect(findingFor(report, 'libfixture5.so').status).toBe('ok');
    expect(report.notes).toEqual([expect.stringContaining('no WasmEdge version was given, so plug-ins were judged for WasmEdge 0.17.x')]);
  });

  it('notes a runtime whose API version it does not know, and checks the rest', async () => {
    const report = await doctor({ searchPath: searchPathOf([dir]), platform: platformWithGlibc('2.36'), runtimeVersion: '0.9.0' });
    expect(report.requiredApiVersion).toBeNull();
    expect(report.notes).toEqual(['the plug-in API version of WasmEdge 0.9.0 is not known to this tool, so API versions were not checked']);
    // With no API version to reject either build, the second one to come is a duplicate.
    expect(findingFor(report, 'libfixture4.so').status).toBe('ok');
    expect(kinds(findingFor(report, 'libfixture5.so'))).toEqual(['duplicate']);
  });

  it('warns when a plug-in is only in an install dir WasmEdge does not search, with the setting to fix it', async () => {
    const report = await doctor({ searchPath: searchPathOf(['/opt/none'], dir), platform: platformWithGlibc('2.36') });
    const finding = findingFor(report, 'libfixture5.so');
    expect(finding.status).toBe('warnings');
    expect(finding.problems[0]).toMatchObject({ kind: 'not-searched-by-wasmedge', severity: 'warning', action: `export WASMEDGE_PLUGIN_PATH=/opt/none:${dir}` });
  });

  it('warns, without failing, when the same file is reached twice', async () => {
    const other = mkdtempSync(join(tmpdir(), 'doctor-link-'));
    symlinkSync(join(dir, 'libfixture5.so'), join(other, 'libsame.so'));
    const report = await doctor({ searchPath: searchPathOf([join(dir, 'libfixture5.so'), other]), platform: platformWithGlibc('2.36') });
    expect(findingFor(report, 'libsame.so').problems).toEqual([expect.objectContaining({ kind: 'duplicate', severity: 'warning' })]);
  });

  it('rejects a plug-in named like the runtime\'s built-in wasi_logging', async () => {
    const builtin = buildProbeLibrary({ name: 'wasi_logging' });
    const report = await doctor({ searchPath: searchPathOf([builtin]), platform: platformWithGlibc('2.36') });
    expect(report.findings[0]!.problems[0]!.found).toContain('plug-in name wasi_logging is already taken by the plug-in built into the runtime');
  });

  it('without the native host, still finds a missing library and says what it could not check', async () => {
    const lib = buildProbeLibrary({ name: 'needsfoo', fault: 'NEEDS_LIBFOO' });
    const report = await doctor({ searchPath: searchPathOf([lib, dir]), platform: platformWithGlibc('2.36'), addonPath: '/nonexistent/host.node' });
    expect(kinds(report.findings[0]!)).toEqual(['missing-library']);
    expect(report.findings[1]).toMatchObject({ status: 'cannot-check', unchecked: [expect.stringContaining('the native plug-in host is not built')] });
  });
});

describe("doctor checks a backend's separately installed runtime (index backendRuntime, linkage dlopen)", () => {
  const runtime = { package: 'ai-edge-litert', version: '2.3.0', libraries: ['libLiteRt.so'], cxxAbi: null, glibcFloor: '2.34', linkage: 'dlopen' as const };
  let pluginDir: string;

  /** A plug-in directory as the installer leaves it: the library in its own directory, and the record beside. */
  beforeAll(() => {
    pluginDir = mkdtempSync(join(tmpdir(), 'doctor-backend-runtime-'));
    mkdirSync(join(pluginDir, 'fixture'));
    copyFileSync(buildFixturePlugin(), join(pluginDir, 'fixture', 'libfixture.so'));
    const record = {
      plugin: 'fixture', backend: 'tensorflowlite', version: '0.17.1', platform: 'manylinux2014_x86_64', asset: 'fixture.tar.gz',
      assetSha256: '0'.repeat(64), source: 'https://example.invalid/index.json', range: '*', library: 'libfixture.so',
      backendRuntime: runtime, dir: 'fixture', files: [{ path: 'fixture/libfixture.so', sha256: '0'.repeat(64) }], installedAt: '2026-12-05T00:00:00.000Z',
    };
    writeFileSync(join(pluginDir, '.wasmedge-plugins.json'), JSON.stringify({ schemaVersion: 1, installed: { fixture: record } }));
  });

  const run = (glibc: string, lookup: { libraryPath: string[]; cached?: string }) =>
    doctor({
      searchPath: searchPathOf([pluginDir]),
      platform: platformWithGlibc(glibc),
      runtimeVersion: '0.17.1',
      librarySearch: { libraryPath: lookup.libraryPath, cache: new Map(lookup.cached ? [['libLiteRt.so', lookup.cached]] : []), defaults: [] },
    });

  it('warns when the runtime library is nowhere the plug-in or the dynamic linker looks, naming the pinned package', async () => {
    const finding = findingFor(await run('2.36', { libraryPath: [] }), 'libfixture.so');
    expect(finding.status).toBe('warnings');
    expect(kinds(finding)).toEqual(['backend-runtime-missing']);
    expect(finding.problems[0]!.severity).toBe('warning');
    expect(finding.problems[0]!.required).toBe('ai-edge-litert 2.3.0 (C ABI): libLiteRt.so');
    expect(finding.problems[0]!.action).toContain('pip install ai-edge-litert==2.3.0');
    expect(finding.problems[0]!.found).toContain('finds no libLiteRt.so');
  });

  it('finds it on LD_LIBRARY_PATH, beside the plug-in or in the linker cache, and then only judges its glibc floor', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doctor-runtime-lib-'));
    writeFileSync(join(dir, 'libLiteRt.so'), '');
    expect(kinds(findingFor(await run('2.36', { libraryPath: ['/nowhere', dir] }), 'libfixture.so'))).toEqual([]);
    expect(kinds(findingFor(await run('2.36', { libraryPath: [], cached: join(dir, 'libLiteRt.so') }), 'libfixture.so'))).toEqual([]);
    writeFileSync(join(pluginDir, 'fixture', 'libLiteRt.so'), '');
    expect(kinds(findingFor(await run('2.36', { libraryPath: [] }), 'libfixture.so'))).toEqual([]);
    rmSync(join(pluginDir, 'fixture', 'libLiteRt.so'));
    const old = findingFor(await run('2.31', { libraryPath: [dir] }), 'libfixture.so');
    expect(kinds(old)).toEqual(['backend-runtime-glibc']);
    expect(old.problems[0]!.found).toContain('needs glibc 2.34, and this machine has 2.31');
  });
});
