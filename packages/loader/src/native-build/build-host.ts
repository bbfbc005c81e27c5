/**
 * Builds the native host from the sources shipped in this package (native/,
 * the plug-in C API headers) with cmake-js and CMake. One function serves
 * the workspace build, the zig cross builds of the prebuilt packages and the
 * source fallback of an installed package (`wasmedge-plugins build-host`).
 * Headers come from npm packages (node-api-headers through cmake-js,
 * node-addon-api), so nothing is downloaded.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cp, mkdir, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { LoaderError } from '../errors.ts';
import { PACKAGE_DIR, SOURCE_BUILD_DIR } from '../host/addon-location.ts';

export interface BuildHostOptions {
  /** Where the addon and every library built beside it end up (default: build/native/ in this package). */
  outDir?: string;
  /** cmake-js's build tree (default: build/cmake-js/ in this package). */
  workDir?: string;
  /** The plug-in C API headers (default: the copy shipped in dist/plugin-api/include). */
  pluginApiInclude?: string;
  /** A CMake toolchain file, for cross builds. */
  toolchainFile?: string;
  /** More CMake cache entries. */
  defines?: Record<string, string>;
  /** Where cmake's output goes (default: this process's stderr). */
  stdio?: 'inherit' | 'ignore';
}

/** What a build must find before running, and what to install when it does not. */
const REQUIRED_TOOLS = [
  { command: 'cmake', args: ['--version'], install: 'apt-get install cmake (or your system\'s cmake package)' },
  { command: 'c++', args: ['--version'], install: 'apt-get install g++ (or any C++17 compiler as c++)' },
] as const;

/** Shipped with the package; copied from the plug-in API package at build time. */
export const SHIPPED_PLUGIN_API_INCLUDE = join(PACKAGE_DIR, 'dist', 'plugin-api', 'include');

function checkTools(cross: boolean): void {
  const missing = REQUIRED_TOOLS.filter((t) => !(cross && t.command === 'c++')).filter(
    (t) => spawnSync(t.command, t.args, { stdio: 'ignore' }).status !== 0,
  );
  if (missing.length > 0) {
    throw new LoaderError('native-host-missing', `building the native host needs ${missing.map((t) => t.command).join(' and ')}, not found on PATH`, {
      hint: missing.map((t) => t.install).join('; '),
    });
  }
}

function resolveBuildInputs() {
  const require = createRequire(join(PACKAGE_DIR, 'package.json'));
  const cmakeJsPackage = require.resolve('cmake-js/package.json');
  const cmakeJs = join(dirname(cmakeJsPackage), (require(cmakeJsPackage) as { bin: Record<string, string> }).bin['cmake-js']!);
  // node-api-headers is cmake-js's own dependency: resolve it from there.
  const napiHeaders = dirname(createRequire(cmakeJsPackage).resolve('node-api-headers/include/node_api.h'));
  const addonApi = dirname(require.resolve('node-addon-api/napi.h'));
  return { cmakeJs, napiHeaders, addonApi };
}

function run(file: string, args: string[], stdio: 'inherit' | 'ignore'): Promise<void> {
  return new Promise((settle, fail) => {
    const child = spawn(file, args, { stdio: ['ignore', stdio === 'inherit' ? process.stderr : 'ignore', stdio === 'inherit' ? process.stderr : 'ignore'] });
    child.on('error', fail);
    child.on('close', (code, signal) =>
      code === 0 ? settle() : fail(new LoaderError('native-host-missing', `cmake-js ${args[1]} failed (${signal ?? `exit code ${code}`}); its output is above`, {
        hint: 'fix what the compiler reported, or install a prebuilt: npm install @wasmedge-plugins/loader with optional dependencies',
      })),
    );
  });
}

/** Builds the host; resolves to the files placed in outDir (the addon first). */
export async function buildNativeHost(options: BuildHostOptions = {}): Promise<string[]> {
  const outDir = options.outDir ?? SOURCE_BUILD_DIR;
  const workDir = options.workDir ?? join(PACKAGE_DIR, 'build', 'cmake-js');
  checkTools(options.toolchainFile !== undefined);
  const { cmakeJs, napiHeaders, addonApi } = resolveBuildInputs();
  const defines: Record<string, string> = {
    NODE_API_HEADERS_DIR: napiHeaders,
    NODE_ADDON_API_DIR: addonApi,
    WASMEDGE_PLUGIN_API_INCLUDE: options.pluginApiInclude ?? SHIPPED_PLUGIN_API_INCLUDE,
    ...(options.toolchainFile ? { CMAKE_TOOLCHAIN_FILE: options.toolchainFile } : {}),
    ...options.defines,
  };
  const args = ['build', '--directory', PACKAGE_DIR, '--out', workDir, '--config', 'Release', ...Object.entries(defines).map(([k, v]) => `--CD${k}=${v}`)];
  await run(process.execPath, [cmakeJs, ...args], options.stdio ?? 'inherit');
  // cmake-js points CMAKE_LIBRARY_OUTPUT_DIRECTORY at <out>/Release: every
  // library the project builds lands there, and all of them ship.
  const built = join(workDir, 'Release');
  const files = (await readdir(built, { withFileTypes: true })).filter((e) => (e.isFile() || e.isSymbolicLink()) && /\.node$|\.so(\.\d+)*$/.test(e.name)).map((e) => e.name);
  if (!files.some((f) => f.endsWith('.node'))) {
    throw new LoaderError('native-host-missing', `the build finished but ${built} holds no .node addon`);
  }
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  for (const file of files) await cp(join(built, file), join(outDir, file), { dereference: false, verbatimSymlinks: true });
  return files.sort((a, b) => Number(b.endsWith('.node')) - Number(a.endsWith('.node'))).map((f) => join(outDir, f));
}
