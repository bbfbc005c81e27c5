/**
 * Builds the generic libFuzzer driver with Debian's clang, once per change
 * of its sources: the driver, the loader's host side of the C API it links,
 * and the headers. The plug-ins it opens come from the `asan` variant; a
 * target's peer (fuzz_peer.h) is a shared library built beside it.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { CLANG_INSTALL } from '../orchestration/variants.ts';
import { fuzzTargetFiles, type FuzzTarget } from './fuzz-targets.ts';

const DRIVER_SOURCES = [
  'packages/plugin-api/fuzz/plugin_fuzzer.cpp',
  'packages/loader/native/host_api.cpp',
  'packages/loader/native/host_instances.cpp',
];
const PEER_HEADER = 'packages/plugin-api/fuzz/fuzz_peer.h';
const DRIVER_HEADERS = ['packages/loader/native/host_contexts.h', 'packages/plugin-api/include/wasmedge/wasmedge.h', PEER_HEADER];

export const DRIVER_FLAGS = [
  '-std=c++17', '-O1', '-g', '-fno-omit-frame-pointer',
  '-fsanitize=fuzzer,address,undefined', '-fno-sanitize-recover=undefined', '-fno-sanitize=vptr',
  // The plug-in resolves WasmEdge_* against the driver, as against the runtime.
  '-rdynamic',
];

/**
 * A peer is sanitized like the plug-ins but gets no coverage hooks: what it
 * does is the input's choice, and its own branches would only distract the
 * fuzzer from the plug-in's.
 */
export const PEER_FLAGS = [
  '-std=c11', '-O1', '-g', '-fno-omit-frame-pointer', '-fPIC', '-shared', '-pthread',
  '-fsanitize=address,undefined', '-fno-sanitize-recover=undefined', '-Wall', '-Wextra', '-Werror',
];

/** Compiles `sources` into `<stem>-<hash><ext>` under build/fuzz/ unless that exists (the hash covers inputs, flags and clang). */
async function compileOnce(root: string, what: string, compiler: string, flags: string[], sources: string[], headers: string[], libs: string[], stem: string, ext = ''): Promise<string> {
  const clang = spawnSync(compiler, ['--version'], { encoding: 'utf8' });
  if (clang.status !== 0) throw new Error(`building the ${what} needs ${compiler} with libFuzzer: ${CLANG_INSTALL}`);
  const hash = createHash('sha256').update(clang.stdout).update([...flags, ...libs].join(' '));
  for (const file of [...sources, ...headers]) hash.update(readFileSync(join(root, file)));
  const dir = join(root, 'build', 'fuzz');
  const built = join(dir, `${stem}-${hash.digest('hex').slice(0, 12)}${ext}`);
  if (existsSync(built)) return built;
  await mkdir(dir, { recursive: true });
  const partial = `${built}.partial-${process.pid}`;
  const result = spawnSync(
    compiler,
    [...flags, `-I${join(root, 'packages/plugin-api/include')}`, ...sources.map((s) => join(root, s)), '-o', partial, ...libs],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`building the ${what} failed:\n${result.stderr}`);
  await rename(partial, built);
  return built;
}

export async function buildFuzzDriver(root: string): Promise<string> {
  return compileOnce(root, 'fuzz driver', 'clang++', DRIVER_FLAGS, DRIVER_SOURCES, DRIVER_HEADERS, ['-ldl'], 'plugin_fuzzer');
}

/** The target's peer library, or null for a target without one. */
export async function buildFuzzPeer(root: string, target: FuzzTarget): Promise<string | null> {
  if (target.peer === undefined) return null;
  const source = join(fuzzTargetFiles('', target).dir, target.peer.source);
  const stem = `${target.name}-${basename(target.peer.source, '.c')}`;
  return compileOnce(root, `fuzz peer of ${target.name}`, 'clang', PEER_FLAGS, [source], [PEER_HEADER], target.peer.libs, stem, '.so');
}
