// Types of expand-cells.cjs (the manifest's one expansion into cells); see that file for why it is CommonJS.
import type { BackendRuntime, BuildRootEntry, ReleaseManifest, RequirementEntry } from '../manifest/schema.ts';

export interface CellRequirement extends RequirementEntry {
  /** What needs it, e.g. "the pytorch backend of wasi_nn". */
  neededBy: string;
}

export interface CellLayout {
  /** packages/<package>: the CMake project. */
  sourceDir: string;
  /** build/cmake/<target>/<id>: the CMake build tree. */
  buildDir: string;
  /** dist/plugins/<target>/<package>: the build's output for the package. */
  packageDir: string;
  /** dist/plugins/<target>/<package>/<id>: the installed library and its license notice. */
  installDir: string;
  /** The installed library. */
  library: string;
  /** What was built and skipped for the package and target. */
  buildSummary: string;
  /** dist/release/parts/<target>/<package>: tarballs and index fragments of one packaging job. */
  partsDir: string;
  /** dist/audit/<target>/<package>/findings.json: why the audit refused (CI annotates it). */
  findingsFile: string;
}

/** One plug-in × backend × target of the manifest, as every stage receives it. */
export interface Cell {
  /** `<plugin>` or `<plugin>-<backend>`, as in asset names. */
  id: string;
  plugin: string;
  package: string;
  backend: string | null;
  /** A target name of the target table (resolved to its row in cells.ts). */
  target: string;
  library: string;
  version: string;
  /** Native libraries the plug-in links (manifest `links`). */
  links: string[];
  requires: CellRequirement[];
  /** What the manifest expects the built library to show; the audit checks it against the ELF. */
  expects: { needed: string[]; cxxAbi: string | null };
  /** Where it builds: a build root (null: this machine's compiler, or zig's for a release target) and the SDK it builds against. */
  buildEnv: CellBuildEnv;
  /** The backend's runtime, opened with dlopen (manifest `runtime`); the index publishes it. */
  runtime: BackendRuntime | null;
  layout: CellLayout;
}

export interface CellBuildEnv {
  root: (BuildRootEntry & { name: string }) | null;
  /** An SDK name of tools/src/deps/sdks.ts, made from pinned wheels. */
  sdk: string | null;
}

export interface SkippedCell extends Cell {
  kind: 'excluded' | 'planned';
  reason: string;
}

export interface ExpandCellsOptions {
  /** Prefix of every layout path (the workspace root); relative paths without it. */
  root?: string;
  /** Keep only these targets. */
  targets?: readonly string[];
}

export function cellId(cell: { plugin: string; backend: string | null }): string;
export function cellLayout(root: string, target: string, cell: { plugin: string; backend: string | null; package: string }): Omit<CellLayout, 'library'>;
export function compareCells(a: { plugin: string; backend: string | null; target: string }, b: { plugin: string; backend: string | null; target: string }): number;
export function expandCells(manifest: ReleaseManifest, options?: ExpandCellsOptions): { cells: Cell[]; skipped: SkippedCell[] };
export function targetsOfPackage(manifest: ReleaseManifest, pkg: string): string[];
