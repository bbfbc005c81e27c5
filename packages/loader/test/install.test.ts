import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoaderError } from '../src/errors.ts';
import { installPlugin, listInstalled, uninstallPlugin, upgradePlugins } from '../src/install/installer.ts';
import { openReleaseSource } from '../src/source/release-source.ts';
import { resolveAsset } from '../src/source/resolve.ts';
import { addCraftedAsset, HOST_PLATFORM, LIBRARY, makeRelease, readIndex, scratch, serveDirectory, writeIndex } from '@wasmedge-plugins/test-support/fixtures';

const platforms = [HOST_PLATFORM];
const servers: { close(): void }[] = [];
afterAll(() => servers.forEach((s) => s.close()));

async function serve(dir: string, hooks?: Parameters<typeof serveDirectory>[1]) {
  const served = await serveDirectory(dir, hooks);
  servers.push(served.server);
  return served;
}

async function install(pluginDir: string, location: string, range = '*', http = {}) {
  const source = await openReleaseSource(location, http);
  return installPlugin({ pluginDir, source, request: { plugin: 'fixture', range, platforms }, lockWaitMs: 5_000 });
}

function snapshot(pluginDir: string): string {
  const files = readdirSync(pluginDir, { recursive: true }) as string[];
  return files.sort().map((f) => (f.endsWith('.so') || f.endsWith('.json') ? `${f}:${readFileSync(join(pluginDir, f)).length}` : f)).join('\n');
}

async function refusal(work: Promise<unknown>): Promise<LoaderError> {
  try {
    await work;
  } catch (err) {
    expect(err).toBeInstanceOf(LoaderError);
    return err as LoaderError;
  }
  throw new Error('expected a refusal');
}

let release: string;
beforeAll(async () => {
  release = await makeRelease(['1.0.0', '1.1.0']);
});

describe('installing from an HTTP server and from a directory mirror', () => {
  it('installs the highest version in range, records it, and lists it', async () => {
    const { url, requests } = await serve(release);
    const pluginDir = join(scratch('home-'), 'plugin');
    const result = await install(pluginDir, url, '^1.0.0');
    expect(result.asset.version).toBe('1.1.0');
    expect(requests).toEqual(['index.json', result.asset.file]);
    expect(existsSync(join(pluginDir, 'fixture', LIBRARY))).toBe(true);
    const listed = await listInstalled(pluginDir);
    expect(listed.map((r) => [r.plugin, r.version, r.drift])).toEqual([['fixture', '1.1.0', []]]);
  });

  it('installs from a directory, then upgrades within the recorded range and uninstalls only its own files', async () => {
    const pluginDir = join(scratch('home-'), 'plugin');
    await install(pluginDir, release, '~1.0.0');
    expect((await listInstalled(pluginDir))[0]!.version).toBe('1.0.0');
    writeFileSync(join(pluginDir, 'someone-elses.so'), 'not ours');

    const again = await install(pluginDir, release, '~1.0.0');
    expect(again.changed).toBe(false);

    const source = await openReleaseSource(`file://${release}`);
    const upgraded = await upgradePlugins({ pluginDir, source, platforms });
    expect(upgraded.map((r) => r.changed)).toEqual([false]); // 1.1.0 is outside ~1.0.0

    await install(pluginDir, release, '^1.0.0');
    expect((await listInstalled(pluginDir))[0]!.version).toBe('1.1.0');

    await uninstallPlugin(pluginDir, 'fixture');
    expect(await listInstalled(pluginDir)).toEqual([]);
    expect(existsSync(join(pluginDir, 'fixture'))).toBe(false);
    expect(readFileSync(join(pluginDir, 'someone-elses.so'), 'utf8')).toBe('not ours');
    const err = await refusal(uninstallPlugin(pluginDir, 'fixture'));
    expect(err.kind).toBe('not-installed');
  });

  it('explains why nothing matched, asset by asset', async () => {
    const source = await openReleaseSource(release);
    expect(() => resolveAsset(source.index, { plugin: 'fixture', range: '>=2', runtime: '0.16.2', platforms: ['solaris_sparc'] })).toThrowError(
      /no release of fixture fits:\n  WasmEdge-plugin-fixture-1.0.0-.*: version 1.0.0 is outside >=2\n  WasmEdge-plugin-fixture-1.1.0-.*: version 1.1.0 is outside >=2/,
    );
    expect(() => resolveAsset(source.index, { plugin: 'fixture', runtime: '0.16.2', platforms })).toThrowError(/made for WasmEdge >=0.17.0 <0.18.0, not 0.16.2/);
    expect(() => resolveAsset(source.index, { plugin: 'fixture', platforms: ['solaris_sparc'] })).toThrowError(/platform .* does not run here \(this machine runs: solaris_sparc\)/);
    expect(() => resolveAsset(source.index, { plugin: 'nope', platforms })).toThrowError('the release index has no plug-in named nope (it offers: fixture)');
  });
});

describe('refusals leave the previous install intact', () => {
  let pluginDir: string;
  let before: string;
  beforeAll(async () => {
    pluginDir = join(scratch('home-'), 'plugin');
    await install(pluginDir, release, '1.0.0');
    before = snapshot(pluginDir);
  });

  async function expectRefused(work: Promise<unknown>, kind: string, message: RegExp) {
    const err = await refusal(work);
    expect(err.kind).toBe(kind);
    expect(err.message).toMatch(message);
    expect(snapshot(pluginDir)).toBe(before);
    expect(readdirSync(join(pluginDir, '..')).filter((f) => f.includes('staging'))).toEqual([]);
  }

  it('a tampered tarball (same size, other bytes)', async () => {
    const copy = await makeRelease(['1.0.0', '1.1.0']);
    const asset = readIndex(copy).assets.find((a) => a.version === '1.1.0')!;
    const bytes = readFileSync(join(copy, asset.file));
    const at = bytes.length - 10;
    bytes[at] = bytes[at]! ^ 0xff;
    writeFileSync(join(copy, asset.file), bytes);
    await expectRefused(install(pluginDir, copy, '1.1.0'), 'verify', /sha256 is [0-9a-f]{64}, the release index says [0-9a-f]{64}/);
  });

  it('a wrong checksum in the index', async () => {
    const copy = await makeRelease(['1.0.0', '1.1.0']);
    const index = readIndex(copy);
    writeIndex(copy, index.assets.map((a) => (a.version === '1.1.0' ? { ...a, sha256: '0'.repeat(64) } : a)));
    await expectRefused(install(pluginDir, copy, '1.1.0'), 'verify', /the release index says 0{64}/);
  });

  it('a path that climbs out of the destination', async () => {
    const copy = await makeRelease(['1.0.0']);
    await addCraftedAsset(copy, '1.2.0', (dir) => {
      writeFileSync(join(dir, '..', 'evil'), 'x');
      return ['../evil'];
    }, { preservePaths: true });
    await expectRefused(install(pluginDir, copy, '1.2.0'), 'verify', /refusing entry "..\/evil": a path that leaves the destination/);
  });

  it('a symbolic link that points outside', async () => {
    const copy = await makeRelease(['1.0.0']);
    await addCraftedAsset(copy, '1.3.0', (dir) => {
      symlinkSync('/etc/passwd', join(dir, LIBRARY));
      return [LIBRARY];
    });
    await expectRefused(install(pluginDir, copy, '1.3.0'), 'verify', /refusing entry "libwasmedgePluginFixture.so": a symbolic link/);
  });

  it('an archive without the library the index names', async () => {
    const copy = await makeRelease(['1.0.0']);
    await addCraftedAsset(copy, '1.4.0', (dir) => {
      writeFileSync(join(dir, 'LICENSE'), 'only a license');
      return ['LICENSE'];
    });
    await expectRefused(install(pluginDir, copy, '1.4.0'), 'verify', /does not contain libwasmedgePluginFixture.so/);
  });

  it('a truncated download', async () => {
    const asset = readIndex(release).assets.find((a) => a.version === '1.1.0')!;
    const body = readFileSync(join(release, asset.file));
    const { url } = await serve(release, {
      [asset.file]: (res) => {
        res.writeHead(200, { 'content-length': body.length });
        res.write(body.subarray(0, body.length >> 1));
        res.destroy();
      },
    });
    await expectRefused(install(pluginDir, url, '1.1.0', { attempts: 1 }), 'download', /(GET|downloading) .*WasmEdge-plugin-fixture-1.1.0-.* failed/);
  });

  it('a server that stalls', async () => {
    const asset = readIndex(release).assets.find((a) => a.version === '1.1.0')!;
    const { url } = await serve(release, {
      [asset.file]: (res) => {
        res.writeHead(200, { 'content-length': asset.size });
        res.write(Buffer.alloc(100));
      },
    });
    const started = Date.now();
    await expectRefused(install(pluginDir, url, '1.1.0', { timeoutMs: 500, attempts: 1 }), 'download', /failed/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a server that answers 404 for the index', async () => {
    const { url } = await serve(scratch('empty-release-'));
    await expectRefused(install(pluginDir, url), 'download', /GET http:\/\/127.0.0.1:\d+\/index.json: the server answered 404 Not Found/);
  });
});

describe('concurrent installers', () => {
  it('are serialized by the lock and both finish with one consistent install', async () => {
    const pluginDir = join(scratch('home-'), 'plugin');
    const [a, b] = await Promise.all([install(pluginDir, release, '1.0.0'), install(pluginDir, release, '1.1.0')]);
    expect([a.changed, b.changed]).toEqual([true, true]);
    const listed = await listInstalled(pluginDir);
    expect(listed).toHaveLength(1);
    expect(listed[0]!.drift).toEqual([]);
    expect(existsSync(join(pluginDir, '..', '.plugin.lock'))).toBe(false);
  });

  it('refuse to wait forever for a lock held by a live process', async () => {
    const pluginDir = join(scratch('home-'), 'plugin');
    await install(pluginDir, release, '1.0.0');
    writeFileSync(join(pluginDir, '..', '.plugin.lock'), `${process.ppid}\n`);
    const source = await openReleaseSource(release);
    const err = await refusal(installPlugin({ pluginDir, source, request: { plugin: 'fixture', range: '1.1.0', platforms }, lockWaitMs: 300 }));
    expect(err.kind).toBe('locked');
    expect(err.message).toMatch(new RegExp(`another installer \\(pid ${process.ppid}\\) holds`));
  });
});
