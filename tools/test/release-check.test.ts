import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexAsset, ReleaseIndex } from '@wasmedge-plugins/common';
import { validateManifest } from '../src/manifest/load-manifest.ts';
import { checkTag, findExistingAssets, listPublishedIndexUrls, parseReleaseTag } from '../src/release/release-tag.ts';
import { makeScratchWorkspace, parseErrorAnnotations, runStep, runStepAsync } from './actions-harness.ts';

const MANIFEST = {
  runtime: { range: '>=0.17.0 <0.18.0', testedWith: '0.17.1', pluginApiVersion: 5 },
  plugins: [
    { name: 'alpha_plugin', package: 'alpha', library: 'libwasmedgePluginAlpha.so', version: '1.4.2', description: 'First.', targets: ['host'] },
    { name: 'beta_plugin', package: 'beta', library: 'libwasmedgePluginBeta.so', version: '2.0.0-rc.1', description: 'Second.', targets: ['host'] },
  ],
};

function asset(plugin: string, version: string, platform = 'manylinux2014_x86_64'): IndexAsset {
  return {
    plugin, backend: null, version, platform, target: platform, arch: 'x86_64', runtime: '>=0.17.0 <0.18.0', pluginApiVersion: 5,
    library: 'libwasmedgePluginX.so', file: `WasmEdge-plugin-${plugin}-${version}-${platform}.tar.gz`, size: 10, sha256: 'a'.repeat(64),
    glibcFloor: '2.17', cxxAbi: null, needed: ['libc.so.6'],
  };
}

const indexOf = (...assets: IndexAsset[]): ReleaseIndex => ({ schemaVersion: 1, assets: assets.sort((a, b) => (a.file < b.file ? -1 : 1)) });

function makeReleaseWorkspace(published?: ReleaseIndex): string {
  const pkg = (version: string) => `{\n  "name": "x",\n  "version": "${version}"\n}\n`;
  const ws = makeScratchWorkspace({ 'packages/alpha/package.json': pkg('1.4.2'), 'packages/beta/package.json': pkg('2.0.0-rc.1') }, MANIFEST);
  if (published) writeFileSync(join(ws, 'published-index.json'), JSON.stringify(published));
  return ws;
}

const checkRelease = (ws: string, ...args: string[]) => runStep('version', ['check-release', ...args], { cwd: ws });
// The http tests serve the index from this process, so their step must not block it.
const checkReleaseAsync = (ws: string, ...args: string[]) => runStepAsync('version', ['check-release', ...args], { cwd: ws });
const failure = (step: ReturnType<typeof runStep>) => parseErrorAnnotations(step.stdout).map((a) => a.message).join('\n');

describe('version check-release (command)', () => {
  it('passes a tag that matches the manifest when the published index has other versions, and sets its outputs', () => {
    const ws = makeReleaseWorkspace(indexOf(asset('alpha_plugin', '1.4.1'), asset('beta_plugin', '1.0.0')));
    const step = checkRelease(ws, '--tag', 'alpha_plugin-v1.4.2', '--index', 'published-index.json');
    expect(step.status, step.stdout).toBe(0);
    expect(Object.fromEntries(step.outputs)).toEqual({ tag: 'alpha_plugin-v1.4.2', version: '1.4.2', prerelease: 'false', plugins: '["alpha_plugin"]' });
    expect(Object.fromEntries(step.exported)).toEqual({ RELEASE_VERSION: '1.4.2', RELEASE_PRERELEASE: 'false' });
    expect(step.summary).toContain('Release check: alpha_plugin-v1.4.2');
    expect(step.stdout).toContain('2 published asset(s), none of alpha_plugin 1.4.2');
  });

  it('refuses a duplicate release: an asset of that version is already in the published index', () => {
    const ws = makeReleaseWorkspace(indexOf(asset('alpha_plugin', '1.4.2'), asset('alpha_plugin', '1.4.2', 'host_x86_64')));
    const step = checkRelease(ws, '--tag', 'alpha_plugin-v1.4.2', '--index', 'published-index.json');
    expect(step.status).toBe(1);
    expect(failure(step)).toBe(
      'refusing to release alpha_plugin-v1.4.2: the published index published-index.json already has 2 asset(s) of alpha_plugin 1.4.2:\n' +
        '  WasmEdge-plugin-alpha_plugin-1.4.2-host_x86_64.tar.gz\n' +
        '  WasmEdge-plugin-alpha_plugin-1.4.2-manylinux2014_x86_64.tar.gz\n' +
        'A published release is never overwritten. Bump the version (npx tsx tools/src/cli/version.ts bump patch --plugin alpha_plugin), commit, and tag again.',
    );
    expect(step.outputs.size).toBe(0);
  });

  it('refuses a tag whose version is not the manifest’s, saying how to bump', () => {
    const ws = makeReleaseWorkspace(indexOf());
    const step = checkRelease(ws, '--tag', 'v1.4.2', '--index', 'published-index.json');
    expect(step.status).toBe(1);
    expect(failure(step)).toBe(
      'tag "v1.4.2" does not match the versions in the repository:\n' +
        '  release-manifest.json has beta_plugin at 2.0.0-rc.1, the tag says 1.4.2\n' +
        'Set the versions with "npx tsx tools/src/cli/version.ts bump <major|minor|patch|prerelease>", commit, and tag that commit.',
    );
  });

  describe('with a published index over http', () => {
    let server: Server;
    let base: string;
    const served = new Map<string, ReleaseIndex>();
    beforeAll(async () => {
      server = createServer((req, res) => {
        if (req.url === '/slow/index.json') return; // never answers: the timeout must fire
        const index = served.get(req.url ?? '');
        res.writeHead(index ? 200 : 404, { 'content-type': 'application/json' }).end(index ? JSON.stringify(index) : 'Not Found');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => {
      server.closeAllConnections();
      server.close();
    });

    it('marks a pre-release as a draft when nothing is published yet (404)', async () => {
      const step = await checkReleaseAsync(makeReleaseWorkspace(), '--tag', 'beta_plugin-v2.0.0-rc.1', '--releases-url', `${base}/releases`);
      expect(step.status, step.stdout).toBe(0);
      expect(step.outputs.get('prerelease')).toBe('true');
      expect(step.stdout).toContain(`nothing published at ${base}/releases/latest/download/index.json yet`);
    });

    it('finds a version published under the other tag form', async () => {
      served.set('/releases/download/v1.4.2/index.json', indexOf(asset('alpha_plugin', '1.4.2')));
      const step = await checkReleaseAsync(makeReleaseWorkspace(), '--tag', 'alpha_plugin-v1.4.2', '--releases-url', `${base}/releases/`);
      expect(step.status).toBe(1);
      expect(failure(step)).toContain(`the published index ${base}/releases/download/v1.4.2/index.json already has 1 asset(s) of alpha_plugin 1.4.2`);
    });

    it('stops when the index does not answer in time, because it could not check', async () => {
      const step = await checkReleaseAsync(makeReleaseWorkspace(), '--tag', 'alpha_plugin-v1.4.2', '--index', `${base}/slow/index.json`, '--timeout-ms', '300');
      expect(step.status).toBe(1);
      expect(failure(step)).toBe(
        `cannot read the published index ${base}/slow/index.json: no answer within 300 ms; the release check cannot tell whether this version is out, so it stops (retry, or pass --timeout-ms)`,
      );
    });
  });
});

describe('parseReleaseTag', () => {
  it('reads both tag forms and refuses anything else with the expected forms', () => {
    expect(parseReleaseTag('v1.2.3')).toMatchObject({ scope: 'all', version: '1.2.3', prerelease: false, previousTagMatch: 'v[0-9]*' });
    expect(parseReleaseTag('wasmedge_process-v1.2.3-rc.0')).toMatchObject({
      scope: 'plugin', plugin: 'wasmedge_process', version: '1.2.3-rc.0', prerelease: true, previousTagMatch: 'wasmedge_process-v[0-9]*',
    });
    expect(() => parseReleaseTag('release-1.2.3')).toThrowError(
      'tag "release-1.2.3" is not a release tag; expected v0.17.1 (every plug-in) or wasmedge_process-v0.17.1 (one plug-in)',
    );
    expect(() => parseReleaseTag('v1.2')).toThrowError('tag "v1.2": "1.2" is not a semver version such as 1.2.3 or 1.2.3-rc.0');
  });
});

describe('checkTag', () => {
  const manifest = validateManifest(MANIFEST, 'fixture');
  it('refuses a package.json that is out of step with the manifest', () => {
    expect(() => checkTag('alpha_plugin-v1.4.2', manifest, new Map([['alpha', '1.4.1']]))).toThrowError(
      'packages/alpha/package.json has version 1.4.1, release-manifest.json has alpha_plugin at 1.4.2',
    );
  });
});

describe('findExistingAssets and listPublishedIndexUrls', () => {
  it('match on plug-in and version only, and look under both tag forms and the latest release', () => {
    const index = indexOf(asset('alpha_plugin', '1.4.2'), asset('alpha_plugin', '1.4.3'), asset('beta_plugin', '1.4.2'));
    expect(findExistingAssets(index, [{ name: 'alpha_plugin', version: '1.4.2' }]).map((a) => a.file)).toEqual([
      'WasmEdge-plugin-alpha_plugin-1.4.2-manylinux2014_x86_64.tar.gz',
    ]);
    expect(listPublishedIndexUrls('https://example.org/o/r/releases', { plugins: [{ name: 'a', version: '1.0.0' }] as never })).toEqual([
      'https://example.org/o/r/releases/download/a-v1.0.0/index.json',
      'https://example.org/o/r/releases/download/v1.0.0/index.json',
      'https://example.org/o/r/releases/latest/download/index.json',
    ]);
  });
});
