/**
 * The last packaging step: merges every index fragment under
 * dist/release/parts/ into dist/release/ (tarballs, SHA256SUMS, index.json).
 *   tsx tools/src/cli/release-index.ts
 */
import { join } from 'node:path';
import { releaseDir } from '../build/layout.ts';
import { readAssetFragments, writeReleaseFiles } from '../package/release-files.ts';
import { runMain, workspaceRoot } from './cli-support.ts';

async function main(): Promise<void> {
  const dir = releaseDir(workspaceRoot());
  const fragments = await readAssetFragments(join(dir, 'parts'));
  if (fragments.length === 0) {
    throw new Error(`no packaged assets under ${join(dir, 'parts')}: run npx nx run-many -t package`);
  }
  const index = await writeReleaseFiles(dir, fragments);
  console.log(`${dir}: ${index.assets.length} asset(s), SHA256SUMS and index.json written`);
  for (const asset of index.assets) {
    console.log(`  ${asset.file}  ${asset.size} bytes  ${asset.sha256}`);
  }
}

runMain(main);
