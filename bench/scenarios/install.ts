/**
 * Install: one plug-in from a local HTTP server with the loader (download,
 * sha256 check, archive checks, extraction, the descriptor read in a child
 * process, atomic swap, record), against
 * `curl | sha256sum` plus `tar -xz` of the same file in the same run.
 * Uses dist/release/ from `npx nx run-many -t package`.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installPlugin } from '../../packages/loader/src/install/installer.ts';
import { openReleaseSource } from '../../packages/loader/src/source/release-source.ts';
import { workspaceRoot } from '../../tools/src/cli/cli-support.ts';
import { compare, timeRuns, type Row } from '../measure.ts';

export async function benchInstall(): Promise<Row[]> {
  const release = join(workspaceRoot(), 'dist', 'release');
  const index = JSON.parse(readFileSync(join(release, 'index.json'), 'utf8')) as { assets: { plugin: string; platform: string; file: string }[] };
  const asset = index.assets.find((a) => a.plugin === 'wasmedge_process');
  if (!asset) throw new Error(`${release}/index.json has no wasmedge_process: run npx nx run-many -t package first`);
  const server = createServer((req, res) => {
    const name = (req.url ?? '/').slice(1);
    try {
      const body = readFileSync(join(release, name));
      res.writeHead(200, { 'content-length': body.length }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  try {
    // The server runs in this process: the shell pipeline must not block its event loop.
    const run = promisify(execFile);
    const shell = await timeRuns(15, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'bench-curl-'));
      const script = 'curl -sSf "$1" -o "$2/a.tgz" && sha256sum "$2/a.tgz" >/dev/null && tar -xzf "$2/a.tgz" -C "$2"';
      await run('sh', ['-c', script, 'sh', url + asset.file, dir]);
      rmSync(dir, { recursive: true, force: true });
    }, 2);
    const loader = await timeRuns(15, async () => {
      const pluginDir = join(mkdtempSync(join(tmpdir(), 'bench-install-')), 'plugin');
      const source = await openReleaseSource(url);
      await installPlugin({ pluginDir, source, request: { plugin: 'wasmedge_process', platforms: [asset.platform] } });
      rmSync(join(pluginDir, '..'), { recursive: true, force: true });
    }, 2);
    return compare('install', 'ms', { subject: 'curl, sha256sum, tar -xz', values: shell }, { subject: 'loader install (verified, atomic)', values: loader });
  } finally {
    server.close();
  }
}
