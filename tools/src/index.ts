/**
 * What other workspace packages (test-support, bench) may use of tools/:
 * where a build puts a cell, the matrix, the manifest, the packaging steps
 * and the zig toolchain. Nothing here imports test code.
 */
export { cellId, layoutFor, releaseDir } from './build/layout.ts';
export type { BuildSummary, BuiltCell } from './build/build-cells.ts';
export { findZig, writeZigToolchain, ZIG_INSTALL, ZIG_VERSION } from './build/zig-toolchain.ts';
export { expandMatrix, type Matrix, type MatrixCell } from './matrix.ts';
export { floorTargetFor } from './deps/static-deps.ts';
export { loadManifest } from './manifest/load-manifest.ts';
export type { ReleaseManifest } from './manifest/schema.ts';
export { packageAsset, sha256File } from './package/package-asset.ts';
export { readAssetFragments, writeAssetFragment, writeReleaseFiles } from './package/release-files.ts';
export { manifestPath, runMain, workspaceRoot } from './cli/cli-support.ts';
