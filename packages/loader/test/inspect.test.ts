import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mapNodeArch } from '@wasmedge-plugins/common';
import { beforeAll, describe, expect, it } from 'vitest';
import { LoaderError } from '../src/errors.ts';
import { findApiVersionForRuntime, inspectPlugin, type PluginInspection } from '../src/inspect/index.ts';
import { buildFixturePlugin } from '@wasmedge-plugins/test-support/fixtures';
import { buildProbeLibrary, copyWithMachine } from './fixtures/probe-libraries.ts';

const machineArch = mapNodeArch(process.arch);
let fixturePath: string;
let fixture: PluginInspection;

beforeAll(async () => {
  fixturePath = buildFixturePlugin();
  fixture = await inspectPlugin(fixturePath);
});

describe('inspectPlugin reads the ELF file in TypeScript', () => {
  it('reports machine, class, DT_NEEDED, exports and the plug-in interface of the fixture plug-in', () => {
    expect(fixture.elf).toMatchObject({
      arch: machineArch,
      machineName: machineArch,
      elfClass: 'ELF64',
      fileType: 'shared',
      soname: null,
      needed: ['libc.so.6'],
      exports: ['WasmEdge_Plugin_GetDescriptor'],
      pluginInterface: 'c',
    });
    expect(fixture.elf.hostImports).toBeGreaterThan(10);
    expect(fixture.elf.undefinedSymbols).toBeGreaterThan(0);
  });

  it('names the highest GLIBC version needed with a symbol that needs it, and no C++ runtime', () => {
    const glibc = fixture.elf.highestNeeds.GLIBC;
    expect(glibc?.version).toMatch(/^2\.\d+(\.\d+)?$/);
    expect(glibc?.file).toBe('libc.so.6');
    expect(glibc?.symbol).toEqual(expect.any(String));
    expect(fixture.elf.highestNeeds.GLIBCXX).toBeNull();
    expect(fixture.elf.highestNeeds.CXXABI).toBeNull();
  });

  it('refuses a file that is not ELF, saying what it found', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'inspect-')), 'libtext.so');
    writeFileSync(path, 'just some text\n');
    const error = await inspectPlugin(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoaderError);
    expect(error).toMatchObject({ kind: 'not-a-plugin' });
    expect((error as LoaderError).message).toContain(`${path} is not a shared library this tool can read`);
    expect((error as LoaderError).message).toContain('not an ELF file');
  });

  it('refuses a file that does not exist, naming it', async () => {
    await expect(inspectPlugin('/nonexistent/libnothing.so')).rejects.toMatchObject({
      kind: 'plugin-open',
      message: expect.stringContaining('cannot read /nonexistent/libnothing.so'),
    });
  });
});

describe('inspectPlugin reads the descriptor in a child process', () => {
  it('returns the fixture plug-in\'s descriptor', () => {
    expect(fixture.error).toBeNull();
    expect(fixture.descriptor).toMatchObject({ name: 'fixture', apiVersion: 5, version: '1.2.3.4' });
    expect(fixture.descriptor?.modules.map((m) => m.name)).toEqual(['fixture', 'fixture_other']);
  });

  it('returns a descriptor of another API version rather than refusing it', async () => {
    const old = await inspectPlugin(buildFixturePlugin(4));
    expect(old.descriptor).toMatchObject({ name: 'fixture', apiVersion: 4 });
    expect(findApiVersionForRuntime('0.16.1')).toBe(4);
  });

  it('survives a plug-in whose WasmEdge_Plugin_GetDescriptor calls abort()', async () => {
    const result = await inspectPlugin(buildProbeLibrary({ fault: 'ABORT_IN_DESCRIPTOR' }));
    expect(result.descriptor).toBeNull();
    expect(result.error).toMatchObject({ failure: 'crashed', kind: 'plugin-open', crash: { signal: 'SIGABRT' } });
    expect(result.error?.message).toContain('was killed by SIGABRT before reporting');
    expect(result.error?.hint).toContain('WasmEdge would crash the same way at start-up');
  });

  it('survives a plug-in whose ELF constructor calls abort()', async () => {
    const result = await inspectPlugin(buildProbeLibrary({ fault: 'ABORT_IN_CONSTRUCTOR' }));
    expect(result.error).toMatchObject({ failure: 'crashed', crash: { signal: 'SIGABRT' } });
  });

  it('reports an unresolved symbol when the library opens, not at a later call', async () => {
    const result = await inspectPlugin(buildProbeLibrary({ fault: 'UNDEFINED_SYMBOL' }));
    expect(result.error).toMatchObject({ failure: 'refused', kind: 'plugin-open' });
    expect(result.error?.message).toContain('undefined symbol: probe_missing_function');
  });

  it('does not open a library built for another architecture', async () => {
    const other = machineArch === 'x86_64' ? { machine: 183, arch: 'aarch64' } : { machine: 62, arch: 'x86_64' };
    const path = copyWithMachine(fixturePath, join(mkdtempSync(join(tmpdir(), 'inspect-')), 'libforeign.so'), other.machine);
    const result = await inspectPlugin(path);
    expect(result.elf).toMatchObject({ machine: other.machine, arch: other.arch });
    expect(result.error).toMatchObject({ failure: 'not-opened', kind: 'plugin-open' });
    expect(result.error?.message).toContain(`is built for ${other.arch} (ELF e_machine ${other.machine}) and this machine is ${machineArch}`);
  });

  it('does not open an ordinary library or a C++ plug-in, and says which it is', async () => {
    const plain = await inspectPlugin(buildProbeLibrary({ fault: 'NO_DESCRIPTOR' }));
    expect(plain.elf.pluginInterface).toBe('none');
    expect(plain.error?.message).toContain('does not export WasmEdge_Plugin_GetDescriptor');
    const cxx = await inspectPlugin(buildProbeLibrary({ fault: 'CXX_INTERFACE' }));
    expect(cxx.elf.pluginInterface).toBe('c++');
    expect(cxx.error).toMatchObject({ kind: 'not-a-plugin', failure: 'not-opened' });
    expect(cxx.error?.message).toContain('exports GetDescriptor, the C++ plug-in interface');
  });

  it('reads ELF facts only when asked not to open', async () => {
    const result = await inspectPlugin(buildProbeLibrary({ fault: 'ABORT_IN_CONSTRUCTOR' }), { open: false });
    expect(result).toMatchObject({ descriptor: null, error: null, elf: { pluginInterface: 'c' } });
  });

  it('without the native host, says so and still checks the libraries it needs', async () => {
    const addonPath = '/nonexistent/wasmedge_host.node';
    const good = await inspectPlugin(fixturePath, { addonPath });
    expect(good.error).toMatchObject({ kind: 'native-host-missing', failure: 'host-missing', lazyOpen: { ok: true } });
    expect(good.error?.message).toContain(addonPath);
    const missing = await inspectPlugin(buildProbeLibrary({ fault: 'NEEDS_LIBFOO' }), { addonPath });
    expect(missing.error?.lazyOpen).toMatchObject({ ok: false, message: expect.stringContaining('libfoo.so: cannot open shared object file') });
  });

  it('gives up on a plug-in that takes longer than the timeout', async () => {
    const result = await inspectPlugin(fixturePath, { timeoutMs: 1 });
    expect(result.error).toMatchObject({ failure: 'timed-out', message: expect.stringContaining('did not finish opening within 1 ms') });
  });
});
