/**
 * The cell model: the manifest expanded once (expand-cells.cjs, shared with
 * the Nx plug-ins) into typed cells, and a cell resolved against the target
 * table into the row its build, audit and packaging use. Stages receive a
 * cell (or a resolved cell) whole and never look a plug-in up by name again.
 */
import {
  describeHostTarget,
  isTargetName,
  listTargetNames,
  resolveTarget,
  type HostFacts,
  type ResolvedTarget,
  type TargetName,
} from '@wasmedge-plugins/common';
import type { ReleaseManifest } from '../manifest/schema.ts';
import { cellId, cellLayout, compareCells, expandCells, type Cell, type CellBuildEnv, type CellLayout, type CellRequirement, type SkippedCell } from './expand-cells.cjs';

export { cellId, cellLayout, compareCells, type Cell, type CellBuildEnv, type CellLayout, type CellRequirement, type SkippedCell };

/** A cell whose target name the manifest's schema has checked against the target table. */
export type MatrixCell = Cell & { target: TargetName };

export interface Matrix {
  cells: MatrixCell[];
  /** Cells the manifest leaves out (excluded for a target, or a planned backend), each with its reason. */
  skipped: (SkippedCell & { target: TargetName })[];
}

export interface ExpandMatrixOptions {
  /** Prefix of the cells' layout paths (default: relative to the workspace root). */
  root?: string;
  /** Keep only cells for these targets (e.g. the targets one CI runner can build). */
  targets?: readonly string[];
}

/** The manifest's cells; an unknown target in `targets` is an error that lists the known ones. */
export function expandMatrix(manifest: ReleaseManifest, options: ExpandMatrixOptions = {}): Matrix {
  if (options.targets !== undefined) checkTargetFilter(options.targets);
  return expandCells(manifest, options) as Matrix;
}

/** A cell with its target's row: ceilings, toolchain, platform name in assets. */
export interface ResolvedCell extends MatrixCell {
  row: ResolvedTarget;
}

/** `host` is described from this machine's facts; a release target comes from the table. */
export function resolveTargetRow(name: string, hostFacts: HostFacts): ResolvedTarget {
  return name === 'host' ? describeHostTarget(hostFacts) : resolveTarget(name, hostFacts);
}

export function resolveCell(cell: Cell, row: ResolvedTarget): ResolvedCell {
  if (row.name !== cell.target) {
    throw new Error(`resolveCell: ${cell.id} is for target ${cell.target}, but was given the row of ${row.name}`);
  }
  return { ...cell, target: cell.target as TargetName, row };
}

/** The cells of one plug-in package and target, from the manifest (what its build summary lists). */
export function cellsOfPackage(manifest: ReleaseManifest, pkg: string, target: string, root: string): Matrix {
  const { cells, skipped } = expandMatrix(manifest, { root, targets: [target] });
  return { cells: cells.filter((c) => c.package === pkg), skipped: skipped.filter((c) => c.package === pkg) };
}

/** One Nx run of every plug-in package with cells for a target. */
export interface TargetRun {
  target: TargetName;
  /** The packages with cells for the target: Nx would build any other one as host. */
  packages: string[];
  /** Nx's configuration arguments: none for host, `-c <target>` otherwise. */
  configuration: string[];
}

/**
 * The manifest's targets (or the given ones, in the manifest's order), host
 * first, each with its packages: how a release is built one target at a time
 * (the rehearsal, package:all-targets, the bench).
 */
export function listTargetRuns(manifest: ReleaseManifest, targets?: readonly string[]): TargetRun[] {
  const { cells } = expandMatrix(manifest, targets === undefined ? {} : { targets });
  const byTarget = new Map<TargetName, Set<string>>();
  for (const cell of cells) {
    if (!byTarget.has(cell.target)) byTarget.set(cell.target, new Set());
    byTarget.get(cell.target)!.add(cell.package);
  }
  return [...byTarget.entries()]
    .sort(([a], [b]) => (a === 'host' ? -1 : b === 'host' ? 1 : a.localeCompare(b)))
    .map(([target, packages]) => ({ target, packages: [...packages].sort(), configuration: target === 'host' ? [] : ['-c', target] }));
}

/** `nx` arguments that run `task` (build, package) for every package of a target run. */
export function nxRunManyArgs(run: TargetRun, task: string): string[] {
  return ['run-many', '-t', task, `--projects=${run.packages.join(',')}`, ...run.configuration];
}

/** Where a package's build summary is for a target (the same for each of its cells). */
export function packageLayout(root: string, target: string, pkg: string): Omit<CellLayout, 'library'> {
  return cellLayout(root, target, { plugin: pkg, backend: null, package: pkg });
}

function checkTargetFilter(targets: readonly string[]): void {
  const unknown = targets.filter((target) => !isTargetName(target));
  if (unknown.length > 0) {
    throw new Error(
      `expandMatrix: unknown target${unknown.length > 1 ? 's' : ''} ${unknown.map((t) => `"${t}"`).join(', ')}; supported targets: ${listTargetNames().join(', ')}`,
    );
  }
}

/** What `cellOf` needs of a plug-in: a manifest entry's fields, one backend at most. */
export interface CellEntry {
  plugin: string;
  package: string;
  library: string;
  version: string;
  backend?: { name: string; needed?: string[]; cxxAbi?: string } | null;
  links?: string[];
}

/**
 * One resolved cell from a plug-in entry outside the manifest (fixtures,
 * scratch plug-ins), expanded by the same code as the manifest's cells.
 */
export function cellOf(entry: CellEntry, row: ResolvedTarget, root = ''): ResolvedCell {
  const manifest = {
    runtime: { range: '*', pluginApiVersion: 5, testedWith: '0.0.0' },
    plugins: [
      {
        name: entry.plugin,
        package: entry.package,
        library: entry.library,
        version: entry.version,
        description: entry.plugin,
        targets: [row.name as TargetName],
        ...(entry.links ? { links: entry.links } : {}),
        ...(entry.backend ? { backends: [entry.backend] } : {}),
      },
    ],
  } satisfies ReleaseManifest;
  return resolveCell(expandCells(manifest, { root }).cells[0]!, row);
}
