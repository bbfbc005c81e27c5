/**
 * What running a fuzz target needs besides the driver: the plug-in's asan
 * library and the driver's environment. `npm run fuzz` and the tests that
 * replay seeds share them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildSummary } from '../orchestration/build-cells.ts';
import { sanitizerOptions } from '../orchestration/sanitizer-runtime.ts';
import { layoutKey } from '../orchestration/variants.ts';
import { cellLayout } from '../cells/cells.ts';
import { manifestPath } from '../cli/cli-support.ts';
import { loadManifest } from '../manifest/load-manifest.ts';
import { fuzzTargetFiles, type FuzzTarget } from './fuzz-targets.ts';

/** The target's asan library, or why the build skipped it (a missing SDK, with how to install it). */
export async function fuzzPluginLibrary(root: string, target: FuzzTarget): Promise<{ path: string; skipped?: string }> {
  const manifest = await loadManifest(manifestPath(root));
  const entry = manifest.plugins.find((p) => p.name === target.plugin)!;
  const cell = { plugin: target.plugin, backend: target.backend, package: target.package };
  const layout = cellLayout(root, layoutKey('host', 'asan'), cell);
  const path = join(layout.installDir, entry.library);
  if (existsSync(path)) return { path };
  const summaryFile = join(layout.packageDir, 'build-summary.json');
  const summary = existsSync(summaryFile) ? (JSON.parse(readFileSync(summaryFile, 'utf8')) as BuildSummary) : undefined;
  const reason = summary?.skipped.find((s) => s.plugin === target.plugin && s.backend === target.backend)?.reason;
  return { path, skipped: reason ?? `${path} was not built` };
}

/**
 * The driver's environment. LD_PRELOAD is dropped: the driver links the
 * sanitizer runtime itself, and a second copy (a sanitized Node's preload)
 * would make it abort.
 */
export function fuzzDriverEnv(root: string, target: FuzzTarget, library: string, peer: string | null, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const suppressions = fuzzTargetFiles(root, target).leakSuppressions;
  const { LD_PRELOAD: _preload, ...env } = process.env;
  return {
    ...env,
    ...sanitizerOptions({ detectLeaks: true }),
    WASMEDGE_FUZZ_PLUGIN: library,
    WASMEDGE_FUZZ_MODULE: [target.name, ...(target.companions ?? [])].join(','),
    WASMEDGE_FUZZ_OPTIONS: target.options.join('\n'),
    ...(target.isolate ? { WASMEDGE_FUZZ_ISOLATE: target.isolate } : {}),
    ...(peer !== null ? { WASMEDGE_FUZZ_PEER: peer } : {}),
    ...(existsSync(suppressions) ? { LSAN_OPTIONS: `suppressions=${suppressions}` } : {}),
    ...extra,
  };
}
