/**
 * Emit the release build matrix for GitHub Actions:
 *   tsx tools/src/cli/release-matrix.ts [--manifest PATH] [--tag TAG]
 * Outputs `matrix` ({"include": [one job per plug-in × backend × target]}, for
 * `strategy.matrix: ${{ fromJSON(...) }}`), `skipped` (cells the manifest leaves out: excluded
 * for a target or a planned backend, with reasons) and `count`; prints the jobs and writes them to the job summary.
 * With --tag, only the plug-ins that tag releases (all for vX.Y.Z, one for <plugin>-vX.Y.Z).
 */
import { parseArgs } from 'node:util';
import { createBuildLog } from '../orchestration/build-log.ts';
import { loadManifest } from '../manifest/load-manifest.ts';
import { formatReleaseMatrix, planReleaseMatrix } from '../release/release-matrix.ts';
import { parseReleaseTag } from '../release/release-tag.ts';
import { appendJobSummary, runActionsMain, setOutputs } from './actions-support.ts';
import { manifestPath, workspaceRoot } from './cli-support.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { manifest: { type: 'string' }, tag: { type: 'string' } } });
  const file = values.manifest ?? manifestPath(workspaceRoot());
  const manifest = await loadManifest(file);
  const tag = values.tag === undefined ? undefined : parseReleaseTag(values.tag);
  const matrix = planReleaseMatrix(manifest, tag?.plugin === undefined ? {} : { plugins: [tag.plugin] });

  const log = createBuildLog();
  await log.group(`Release matrix from ${file}: ${matrix.include.length} job(s), ${matrix.skipped.length} skipped`, async () => {
    for (const line of formatReleaseMatrix(matrix)) log.info(line);
  });
  setOutputs({
    matrix: JSON.stringify({ include: matrix.include }),
    skipped: JSON.stringify(matrix.skipped),
    count: String(matrix.include.length),
  });
  await appendJobSummary((summary) => {
    summary
      .addHeading(`Release matrix: ${matrix.include.length} job(s)`, 2)
      .addTable([
        [
          { data: 'Job', header: true },
          { data: 'Target', header: true },
          { data: 'Runner', header: true },
          { data: 'Artifact', header: true },
        ],
        ...matrix.include.map((job) => [`${job.id} ${job.version}`, job.target, job.runner, job.artifact]),
      ]);
    if (matrix.skipped.length > 0) {
      summary
        .addHeading('Not built', 3)
        .addList(matrix.skipped.map((cell) => `${cell.id} (${cell.target}, ${cell.kind}): ${cell.reason}`));
    }
  });
}

runActionsMain(main);
