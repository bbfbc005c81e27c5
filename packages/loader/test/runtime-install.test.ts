/**
 * fetchRuntime on wheels written for the test (yazl): only the members the
 * index lists are taken, as regular files under their base names; a member
 * that is missing, a directory or a link, one that would replace the
 * plug-in's own file, and a file that is not a zip are refused with what
 * was wrong. The real wheels, the CLI and an inference are exercised by
 * packages/wasi-nn/test/install-with-runtime.test.ts.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import yazl from 'yazl';
import type { BackendRuntime } from '@wasmedge-plugins/common';
import { HOST_PLATFORM, makeRelease, readIndex, writeIndex } from '@wasmedge-plugins/test-support/fixtures';
import { installPlugin, listInstalled, uninstallPlugin, upgradePlugins } from '../src/install/installer.ts';
import { fetchRuntime, sourceLocation } from '../src/install/runtime-install.ts';
import { openReleaseSource } from '../src/source/release-source.ts';

interface Entry {
  name: string;
  data?: string;
  mode?: number;
}

function zipOf(entries: Entry[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const e of entries) {
    if (e.data === undefined) zip.addEmptyDirectory(e.name);
    else zip.addBuffer(Buffer.from(e.data), e.name, e.mode === undefined ? {} : { mode: e.mode });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/** A mirror directory holding `bytes` as `file`, and the runtime whose one source it is. */
function served(bytes: Buffer, members: string[], file = 'rt-1.0-py3-none-manylinux_2_17_x86_64.whl'): { mirror: string; runtime: BackendRuntime } {
  const mirror = mkdtempSync(join(tmpdir(), 'runtime-mirror-'));
  writeFileSync(join(mirror, file), bytes);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return {
    mirror,
    runtime: {
      package: 'rt',
      version: '1.0',
      libraries: members.map((m) => m.slice(m.lastIndexOf('/') + 1)),
      cxxAbi: null,
      glibcFloor: '2.17',
      linkage: 'dlopen',
      sources: [{ file, url: `https://files.example.test/packages/${file}`, sha256, size: bytes.length, members }],
    },
  };
}

function dirs(): { staging: string; content: string } {
  const root = mkdtempSync(join(tmpdir(), 'runtime-fetch-'));
  mkdirSync(join(root, 'staging'));
  mkdirSync(join(root, 'content'));
  writeFileSync(join(root, 'content', 'libwasmedgePluginWasiNN.so'), 'plug-in');
  return { staging: join(root, 'staging'), content: join(root, 'content') };
}

describe('fetchRuntime', () => {
  it('takes only the listed members, flat, as 0644 regular files, and removes the download', async () => {
    const bytes = await zipOf([
      { name: 'rt/libs/' },
      { name: 'rt/libs/librt.so.1', data: 'runtime library', mode: 0o100755 },
      { name: 'rt/libs/librt_helper.so', data: 'helper' },
      { name: 'rt/libs/libunused.so', data: 'not listed' },
      { name: 'rt/__init__.py', data: '' },
    ]);
    const { mirror, runtime } = served(bytes, ['rt/libs/librt.so.1', 'rt/libs/librt_helper.so']);
    const { staging, content } = dirs();
    const installed = await fetchRuntime(runtime, staging, content, { mirror });
    expect(installed).toMatchObject({ package: 'rt', version: '1.0', files: ['librt.so.1', 'librt_helper.so'], size: 'runtime library'.length + 'helper'.length });
    expect(installed.sources).toEqual([{ file: runtime.sources![0]!.file, sha256: runtime.sources![0]!.sha256, location: join(mirror, runtime.sources![0]!.file) }]);
    expect(readdirSync(content).sort()).toEqual(['librt.so.1', 'librt_helper.so', 'libwasmedgePluginWasiNN.so']);
    expect(readFileSync(join(content, 'librt.so.1'), 'utf8')).toBe('runtime library');
    expect(statSync(join(content, 'librt.so.1')).mode & 0o7777).toBe(0o644);
    expect(readdirSync(staging)).toEqual([]);
  });

  it('refuses a member the wheel does not hold, a directory and a link', async () => {
    const bytes = await zipOf([
      { name: 'rt/libs/' },
      { name: 'rt/libs/librt.so.1', data: 'runtime library' },
      { name: 'rt/libs/libevil.so', data: '/etc/passwd', mode: 0o120777 },
    ]);
    for (const [member, why] of [
      ['rt/libs/libmissing.so', 'it is not in the file'],
      ['rt/libs', 'it is not in the file'],
      ['rt/libs/libevil.so', 'it is not a regular file (a link or a device)'],
    ] as const) {
      const { mirror, runtime } = served(bytes, ['rt/libs/librt.so.1', member]);
      const { staging, content } = dirs();
      await expect(fetchRuntime(runtime, staging, content, { mirror })).rejects.toThrow(`${runtime.sources![0]!.file}: cannot take ${member}: ${why}`);
    }
  });

  it("refuses a member that would replace the plug-in's own file", async () => {
    const bytes = await zipOf([{ name: 'rt/libwasmedgePluginWasiNN.so', data: 'another plug-in' }]);
    const { mirror, runtime } = served(bytes, ['rt/libwasmedgePluginWasiNN.so']);
    const { staging, content } = dirs();
    await expect(fetchRuntime(runtime, staging, content, { mirror })).rejects.toThrow("would replace the plug-in's own libwasmedgePluginWasiNN.so");
    expect(readFileSync(join(content, 'libwasmedgePluginWasiNN.so'), 'utf8')).toBe('plug-in');
  });

  it('refuses a file that matches the index but is not a zip', async () => {
    const { mirror, runtime } = served(Buffer.from('not a zip at all'), ['rt/librt.so.1']);
    const { staging, content } = dirs();
    await expect(fetchRuntime(runtime, staging, content, { mirror })).rejects.toThrow(/is not a readable zip archive/);
  });

  it('refuses a download whose sha256 differs from the index, before opening it', async () => {
    const bytes = await zipOf([{ name: 'rt/librt.so.1', data: 'runtime library' }]);
    const { mirror, runtime } = served(bytes, ['rt/librt.so.1']);
    writeFileSync(join(mirror, runtime.sources![0]!.file), Buffer.from(bytes.map((b, i) => (i === 40 ? b ^ 1 : b))));
    const { staging, content } = dirs();
    await expect(fetchRuntime(runtime, staging, content, { mirror })).rejects.toThrow(/sha256 is [0-9a-f]{64}, the release index says/);
    expect(readdirSync(staging)).toEqual([]);
    expect(existsSync(join(content, 'librt.so.1'))).toBe(false);
  });

  it('says where the runtime comes from when the index does not', async () => {
    const { runtime } = served(Buffer.from('x'), ['rt/librt.so.1']);
    const { staging, content } = dirs();
    await expect(fetchRuntime({ ...runtime, sources: undefined }, staging, content)).rejects.toThrow(
      'the release index does not say where the rt 1.0 runtime comes from; install it by hand (pip install rt==1.0)',
    );
  });
});

describe('sourceLocation', () => {
  const source = { file: 'a-1.whl', url: 'https://files.pythonhosted.org/packages/ab/cd/a-1.whl', sha256: '0'.repeat(64), size: 1, members: ['a/liba.so'] };
  it('is the registry URL without a mirror, and the file of that name on a mirror URL or directory', () => {
    expect(sourceLocation(source, undefined)).toBe(source.url);
    expect(sourceLocation(source, '')).toBe(source.url);
    expect(sourceLocation(source, 'http://127.0.0.1:8080/wheels')).toBe('http://127.0.0.1:8080/wheels/a-1.whl');
    expect(sourceLocation(source, 'https://mirror.example/pypi/')).toBe('https://mirror.example/pypi/a-1.whl');
    expect(sourceLocation(source, '/srv/wheels')).toBe('/srv/wheels/a-1.whl');
    expect(sourceLocation(source, 'file:///srv/wheels')).toBe('/srv/wheels/a-1.whl');
  });
});

describe('a plug-in installed with its runtime', () => {
  /** The fixture release, its asset made a backend's whose runtime is `version` of a written wheel in `mirror`. */
  async function releaseWithRuntime(release: string, mirror: string, version: string): Promise<void> {
    const file = `rt-${version}-py3-none-manylinux_2_17_x86_64.whl`;
    const bytes = await zipOf([{ name: 'rt/librt.so.1', data: `runtime ${version}` }]);
    writeFileSync(join(mirror, file), bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const [asset] = readIndex(release).assets;
    writeIndex(release, [
      {
        ...asset!,
        backend: 'cpu',
        backendRuntime: {
          package: 'rt', version, libraries: ['librt.so.1'], cxxAbi: null, glibcFloor: '2.17', linkage: 'dlopen',
          sources: [{ file, url: `https://files.example.test/${file}`, sha256, size: bytes.length, members: ['rt/librt.so.1'] }],
        },
      },
    ]);
  }

  it('keeps it on upgrade (a new runtime version is a change), lists its size, and uninstall removes it with the record', async () => {
    const release = await makeRelease(['1.0.0']);
    const mirror = mkdtempSync(join(tmpdir(), 'runtime-mirror-'));
    const pluginDir = join(mkdtempSync(join(tmpdir(), 'runtime-home-')), 'plugin');
    const request = { plugin: 'fixture', backend: 'cpu', range: '*', platforms: [HOST_PLATFORM] };
    await releaseWithRuntime(release, mirror, '1.0');
    const first = await installPlugin({ pluginDir, source: await openReleaseSource(release), request, withRuntime: { mirror } });
    expect(first.record.runtime).toMatchObject({ package: 'rt', version: '1.0', files: ['librt.so.1'], size: 'runtime 1.0'.length });
    expect(readFileSync(join(pluginDir, 'fixture', 'librt.so.1'), 'utf8')).toBe('runtime 1.0');
    expect((await listInstalled(pluginDir))[0]!.runtime?.size).toBe('runtime 1.0'.length);

    // Same plug-in release, same runtime: nothing to do. A new runtime version: installed again, with it.
    const source = await openReleaseSource(release);
    expect((await upgradePlugins({ pluginDir, source, platforms: [HOST_PLATFORM], runtimeFetch: { mirror } })).map((r) => r.changed)).toEqual([false]);
    await releaseWithRuntime(release, mirror, '2.0');
    const upgraded = await upgradePlugins({ pluginDir, source: await openReleaseSource(release), platforms: [HOST_PLATFORM], runtimeFetch: { mirror } });
    expect(upgraded.map((r) => [r.changed, r.record.runtime?.version])).toEqual([[true, '2.0']]);
    expect(readFileSync(join(pluginDir, 'fixture', 'librt.so.1'), 'utf8')).toBe('runtime 2.0');

    await uninstallPlugin(pluginDir, 'fixture');
    expect(readdirSync(pluginDir)).toEqual([]);
  });

  it('is not fetched without --with-runtime, and a plug-in installed without it is upgraded without it', async () => {
    const release = await makeRelease(['1.0.0']);
    const mirror = mkdtempSync(join(tmpdir(), 'runtime-mirror-'));
    const pluginDir = join(mkdtempSync(join(tmpdir(), 'runtime-home-')), 'plugin');
    await releaseWithRuntime(release, mirror, '1.0');
    const request = { plugin: 'fixture', backend: 'cpu', range: '*', platforms: [HOST_PLATFORM] };
    const plain = await installPlugin({ pluginDir, source: await openReleaseSource(release), request });
    expect(plain.record.runtime).toBeUndefined();
    await releaseWithRuntime(release, mirror, '2.0');
    const upgraded = await upgradePlugins({ pluginDir, source: await openReleaseSource(release), platforms: [HOST_PLATFORM], runtimeFetch: { mirror } });
    expect(upgraded.map((r) => r.changed)).toEqual([false]);
    expect(readdirSync(join(pluginDir, 'fixture')).sort()).toEqual(['LICENSE', 'libwasmedgePluginFixture.so']);
  });
});
