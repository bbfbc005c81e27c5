/**
 * The C API as plug-ins see it: every function exported with the runtime's
 * symbol versions, the probe plug-in (test/capi) producing the same output
 * as the real runtime, and upstream's -lwasmedge linkage with and without a
 * real libwasmedge on the library path.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileWat } from '@wasmedge-plugins/test-support';
import { buildAbortingLibwasmedge, buildCapiProbe, capiFunctions, HOST_LIBRARY_DIR } from './capi/build-probe.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const cli = join(packageDir, 'bin', 'wasmedge-plugins.mjs');
const hostLibrary = join(HOST_LIBRARY_DIR, 'wasmedge_host.node');

/** What capi_probe.wat prints (the runtime's answers, one per check). */
const EXPECTED = [
  'mem: 101', 'global: 42', 'bumped: 43', 'global: 43', 'written: 77', 'table: 5', 'funcref: 42', 'bound: 15',
  'call_guest: 21', 'plugins: 214', 'types: 1', 'tables: 1', 'globals: 1', 'store: 1', 'log: 10', 'config: 1', 'novm: 1',
].join('\n') + '\n';

let program: string;
let exits: string;
/** The probe linked against this host's libwasmedge.so (the plug-in path for runs). */
let probeDir: string;

function runInNode(pluginDir: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, ['--no-warnings', cli, 'run', ...args], {
    env: { ...process.env, ...env, WASMEDGE_PLUGIN_PATH: pluginDir },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

beforeAll(async () => {
  const { dir } = buildCapiProbe();
  probeDir = dir;
  program = join(dir, 'capi_probe.wasm');
  writeFileSync(program, await compileWat(readFileSync(join(packageDir, 'test', 'capi', 'capi_probe.wat'), 'utf8')));
  exits = join(dir, 'exits.wasm');
  writeFileSync(exits, await compileWat(readFileSync(join(packageDir, 'test', 'capi', 'exits.wat'), 'utf8')));
});

/** Exit status, trap code and guest output of exits.wat, as the runtime gives them. */
const EXITS: [args: string[], status: number, trap: string | undefined][] = [
  [[], 0, undefined], // Terminate from a host function: the WASI exit code, 0
  [['x'], 3, undefined], // proc_exit(3)
  [['x', 'y'], 134, '0x001'], // call_guest fails with user error 1
];

describe('the exported C API', () => {
  const dynamicSymbols = () =>
    execFileSync('readelf', ['--dyn-syms', '--wide', hostLibrary], { encoding: 'utf8' })
      .split('\n')
      .map((line) => /\sDEFAULT\s+\d+\s+(WasmEdge_\w+)@(@?)(WASMEDGE_[\d.]+)/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ name: m[1]!, isDefault: m[2] === '@', version: m[3]! }));

  it('exports exactly the functions of capi-functions.txt under WASMEDGE_0.16, and the five limit functions also as WASMEDGE_0.17', () => {
    const symbols = dynamicSymbols();
    const listed = capiFunctions();
    const at016 = symbols.filter((s) => s.version === 'WASMEDGE_0.16').map((s) => s.name).sort();
    expect(at016).toEqual(listed.map((f) => f.name).sort());
    const at017 = symbols.filter((s) => s.version === 'WASMEDGE_0.17');
    expect(at017.map((s) => s.name).sort()).toEqual(listed.filter((f) => f.v017).map((f) => f.name).sort());
    expect(at017.every((s) => s.isDefault)).toBe(true);
    expect(listed.length).toBe(295);
  });

  it('carries the runtime SONAME, and libwasmedge.so.0 names the same file', () => {
    expect(execFileSync('readelf', ['-d', hostLibrary], { encoding: 'utf8' })).toMatch(/SONAME.*\[libwasmedge\.so\.0\]/);
    expect(readFileSync(join(HOST_LIBRARY_DIR, 'libwasmedge.so.0'))).toEqual(readFileSync(hostLibrary));
  });
});

describe('the C API probe plug-in', () => {
  it('loads through the Node host and every check prints the runtime answer', () => {
    const r = runInNode(probeDir, ['--probe-required=1', program]);
    expect(r.stderr).not.toMatch(/execution failed/);
    expect(r.stdout).toBe(EXPECTED);
    expect(r.status).toBe(0);
  });

  it('is refused, as by the runtime, without its mandatory option (exit status 1)', () => {
    const r = runInNode(probeDir, [program]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/plug-in capi_probe requires --probe-required/);
  });

  it.runIf(process.env.WASMEDGE_BIN)('prints the same through a real wasmedge', () => {
    const r = spawnSync(process.env.WASMEDGE_BIN!, ['--probe-required=1', program], {
      env: { ...process.env, WASMEDGE_PLUGIN_PATH: probeDir },
      encoding: 'utf8',
      timeout: 60_000,
    });
    // The runtime's own log lines ("[2026-...") share stdout with the guest.
    expect(r.stdout.split(/(?<=\n)/).filter((l) => !l.startsWith('[20')).join('')).toBe(EXPECTED);
  });
});

describe('exits from _start through the Node host', () => {
  it.each(EXITS)('with args %j: exit status %i, trap %s', (args, status, trap) => {
    const r = runInNode(probeDir, ['--probe-required=1', exits, ...args]);
    expect(r.stdout).toBe('before\n');
    expect(r.status).toBe(status);
    expect(/Code: (0x[0-9a-f]+)/.exec(r.stderr)?.[1]).toBe(trap);
    if (trap) expect(r.stderr).toContain('user defined failed: user defined error code, Code: 0x001');
  });

  it.runIf(process.env.WASMEDGE_BIN).each(EXITS)('with args %j: the same exit status and trap code in a real wasmedge', (args, status, trap) => {
    const r = spawnSync(process.env.WASMEDGE_BIN!, ['--probe-required=1', exits, ...args], {
      env: { ...process.env, WASMEDGE_PLUGIN_PATH: probeDir },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(status);
    expect(/Code: (0x[0-9a-f]+)/.exec(r.stdout + r.stderr)?.[1]).toBe(trap);
  });
});

describe('a plug-in linked with -lwasmedge', () => {
  let fakeDir: string;
  let linked: { dir: string; library: string };
  beforeAll(() => {
    fakeDir = buildAbortingLibwasmedge();
    linked = buildCapiProbe({ linkWith: fakeDir });
  });

  it('binds to the Node host, not to a libwasmedge.so.0 on LD_LIBRARY_PATH whose every function aborts', () => {
    const { dir, library } = linked;
    expect(execFileSync('readelf', ['-d', library], { encoding: 'utf8' })).toMatch(/NEEDED.*\[libwasmedge\.so\.0\]/);
    const r = runInNode(dir, ['--probe-required=1', program], { LD_LIBRARY_PATH: fakeDir });
    expect(r.signal).toBeNull();
    expect(r.stdout).toBe(EXPECTED);
    expect(r.status).toBe(0);
  });

  it('would abort if bound to that library (the check above can fail)', () => {
    const { library } = linked;
    const driver = join(fakeDir, 'open-plugin');
    writeFileSync(
      `${driver}.c`,
      '#include <dlfcn.h>\n#include <wasmedge/wasmedge.h>\nint main(int c, char **v) {\n' +
        '  (void)c; void *h = dlopen(v[1], RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND); if (!h) return 2;\n' +
        '  const WasmEdge_PluginDescriptor *(*get)(void) = (const WasmEdge_PluginDescriptor *(*)(void))dlsym(h, "WasmEdge_Plugin_GetDescriptor");\n' +
        '  const WasmEdge_PluginDescriptor *d = get();\n  return d->ModuleDescriptions[0].Create(&d->ModuleDescriptions[0]) != 0;\n}\n',
    );
    execFileSync('cc', [`-I${join(packageDir, '..', 'plugin-api', 'include')}`, `${driver}.c`, '-o', driver, '-ldl']);
    const r = spawnSync(driver, [library], { env: { ...process.env, LD_LIBRARY_PATH: fakeDir } });
    expect(r.signal).toBe('SIGABRT');
  });

  it('loads without any libwasmedge on the library path (the host is libwasmedge.so.0)', () => {
    const r = runInNode(probeDir, ['--probe-required=1', program], { LD_LIBRARY_PATH: '' });
    expect(r.stdout).toBe(EXPECTED);
  });
});
