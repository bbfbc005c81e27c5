/**
 * Write the table of packaged assets (name, platform, size, sha256) to the job summary:
 *   tsx tools/src/cli/release-summary.ts --dir DIR [--title TEXT]
 * DIR is dist/release (read from its index.json) or a packaging job's dist/release/parts/...
 * (read from the index fragments). Outside Actions the table is only printed.
 */
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createBuildLog } from '../orchestration/build-log.ts';
import { ASSET_TABLE_HEADER, formatAssetLines, formatAssetRow, readReleaseAssets } from '../release/asset-summary.ts';
import { appendJobSummary, runActionsMain } from './actions-support.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { dir: { type: 'string' }, title: { type: 'string', default: 'Packaged assets' } },
  });
  if (values.dir === undefined) {
    throw new Error('release-summary: --dir is required (dist/release, or a dist/release/parts/<target>/<package> directory)');
  }
  const { from, assets } = await readReleaseAssets(resolve(values.dir));
  const source = `${relative(process.cwd(), from.path) || '.'}${from.kind === 'fragments' ? ' (index fragments)' : ''}`;
  const log = createBuildLog();
  await log.group(`${values.title}: ${assets.length} asset(s) from ${source}`, async () => {
    for (const line of formatAssetLines(assets)) log.info(line);
  });
  await appendJobSummary((summary) => {
    summary
      .addHeading(values.title!, 2)
      .addTable([ASSET_TABLE_HEADER.map((data) => ({ data, header: true })), ...assets.map(formatAssetRow)])
      .addRaw(`Read from ${source}.`, true);
  });
}

runActionsMain(main);
