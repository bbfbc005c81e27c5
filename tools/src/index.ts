/**
 * What other workspace packages (test-support, bench) may use of tools/:
 * the cell model (the manifest's cells and where each stage puts a cell's
 * files), the manifest, the packaging steps, the zig toolchain and the
 * fuzz targets (tests replay their seeds). Nothing here imports test code.
 */
import { join } from 'node:path';
import { cellLayout } from './cells/cells.ts';

export {
  cellId,
  cellLayout,
  cellOf,
  cellsOfPackage,
  expandMatrix,
  listTargetRuns,
  nxRunManyArgs,
  packageLayout,
  resolveCell,
  resolveTargetRow,
  type Cell,
  type CellEntry,
  type CellLayout,
  type Matrix,
  type MatrixCell,
  type ResolvedCell,
  type SkippedCell,
  type TargetRun,
} from './cells/cells.ts';
export { buildSummaryPath, type BuildSummary, type BuiltCell } from './orchestration/build-cells.ts';
export { wheelCacheDir } from './deps/pypi-wheels.ts';
export { BUILD_VARIANTS, getVariant, layoutKey } from './orchestration/variants.ts';
export { sanitizedNodeEnv } from './orchestration/sanitizer-runtime.ts';
export { findZig, writeZigToolchain, ZIG_INSTALL, ZIG_VERSION } from './orchestration/zig-toolchain.ts';
export { floorTargetFor } from './deps/static-deps.ts';
export { loadManifest } from './manifest/load-manifest.ts';
export { buildFuzzDriver, buildFuzzPeer } from './fuzz/fuzz-driver.ts';
export { fuzzDriverEnv, fuzzPluginLibrary } from './fuzz/fuzz-run.ts';
export { fuzzTargetFiles, getFuzzTarget } from './fuzz/fuzz-targets.ts';
export { encodeSeed, parseFunctionList, readSeedSpecs } from './fuzz/seed-program.ts';
export { parseReleaseTag } from './release/release-tag.ts';
export type { ReleaseManifest } from './manifest/schema.ts';
export { packageAsset, packageAuditedAsset, sha256File } from './package/package-asset.ts';
export { readAssetFragments, writeAssetFragment, writeReleaseFiles } from './package/release-files.ts';
export { manifestPath, runMain, workspaceRoot } from './cli/cli-support.ts';

/** A cell's layout with absolute paths under `root` (the workspace root). */
export function layoutFor(root: string, target: string, cell: { plugin: string; backend: string | null; package: string }) {
  return cellLayout(root, target, cell);
}

/** dist/release under `root`. */
export function releaseDir(root: string): string {
  return join(root, 'dist', 'release');
}
