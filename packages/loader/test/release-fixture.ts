/**
 * Release directories for installer tests, made by the project's own
 * packaging step (tools/src/package) from the fixture plug-in, plus helpers
 * to add deliberately bad assets and to serve a directory over HTTP.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar';
import { describeHostTarget, readHostFacts, sortIndexAssets, type IndexAsset } from '@wasmedge-plugins/common';
import { packageAsset, sha256File } from '../../../tools/src/package/package-asset.ts';
import { readAssetFragments, writeAssetFragment, writeReleaseFiles } from '../../../tools/src/package/release-files.ts';
import { buildFixturePlugin } from './fixture-plugin.ts';

export const HOST_PLATFORM = describeHostTarget(readHostFacts()).platform;
export const LIBRARY = 'libwasmedgePluginFixture.so';

export function scratch(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Packages the fixture plug-in at each version into one release directory. */
export async function makeRelease(versions: string[], platform = HOST_PLATFORM): Promise<string> {
  const install = scratch('fixture-install-');
  copyFileSync(buildFixturePlugin(), join(install, LIBRARY));
  writeFileSync(join(install, 'LICENSE'), 'Apache-2.0\n');
  const parts = scratch('fixture-parts-');
  for (const version of versions) {
    const asset = await packageAsset({
      cell: { plugin: 'fixture', package: 'fixture', backend: null, target: 'host', library: LIBRARY, version, cxxAbi: null, systemNeeded: [] },
      installDir: install,
      outDir: parts,
      runtime: { range: '>=0.17.0 <0.18.0', pluginApiVersion: 5 },
      platform,
      arch: describeHostTarget(readHostFacts()).arch,
      mtime: new Date(1_700_000_000_000),
      target: describeHostTarget(readHostFacts()),
    });
    await writeAssetFragment(parts, asset);
  }
  const release = scratch('fixture-release-');
  await writeReleaseFiles(release, await readAssetFragments(parts));
  return release;
}

export function readIndex(release: string): { schemaVersion: 1; assets: IndexAsset[] } {
  return JSON.parse(readFileSync(join(release, 'index.json'), 'utf8'));
}

export function writeIndex(release: string, assets: IndexAsset[]): void {
  writeFileSync(join(release, 'index.json'), `${JSON.stringify({ schemaVersion: 1, assets: sortIndexAssets(assets) }, null, 2)}\n`);
}

/** Adds an asset built from arbitrary tar entries, with a correct checksum, as version `version`. */
export async function addCraftedAsset(release: string, version: string, build: (dir: string) => string[], options: { preservePaths?: boolean } = {}): Promise<IndexAsset> {
  const dir = scratch('crafted-');
  const content = join(dir, 'content');
  mkdirSync(content);
  const entries = build(content);
  const file = `WasmEdge-plugin-fixture-${version}-${HOST_PLATFORM}.tar.gz`;
  await tar.c({ file: join(release, file), gzip: true, cwd: content, portable: true, preservePaths: options.preservePaths ?? false }, entries);
  const index = readIndex(release);
  const template = index.assets[0]!;
  const asset: IndexAsset = { ...template, version, file, size: readFileSync(join(release, file)).length, sha256: await sha256File(join(release, file)) };
  writeIndex(release, [...index.assets, asset]);
  return asset;
}


/** Serves `dir` over HTTP on 127.0.0.1; `hooks` can replace a response for a path. */
export async function serveDirectory(
  dir: string,
  hooks: Record<string, (res: import('node:http').ServerResponse) => void> = {},
): Promise<{ url: string; server: Server; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '/').slice(1));
    requests.push(name);
    const hook = hooks[name];
    if (hook) return hook(res);
    if (!/^[A-Za-z0-9._+-]+$/.test(name)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = readFileSync(join(dir, name));
      res.writeHead(200, { 'content-length': body.length }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/`, server, requests };
}
