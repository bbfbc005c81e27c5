/**
 * The release build matrix for GitHub Actions: one job per plug-in × backend × target cell of the
 * manifest (tools/src/cells/), each with the runner it builds on and the name of the artifact
 * it uploads. release.yml reads this as `strategy.matrix`, so a plug-in, backend or target added
 * to the manifest becomes a job with no YAML edit.
 */
import { HOST_TARGET_NAME, getTarget, type Arch, type TargetName } from '@wasmedge-plugins/common';
import type { ReleaseManifest } from '../manifest/schema.ts';
import { expandMatrix } from '../cells/cells.ts';

/**
 * The GitHub-hosted runner per architecture. Release targets are cross-compiled with zig from an
 * x86_64 runner, so aarch64 builds there too; point its row at an arm runner to build natively.
 */
export const RUNNER_BY_ARCH: Record<Arch, string> = {
  x86_64: 'ubuntu-24.04',
  aarch64: 'ubuntu-24.04',
};

/** `host` means "the runner itself", so its assets carry this runner's platform name. */
export const HOST_RUNNER = 'ubuntu-24.04';

/** GitHub Actions refuses a matrix with more jobs than this. */
export const MAX_MATRIX_JOBS = 256;

export interface ReleaseJob {
  /** Job name shown in the Actions UI: `<plugin>[-<backend>] (<target>)`. */
  name: string;
  /** `<plugin>[-<backend>]`, as in asset names. */
  id: string;
  plugin: string;
  backend: string | null;
  package: string;
  target: TargetName;
  version: string;
  runner: string;
  /** Artifact the job uploads its tarball and index fragment under; unique per cell. */
  artifact: string;
}

export interface SkippedJob {
  id: string;
  plugin: string;
  backend: string | null;
  target: TargetName;
  kind: 'excluded' | 'planned';
  reason: string;
}

export interface ReleaseMatrix {
  /** The shape `strategy.matrix` takes: `{ include: [...] }`. */
  include: ReleaseJob[];
  /** Cells that are never a job, each with why: `excluded` for a target, or a `planned` backend. */
  skipped: SkippedJob[];
}

export interface PlanReleaseMatrixOptions {
  /** Keep only these plug-ins (a `<plugin>-vX.Y.Z` tag releases one). */
  plugins?: readonly string[];
}

export function chooseRunner(target: TargetName): string {
  return target === HOST_TARGET_NAME ? HOST_RUNNER : RUNNER_BY_ARCH[getTarget(target).arch];
}

/** Prefix of every release artifact, so the publish job can download them all by pattern. */
export const ARTIFACT_PREFIX = 'release-parts-';

export function planReleaseMatrix(manifest: ReleaseManifest, options: PlanReleaseMatrixOptions = {}): ReleaseMatrix {
  const wanted = options.plugins === undefined ? undefined : new Set(options.plugins);
  const unknown = [...(wanted ?? [])].filter((name) => !manifest.plugins.some((p) => p.name === name));
  if (unknown.length > 0) {
    throw new Error(
      `planReleaseMatrix: the manifest has no plug-in ${unknown.map((n) => `"${n}"`).join(', ')}; ` +
        `plug-ins: ${manifest.plugins.map((p) => p.name).join(', ')}`,
    );
  }
  const keep = (cell: { plugin: string }) => wanted === undefined || wanted.has(cell.plugin);
  const { cells, skipped } = expandMatrix(manifest);
  const include = cells.filter(keep).map(
    (cell): ReleaseJob => ({
      name: `${cell.id} (${cell.target})`,
      id: cell.id,
      plugin: cell.plugin,
      backend: cell.backend,
      package: cell.package,
      target: cell.target,
      version: cell.version,
      runner: chooseRunner(cell.target),
      artifact: `${ARTIFACT_PREFIX}${cell.target}-${cell.id}`,
    }),
  );
  if (include.length === 0) {
    // fromJSON() of an empty include list fails the workflow with a message that names no cause.
    throw new Error('planReleaseMatrix: no cell to build: every selected cell is excluded or planned in the manifest');
  }
  if (include.length > MAX_MATRIX_JOBS) {
    throw new Error(
      `planReleaseMatrix: ${include.length} jobs, but GitHub Actions runs at most ${MAX_MATRIX_JOBS} per matrix; ` +
        'split the release by plug-in (tag <plugin>-vX.Y.Z)',
    );
  }
  return {
    include,
    skipped: skipped.filter(keep).map(({ id, plugin, backend, target, kind, reason }) => ({ id, plugin, backend, target, kind, reason })),
  };
}

/** The lines the matrix command prints: one per job, then each skipped cell with its reason. */
export function formatReleaseMatrix(matrix: ReleaseMatrix): string[] {
  const lines = matrix.include.map((job) => `job      ${job.name} on ${job.runner} -> ${job.artifact}`);
  for (const cell of matrix.skipped) {
    lines.push(`skipped  ${cell.id} (${cell.target}): ${cell.reason}`);
  }
  return lines;
}
