/**
 * Builds the native host addon (native/) with CMake into build/native/.
 * Header locations come from node_modules, so no download is needed.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { $, fs } from 'zx';

const require = createRequire(import.meta.url);
const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = join(packageDir, 'build', 'cmake');
const outDir = join(packageDir, 'build', 'native');

async function main(): Promise<void> {
  for (const tool of ['cmake', 'ninja', 'c++']) {
    if (!(await $({ nothrow: true, quiet: true })`command -v ${tool}`).ok) {
      throw new Error(`building the native host needs ${tool}: apt-get install cmake ninja-build g++`);
    }
  }
  const napiHeaders = dirname(require.resolve('node-api-headers/include/node_api.h'));
  const addonApi = dirname(require.resolve('node-addon-api/napi.h'));
  const $$ = $({ verbose: false, stdio: ['ignore', 'inherit', 'inherit'] });
  await $$`cmake -S ${join(packageDir, 'native')} -B ${buildDir} -G Ninja -DCMAKE_BUILD_TYPE=Release -DNODE_API_HEADERS_DIR=${napiHeaders} -DNODE_ADDON_API_DIR=${addonApi}`;
  await $$`cmake --build ${buildDir}`;
  await fs.mkdirp(outDir);
  // The addon and the symlinks CMake made for it: libwasmedge.so.0 (what a
  // plug-in linked with -lwasmedge needs) and libwasmedge.so (for -lwasmedge).
  for (const file of ['wasmedge_host.node', 'libwasmedge.so.0', 'libwasmedge.so']) {
    await fs.remove(join(outDir, file));
    await fs.copy(join(buildDir, file), join(outDir, file), { dereference: false });
  }
  console.log(`native host: ${join(outDir, 'wasmedge_host.node')}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
