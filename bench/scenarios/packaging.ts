/**
 * Packaging: the reproducible node-tar tarball of a built plug-in, against
 * `tar -c | gzip -n` of the same files in the same run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeReproducibleTarball } from '../../tools/src/package/reproducible-tarball.ts';
import { builtPluginPath } from '@wasmedge-plugins/test-support';
import { compare, timeRuns, type Row } from '../measure.ts';

export async function benchPackaging(): Promise<Row[]> {
  const sourceDir = dirname(builtPluginPath({ plugin: 'wasmedge_process' }));
  const files = readdirSync(sourceDir).sort();
  const out = mkdtempSync(join(tmpdir(), 'bench-package-'));
  const shell = await timeRuns(20, () => {
    const r = spawnSync('sh', ['-c', `tar -C "$1" -cf - ${files.map((_, i) => `"$${i + 3}"`).join(' ')} | gzip -n > "$2"`, 'sh', sourceDir, join(out, 'shell.tar.gz'), ...files]);
    if (r.status !== 0) throw new Error(`tar | gzip failed: ${r.stderr}`);
  }, 2);
  const node = await timeRuns(20, () =>
    writeReproducibleTarball({ sourceDir, files, outFile: join(out, 'node.tar.gz'), mtime: new Date(0) }), 2);
  return compare('packaging', 'ms', { subject: 'tar -c, piped to gzip -n', values: shell }, { subject: 'reproducible node-tar tarball', values: node });
}
