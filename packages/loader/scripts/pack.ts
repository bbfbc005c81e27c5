/**
 * Packs the npm packages into dist/npm/ (what the release publishes):
 *   tsx scripts/pack.ts                       common and the loader (needs loader:build)
 *   tsx scripts/pack.ts --prebuilt [KEY ...]  also builds and packs the prebuilt native
 *                                             hosts (every platform, or the ones named)
 *   --repository URL                          the git URL npm checks provenance against
 */

import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runMain } from '@wasmedge-plugins/tools';
import { PREBUILT_PLATFORMS } from '../src/host/addon-location.ts';
import { packDirectory, packLibraries, ROOT } from './npm-packages.ts';
import { buildPrebuilt, findPrebuiltPlatformByKey } from './prebuilt.ts';

runMain(async () => {
  const { values, positionals } = parseArgs({
    options: { prebuilt: { type: 'boolean', default: false }, repository: { type: 'string' }, out: { type: 'string', default: join(ROOT, 'dist', 'npm') } },
    allowPositionals: true,
  });
  const out = values.out;
  const packOptions = { repository: values.repository };
  const tarballs = packLibraries(out, packOptions);
  if (values.prebuilt) {
    const platforms = positionals.length > 0 ? positionals.map(findPrebuiltPlatformByKey) : [...PREBUILT_PLATFORMS];
    for (const platform of platforms) tarballs.push(packDirectory(await buildPrebuilt(platform, packOptions), out));
  }
  for (const tarball of tarballs) console.log(tarball);
});
