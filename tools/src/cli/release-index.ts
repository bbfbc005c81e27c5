/**
 * The last packaging step: merges the index fragments under
 * dist/release/parts/ into dist/release/ (tarballs, SHA256SUMS, index.json).
 *   tsx tools/src/cli/release-index.ts
 * A fragment that no cell of the manifest produces (left over from an
 * earlier run) is refused; `npm run release:clean` removes leftovers.
 */
import { join } from 'node:path';
import { expandMatrix } from '../cells/cells.ts';
import { loadManifest } from '../manifest/load-manifest.ts';
import { checkFragmentsAgainstCells, readAssetFragments, writeReleaseFiles } from '../package/release-files.ts';
import { manifestPath, runMain, workspaceRoot } from './cli-support.ts';
import { releaseDir } from '../index.ts';

async function main(): Promise<void> {
  const root = workspaceRoot();
  const dir = releaseDir(root);
  const fragments = await readAssetFragments(join(dir, 'parts'));
  if (fragments.length === 0) {
    throw new Error(`no packaged assets under ${join(dir, 'parts')}: run npx nx run-many -t package`);
  }
  checkFragmentsAgainstCells(fragments, expandMatrix(await loadManifest(manifestPath(root))).cells);
  const index = await writeReleaseFiles(dir, fragments);
  console.log(`${dir}: ${index.assets.length} asset(s), SHA256SUMS and index.json written`);
  for (const asset of index.assets) {
    console.log(`  ${join(dir, asset.file)}  ${asset.size} bytes  ${asset.sha256}`);
  }
}

runMain(main);
