/**
 * The arm64 prebuilt package, as npm installs it on an aarch64 machine
 * (`npm install --cpu=arm64`), loaded by an aarch64 node under qemu-user:
 * it opens the aarch64 build of wasmedge_process and runs the process
 * plug-in's smoke program (a wasm32-wasi command that runs /bin/echo).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readElf } from '@wasmedge-plugins/common';
import { builtPluginPath, compileWatFile } from '@wasmedge-plugins/test-support';
import { scratch } from '@wasmedge-plugins/test-support/fixtures';
import { PACKAGE_DIR } from '../src/host/addon-location.ts';
import { COMMON_DIR, LOADER_VERSION, packDirectory, packLibraries, ROOT } from '../scripts/npm-packages.ts';
import { npmInstallFrom, startLocalRegistry, type LocalRegistry } from './helpers/local-registry.ts';
import { buildPrebuilt, findPrebuiltPlatformByKey } from '../scripts/prebuilt.ts';
import { arm64NodeCommand } from './helpers/arm64-node.ts';

const TARGET = 'manylinux2014_aarch64';
const EM_AARCH64 = 183;
const consumer = scratch('loader-arm64-');
let plugin: string;
let registry: LocalRegistry | undefined;

/** The aarch64 wasmedge_process, built with zig if this checkout has not built it yet. */
function aarch64ProcessPlugin(): string {
  try {
    return builtPluginPath({ plugin: 'wasmedge_process', target: TARGET });
  } catch {
    const build = spawnSync('npx', ['tsx', 'tools/src/cli/build.ts', '--package', 'process', '--target', TARGET], { cwd: ROOT, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    return builtPluginPath({ plugin: 'wasmedge_process', target: TARGET });
  }
}

beforeAll(async () => {
  plugin = aarch64ProcessPlugin();
  writeFileSync(join(consumer, 'echo-wasi.wasm'), await compileWatFile(join(ROOT, 'packages', 'process', 'test', 'guests', 'echo-wasi.wat')));
  const tarballs = join(consumer, 'tarballs');
  const [common, loader] = packLibraries(tarballs);
  const prebuilt = packDirectory(await buildPrebuilt(findPrebuiltPlatformByKey('linux-arm64-gnu'), { stdio: 'ignore' }), tarballs);
  registry = await startLocalRegistry([common!, loader!, prebuilt], ROOT, { '@wasmedge-plugins/loader': PACKAGE_DIR, '@wasmedge-plugins/common': COMMON_DIR });
  writeFileSync(
    join(consumer, 'package.json'),
    JSON.stringify({ name: 'loader-arm64-consumer', private: true, type: 'module', dependencies: { '@wasmedge-plugins/loader': LOADER_VERSION } }),
  );
  writeFileSync(
    join(consumer, 'run-smoke.mjs'),
    `import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';
// The host entry point: no installer, so nothing that needs a newer Node than Debian's arm64 18.
import { instantiateWithPlugins, locateAddon, openPlugin } from '@wasmedge-plugins/loader/host';
const [pluginPath, wasmPath] = process.argv.slice(2);
const plugin = openPlugin(pluginPath);
plugin.applyCommandLine(['--allow-command=/bin/echo']);
const wasi = new WASI({ version: 'preview1', returnOnExit: true });
const instance = await instantiateWithPlugins(readFileSync(wasmPath), [plugin.createModule('wasmedge_process')], { imports: { wasi_snapshot_preview1: wasi.wasiImport } });
const code = wasi.start(instance);
console.error('native host: ' + locateAddon() + ' on ' + process.arch);
// An ordinary exit: Node tears the environment down with the addon loaded (native/js_hooks.h).
process.exitCode = code;
`,
  );
  const { NODE_OPTIONS: _drop, ...env } = process.env;
  // --cpu/--os/--libc make npm choose optional dependencies for that machine.
  const install = await npmInstallFrom(registry, consumer, env, ['--cpu=arm64', '--os=linux', '--libc=glibc']);
  expect(install.status, install.stderr).toBe(0);
}, 900_000);

afterAll(() => {
  registry?.close();
  rmSync(consumer, { recursive: true, force: true });
});

it('the arm64 prebuilt is an aarch64 library that an aarch64 node loads under qemu to run the process smoke program', () => {
  const addon = join(consumer, 'node_modules', '@wasmedge-plugins', 'loader-linux-arm64-gnu', 'wasmedge_host.node');
  expect(existsSync(addon)).toBe(true);
  expect(readElf(readFileSync(addon)).machine).toBe(EM_AARCH64);
  const [qemu, args] = arm64NodeCommand(['run-smoke.mjs', plugin, 'echo-wasi.wasm']);
  const { NODE_OPTIONS: _drop, ...env } = process.env;
  const result = spawnSync(qemu, args, { cwd: consumer, encoding: 'utf8', env: { ...env, WASMEDGE_HOST_ADDON: '' }, timeout: 600_000 });
  expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
  expect(result.stdout).toBe('hello from wasi\n');
  expect(result.stderr).toContain(`native host: ${addon} on arm64`);
});
