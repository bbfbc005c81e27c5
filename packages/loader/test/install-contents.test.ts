/**
 * What a tarball may put on disk: exactly the files the release index
 * declares, with the installer's modes, the library a real plug-in with the
 * index's descriptor, nothing outside the plug-in directory, and no bombs.
 */
import { chmodSync, copyFileSync, existsSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LoaderError } from '../src/errors.ts';
import { installPlugin } from '../src/install/installer.ts';
import { openReleaseSource, type ReleaseSource } from '../src/source/release-source.ts';
import { buildFixturePlugin } from '@wasmedge-plugins/test-support/fixtures';
import { buildProbeLibrary } from './fixtures/probe-libraries.ts';
import { addCraftedAsset, HOST_PLATFORM, LIBRARY, makeRelease, readIndex, scratch, writeIndex } from '@wasmedge-plugins/test-support/fixtures';

const platforms = [HOST_PLATFORM];
let fixtureLibrary: string;
beforeAll(() => {
  fixtureLibrary = buildFixturePlugin();
});

async function install(pluginDir: string, release: string, range: string) {
  const source = await openReleaseSource(release);
  return installPlugin({ pluginDir, source, request: { plugin: 'fixture', range, platforms }, lockWaitMs: 5_000 });
}

async function refusal(work: Promise<unknown>): Promise<LoaderError> {
  const err = await work.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(LoaderError);
  return err as LoaderError;
}

/** A release whose 2.0.0 tarball holds what `build` writes, declared in the index as the library and LICENSE. */
async function crafted(build: (dir: string) => string[]): Promise<string> {
  const release = await makeRelease(['1.0.0']);
  await addCraftedAsset(release, '2.0.0', build);
  return release;
}

function withLibrary(dir: string, from = fixtureLibrary): void {
  copyFileSync(from, join(dir, LIBRARY));
  writeFileSync(join(dir, 'LICENSE'), 'Apache-2.0\n');
}

function mode(path: string): string {
  return (statSync(path).mode & 0o7777).toString(8);
}

describe('installed files get the installer\'s modes, not the archive\'s', () => {
  it('drops set-id bits and world-writable modes, even under umask 000', async () => {
    const release = await crafted((dir) => {
      withLibrary(dir);
      chmodSync(join(dir, LIBRARY), 0o6777);
      chmodSync(join(dir, 'LICENSE'), 0o4777);
      return [LIBRARY, 'LICENSE'];
    });
    const pluginDir = join(scratch('home-'), 'plugin');
    const previous = process.umask(0);
    try {
      await install(pluginDir, release, '2.0.0');
    } finally {
      process.umask(previous);
    }
    expect([mode(join(pluginDir, 'fixture')), mode(join(pluginDir, 'fixture', LIBRARY)), mode(join(pluginDir, 'fixture', 'LICENSE'))]).toEqual(['755', '755', '644']);
    expect(mode(join(pluginDir, '.wasmedge-plugins.json'))).toBe('644');
  });
});

describe('a tarball must hold exactly what the index declares', () => {
  const cases: [string, (dir: string) => string[], RegExp][] = [
    ['an extra file', (dir) => (withLibrary(dir), writeFileSync(join(dir, 'README'), 'extra'), [LIBRARY, 'LICENSE', 'README']), /refusing entry "README": a file the release index does not declare/],
    ['an extra .so in a subdirectory', (dir) => {
      withLibrary(dir);
      mkdirSync(join(dir, 'sub'));
      copyFileSync(fixtureLibrary, join(dir, 'sub', 'libextra.so'));
      return [LIBRARY, 'LICENSE', 'sub'];
    }, /refusing entry "sub\/": a directory, and a release holds only regular files/],
    ['a nested .so without a directory entry', (dir) => {
      withLibrary(dir);
      mkdirSync(join(dir, 'sub'));
      copyFileSync(fixtureLibrary, join(dir, 'sub', 'libextra.so'));
      return [LIBRARY, 'LICENSE', 'sub/libextra.so'];
    }, /refusing entry "sub\/libextra.so": a file the release index does not declare/],
    ['the library twice', (dir) => (withLibrary(dir), [LIBRARY, 'LICENSE', LIBRARY]), /refusing entry "libwasmedgePluginFixture.so": a second entry of the same name/],
    ['no license notice', (dir) => (withLibrary(dir), [LIBRARY]), /does not contain LICENSE, which the release index declares/],
  ];
  for (const [what, build, message] of cases) {
    it(`refuses ${what}, installing nothing`, async () => {
      const release = await crafted(build);
      const pluginDir = join(scratch('home-'), 'plugin');
      const err = await refusal(install(pluginDir, release, '2.0.0'));
      expect(err.kind).toBe('verify');
      expect(err.message).toMatch(message);
      expect(existsSync(join(pluginDir, 'fixture'))).toBe(false);
    });
  }

  it('refuses an archive that would unpack to far more than its size, before writing anything', async () => {
    const release = await crafted((dir) => {
      withLibrary(dir);
      writeFileSync(join(dir, LIBRARY), Buffer.alloc(32 * 1024 ** 2)); // compresses about 1000 to 1
      return [LIBRARY, 'LICENSE'];
    });
    const pluginDir = join(scratch('home-'), 'plugin');
    const err = await refusal(install(pluginDir, release, '2.0.0'));
    expect(err.message).toMatch(/would unpack to more than \d+ bytes \(at most 50 times its size/);
    expect(readdirSync(join(pluginDir, '..')).filter((f) => f.includes('staging'))).toEqual([]);
  });
});

describe('the library must be the WasmEdge plug-in the index names', () => {
  it('refuses an ordinary shared library (no descriptor)', async () => {
    const plain = buildProbeLibrary({ fault: 'NO_DESCRIPTOR' });
    const release = await crafted((dir) => (withLibrary(dir, plain), [LIBRARY, 'LICENSE']));
    const err = await refusal(install(join(scratch('home-'), 'plugin'), release, '2.0.0'));
    expect(err.kind).toBe('verify');
    expect(err.message).toMatch(/does not export WasmEdge_Plugin_GetDescriptor .*so it is not a WasmEdge plug-in/);
  });

  it('refuses a plug-in whose descriptor names another plug-in or API version', async () => {
    const other = buildProbeLibrary({ name: 'impostor', apiVersion: 4 });
    const release = await crafted((dir) => (withLibrary(dir, other), [LIBRARY, 'LICENSE']));
    const err = await refusal(install(join(scratch('home-'), 'plugin'), release, '2.0.0'));
    expect(err.message).toMatch(/describes itself with name "impostor" \(the index says "fixture"\) and plug-in API version 4 \(the index says 5\)/);
  });

  it('refuses a library that crashes while it is opened', async () => {
    const crashing = buildProbeLibrary({ name: 'fixture', fault: 'ABORT_IN_CONSTRUCTOR' });
    const release = await crafted((dir) => (withLibrary(dir, crashing), [LIBRARY, 'LICENSE']));
    const err = await refusal(install(join(scratch('home-'), 'plugin'), release, '2.0.0'));
    expect(err.message).toMatch(/is not a plug-in this tool can install: .*killed by SIGABRT/);
  });
});

describe('names from the index stay inside the plug-in directory', () => {
  it('an index naming a plug-in "../../x" is not a valid index', async () => {
    const release = await makeRelease(['1.0.0']);
    writeIndex(release, readIndex(release).assets.map((a) => ({ ...a, plugin: '../../x' })));
    const err = await refusal(openReleaseSource(release));
    expect(err.kind).toBe('index');
    expect(err.message).toMatch(/assets\[0\]\.plugin: must match pattern/);
  });

  it('installPlugin refuses such a name even from a source that skipped validation', async () => {
    const release = await makeRelease(['1.0.0']);
    const valid = await openReleaseSource(release);
    const source: ReleaseSource = { ...valid, index: { ...valid.index, assets: valid.index.assets.map((a) => ({ ...a, plugin: '../../x' })) } };
    const home = scratch('home-');
    const pluginDir = join(home, 'a', 'plugin');
    const err = await refusal(installPlugin({ pluginDir, source, request: { plugin: '../../x', platforms } }));
    expect(err.message).toMatch(/the plug-in name "..\/..\/x" is not a path inside the plug-in directory/);
    expect(existsSync(join(home, 'x'))).toBe(false);
  });
});
