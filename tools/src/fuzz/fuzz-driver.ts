/**
 * Builds the generic libFuzzer driver with Debian's clang, once per change
 * of its sources: the driver, the loader's host side of the C API it links,
 * and the headers. The plug-ins it opens come from the `asan` variant.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { CLANG_INSTALL } from '../orchestration/variants.ts';

const DRIVER_SOURCES = [
  'packages/plugin-api/fuzz/plugin_fuzzer.cpp',
  'packages/loader/native/host_api.cpp',
  'packages/loader/native/host_instances.cpp',
];
const DRIVER_HEADERS = ['packages/loader/native/host_contexts.h', 'packages/plugin-api/include/wasmedge/wasmedge.h'];

export const DRIVER_FLAGS = [
  '-std=c++17', '-O1', '-g', '-fno-omit-frame-pointer',
  '-fsanitize=fuzzer,address,undefined', '-fno-sanitize-recover=undefined', '-fno-sanitize=vptr',
  // The plug-in resolves WasmEdge_* against the driver, as against the runtime.
  '-rdynamic',
];

export async function buildFuzzDriver(root: string): Promise<string> {
  const clang = spawnSync('clang++', ['--version'], { encoding: 'utf8' });
  if (clang.status !== 0) throw new Error(`building the fuzz driver needs clang++ with libFuzzer: ${CLANG_INSTALL}`);
  const hash = createHash('sha256').update(clang.stdout).update(DRIVER_FLAGS.join(' '));
  for (const file of [...DRIVER_SOURCES, ...DRIVER_HEADERS]) hash.update(readFileSync(join(root, file)));
  const dir = join(root, 'build', 'fuzz');
  const driver = join(dir, `plugin_fuzzer-${hash.digest('hex').slice(0, 12)}`);
  if (existsSync(driver)) return driver;
  await mkdir(dir, { recursive: true });
  const partial = `${driver}.partial-${process.pid}`;
  const result = spawnSync(
    'clang++',
    [...DRIVER_FLAGS, `-I${join(root, 'packages/plugin-api/include')}`, ...DRIVER_SOURCES.map((s) => join(root, s)), '-o', partial, '-ldl'],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`building the fuzz driver failed:\n${result.stderr}`);
  await rename(partial, driver);
  return driver;
}
