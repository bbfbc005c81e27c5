/**
 * Helpers the plug-in packages' tests share: where the build put a plug-in,
 * compiling .wat test programs to wasm with wabt, and replaying fuzz seeds.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import wabtInit from 'wabt';
import { layoutFor, layoutKey } from '@wasmedge-plugins/tools';
import { workspaceRoot } from '@wasmedge-plugins/tools';
import { testTarget, testVariant } from './test-target.ts';

export { CrossDriver, buildCrossDriver, type CallResult } from './cross-driver.ts';
export { replayFuzzSeeds, type SeedReplay } from './fuzz-replay.ts';
export { TEST_TARGET_ENV, TEST_VARIANT_ENV, isForeignTarget, testTarget, testVariant } from './test-target.ts';

export interface BuiltPluginQuery {
  plugin: string;
  backend?: string | null;
  target?: string;
  /** A build variant such as `asan` (default: the one under test, if any). */
  variant?: string | null;
}

/** Path of the library `nx run <package>:build` installed for this plug-in (for the test target unless given). */
export function builtPluginPath({ plugin, backend = null, target = testTarget(), variant = testVariant() }: BuiltPluginQuery, root = workspaceRoot()): string {
  const manifest = JSON.parse(readFileSync(join(root, 'release-manifest.json'), 'utf8')) as {
    plugins: { name: string; package: string; library: string }[];
  };
  const entry = manifest.plugins.find((p) => p.name === plugin);
  if (!entry) {
    throw new Error(`release-manifest.json has no plug-in named ${plugin}`);
  }
  const path = join(layoutFor(root, layoutKey(target, variant), { plugin, backend, package: entry.package }).installDir, entry.library);
  if (!existsSync(path)) {
    const how = variant ? `${entry.package}:build-${variant}` : `${entry.package}:build${target === 'host' ? '' : ` -c ${target}`}`;
    throw new Error(`${path} does not exist: build it first with npx nx run ${how}`);
  }
  return path;
}

let wabt: Awaited<ReturnType<typeof wabtInit>> | undefined;

/** Compiles WebAssembly text (with multi-value enabled) to a binary. */
export async function compileWat(source: string, name = 'test.wat'): Promise<Uint8Array> {
  wabt ??= await wabtInit();
  const module = wabt.parseWat(name, source, { multi_value: true, mutable_globals: true });
  try {
    module.resolveNames();
    module.validate();
    return new Uint8Array(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}

/** Compiles a .wat file. */
export async function compileWatFile(path: string): Promise<Uint8Array> {
  return compileWat(readFileSync(path, 'utf8'), path);
}

/** A deterministic pseudo-random generator (mulberry32) for fuzz-style tests. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The version a plug-in's descriptor reports, from its manifest version
 * (MAJOR.MINOR.PATCH, build 0: WasmEdgePlugin.cmake drops any pre-release
 * part), so tests follow `version.ts bump` instead of a literal.
 */
export function descriptorVersion(plugin: string, root = workspaceRoot()): string {
  const manifest = JSON.parse(readFileSync(join(root, 'release-manifest.json'), 'utf8')) as { plugins: { name: string; version: string }[] };
  const version = manifest.plugins.find((p) => p.name === plugin)?.version;
  const core = version && /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!core) throw new Error(`release-manifest.json has no plug-in ${plugin} with a MAJOR.MINOR.PATCH version`);
  return `${core[1]}.${core[2]}.${core[3]}.0`;
}
export { pinnedRuntimeDir, pinnedRuntimeEnv, runtimeLibraryDirs, runtimeSdkNames, withLibraryPath, type PinnedRuntime } from './runtime-libraries.ts';
