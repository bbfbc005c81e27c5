/**
 * The published packages as a new user gets them: every package is packed
 * with `npm pack`, and a scratch project outside the workspace installs
 * `@wasmedge-plugins/loader` from a loopback registry (no internet) that
 * serves those tarballs and their dependencies; npm picks the prebuilt for
 * this machine from the loader's optional dependencies. The project then uses
 * them with plain node, tsc and npx. The x64 prebuilt is the zig build for
 * glibc 2.17 that the release publishes.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtPluginPath, compileWatFile } from '@wasmedge-plugins/test-support';
import { makeRelease, scratch, serveDirectory } from '@wasmedge-plugins/test-support/fixtures';
import { PACKAGE_DIR } from '../src/host/addon-location.ts';
import { COMMON_DIR, LOADER_VERSION, packDirectory, packLibraries, ROOT } from '../scripts/npm-packages.ts';
import { npmInstallFrom, runAsync, startLocalRegistry, type LocalRegistry } from './helpers/local-registry.ts';
import { buildPrebuilt, findPrebuiltPlatformByKey } from '../scripts/prebuilt.ts';

const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
// Node's own types come from the workspace (the npm cache need not hold them); everything of ours
// resolves inside the consumer.
const NODE_TYPE_ROOTS = join(ROOT, 'node_modules', '@types');

/** A scratch project under the system temp directory: no workspace above it. */
const consumer = scratch('loader-consumer-');
let wasmFile: string;
let processPlugin: string;
let closeServer: () => void = () => {};
let registry: LocalRegistry | undefined;

function run(command: string, args: string[], env: Record<string, string> = {}): SpawnSyncReturns<string> {
  // No tsx, no workspace paths: the environment a user's shell would have.
  const { NODE_OPTIONS: _drop, ...base } = process.env;
  return spawnSync(command, args, { cwd: consumer, encoding: 'utf8', env: { ...base, WASMEDGE_HOST_ADDON: '', ...env }, timeout: 300_000 });
}

function expectOk(result: SpawnSyncReturns<string>): string {
  expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
  return result.stdout;
}

const RUN_SMOKE = `// Runs a wasm32-wasi program that asks wasmedge_process to run /bin/echo.
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';
import { instantiateWithPlugins, locateAddon, openPlugin } from '@wasmedge-plugins/loader';

const [pluginPath, wasmPath] = process.argv.slice(2);
const plugin = openPlugin(pluginPath);
plugin.applyCommandLine(['--allow-command=/bin/echo']);
const module = plugin.createModule('wasmedge_process');
const wasi = new WASI({ version: 'preview1', returnOnExit: true });
const instance = await instantiateWithPlugins(readFileSync(wasmPath), [module], { imports: { wasi_snapshot_preview1: wasi.wasiImport } });
const code = wasi.start(instance);
console.error('native host: ' + locateAddon());
process.exitCode = code;
`;

const TYPED_CONSUMER = `import { LoaderError, openPlugin, type PluginDescriptor, type InstallOptions } from '@wasmedge-plugins/loader';
import { validateReleaseIndex, type ReleaseIndex } from '@wasmedge-plugins/common';

export function describePlugin(path: string): PluginDescriptor {
  return openPlugin(path).descriptor;
}
export function hintOf(error: unknown): string | undefined {
  return error instanceof LoaderError ? error.hint : undefined;
}
export const validate: typeof validateReleaseIndex = validateReleaseIndex;
export type Index = ReleaseIndex;
export type Dir = InstallOptions['pluginDir'];
`;

beforeAll(async () => {
  processPlugin = builtPluginPath({ plugin: 'wasmedge_process', target: 'host' });
  wasmFile = join(consumer, 'echo-wasi.wasm');
  writeFileSync(wasmFile, await compileWatFile(join(ROOT, 'packages', 'process', 'test', 'guests', 'echo-wasi.wat')));
  const tarballs = join(consumer, 'tarballs');
  const [common, loader] = packLibraries(tarballs);
  const prebuilt = packDirectory(await buildPrebuilt(findPrebuiltPlatformByKey('linux-x64-gnu'), { stdio: 'ignore' }), tarballs);
  registry = await startLocalRegistry([common!, loader!, prebuilt], ROOT, { '@wasmedge-plugins/loader': PACKAGE_DIR, '@wasmedge-plugins/common': COMMON_DIR });
  writeFileSync(
    join(consumer, 'package.json'),
    JSON.stringify({
      name: 'loader-consumer',
      private: true,
      type: 'module',
      dependencies: { '@wasmedge-plugins/loader': LOADER_VERSION, '@wasmedge-plugins/common': LOADER_VERSION },
    }),
  );
  writeFileSync(join(consumer, 'run-smoke.mjs'), RUN_SMOKE);
  writeFileSync(join(consumer, 'consumer.ts'), TYPED_CONSUMER);
  writeFileSync(
    join(consumer, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', noEmit: true, types: ['node'], typeRoots: [NODE_TYPE_ROOTS] },
      files: ['consumer.ts'],
    }),
  );
  const { NODE_OPTIONS: _drop, ...env } = process.env;
  const install = await npmInstallFrom(registry, consumer, env);
  expect(install.status, install.stderr).toBe(0);
}, 600_000);

afterAll(() => {
  closeServer();
  registry?.close();
  rmSync(consumer, { recursive: true, force: true });
});

describe('the packed npm packages, installed offline into a fresh project', () => {
  it('ship compiled JavaScript with no TypeScript runtime, and the x64 prebuilt for this machine', () => {
    const modules = join(consumer, 'node_modules');
    expect(existsSync(join(modules, '@wasmedge-plugins/loader/dist/index.js'))).toBe(true);
    expect(existsSync(join(modules, '@wasmedge-plugins/loader/src'))).toBe(false);
    expect(existsSync(join(modules, 'tsx'))).toBe(false);
    expect(existsSync(join(modules, 'esbuild'))).toBe(false);
    expect(existsSync(join(modules, '@wasmedge-plugins/loader-linux-x64-gnu/wasmedge_host.node'))).toBe(true);
  });

  it('lets a plain node ESM script open the process plug-in and run a wasm program', () => {
    const result = run(process.execPath, ['run-smoke.mjs', processPlugin, wasmFile]);
    expect(expectOk(result)).toBe('hello from wasi\n');
    expect(result.stderr).toContain(join('@wasmedge-plugins', 'loader-linux-x64-gnu', 'wasmedge_host.node'));
  });

  it('type-checks a strict TypeScript consumer against the shipped declarations', () => {
    expectOk(run(process.execPath, [TSC, '-p', 'tsconfig.json']));
  });

  it('runs the CLI through npx: --version, and install from a loopback mirror with progress', async () => {
    expect(expectOk(run('npx', ['--no', '--', 'wasmedge-plugins', '--version'])).trim()).toBe(LOADER_VERSION);
    const served = await serveDirectory(await makeRelease(['1.0.0']));
    closeServer = () => served.server.close();
    const dir = join(consumer, 'plugins');
    const env = { WASMEDGE_BIN: '/nonexistent/wasmedge' };
    // Asynchronously: the loopback server answers from this process.
    const { NODE_OPTIONS: _drop, ...base } = process.env;
    const install = await runAsync('npx', ['--no', '--', 'wasmedge-plugins', 'install', 'fixture', '--index', served.url, '--dir', dir, '--runtime', '0.17.1'], {
      cwd: consumer,
      env: { ...base, ...env },
    });
    expect(install.status, install.stderr).toBe(0);
    expect(install.stdout).toContain('installed fixture 1.0.0');
    expect(install.stderr).toMatch(/downloading fixture 100% .* of .*, .*\/s/);
    expect(expectOk(run('npx', ['--no', '--', 'wasmedge-plugins', 'list', '--dir', dir], env))).toMatch(/^fixture 1\.0\.0 /);
  });

  it('names the platform when no native host exists, then builds one from the package sources', () => {
    rmSync(join(consumer, 'node_modules', '@wasmedge-plugins', 'loader-linux-x64-gnu'), { recursive: true });
    const missing = run(process.execPath, ['run-smoke.mjs', processPlugin, wasmFile]);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain(`no native plug-in host for linux-${process.arch}-glibc`);
    expect(missing.stderr).toContain('npx wasmedge-plugins build-host');
    const built = run('npx', ['--no', '--', 'wasmedge-plugins', 'build-host', '-q']);
    expectOk(built);
    const result = run(process.execPath, ['run-smoke.mjs', processPlugin, wasmFile]);
    expect(expectOk(result)).toBe('hello from wasi\n');
    expect(result.stderr).toContain(join('@wasmedge-plugins', 'loader', 'build', 'native', 'wasmedge_host.node'));
  }, 600_000); // a real C++ build of the host
});
