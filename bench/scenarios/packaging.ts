/**
 * Packaging: the reproducible node-tar tarball of a built plug-in, against
 * `tar -c | gzip -n` of the same files in the same run; once for a small
 * library (wasmedge_process for host) and once for a large one
 * (wasmedge_httpsreq with OpenSSL built in, when manylinux2014_x86_64 is built),
 * where compression rather than start-up dominates.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeReproducibleTarball } from '../../tools/src/package/reproducible-tarball.ts';
import { builtPluginPath } from '@wasmedge-plugins/test-support';
import { compare, timeRuns, type Row } from '../measure.ts';

async function benchOne(label: string, sourceDir: string, runs: number): Promise<Row[]> {
  const files = readdirSync(sourceDir).sort();
  const out = mkdtempSync(join(tmpdir(), 'bench-package-'));
  const shell = await timeRuns(runs, () => {
    const r = spawnSync('sh', ['-c', `tar -C "$1" -cf - ${files.map((_, i) => `"$${i + 3}"`).join(' ')} | gzip -n > "$2"`, 'sh', sourceDir, join(out, 'shell.tar.gz'), ...files]);
    if (r.status !== 0) throw new Error(`tar | gzip failed: ${r.stderr}`);
  }, 2);
  const node = await timeRuns(runs, () => writeReproducibleTarball({ sourceDir, files, outFile: join(out, 'node.tar.gz'), mtime: new Date(0) }), 2);
  const sizes = `${statSync(join(out, 'node.tar.gz')).size} vs ${statSync(join(out, 'shell.tar.gz')).size} bytes`;
  return compare(`packaging ${label} (${sizes})`, 'ms', { subject: 'tar -c, piped to gzip -n', values: shell }, { subject: 'reproducible node-tar tarball', values: node });
}

export async function benchPackaging(): Promise<Row[]> {
  const rows = await benchOne('small', dirname(builtPluginPath({ plugin: 'wasmedge_process', target: 'host' })), 20);
  const large = (() => {
    try {
      return dirname(builtPluginPath({ plugin: 'wasmedge_httpsreq', target: 'manylinux2014_x86_64' }));
    } catch {
      return undefined;
    }
  })();
  if (large && existsSync(large)) rows.push(...(await benchOne('large', large, 10)));
  else console.error('bench packaging: no manylinux2014_x86_64 build of wasmedge_httpsreq, so only the small library is measured (npx nx run httpsreq:build -c manylinux2014_x86_64)');
  return rows;
}
