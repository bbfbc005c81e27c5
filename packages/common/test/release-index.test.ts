import { describe, expect, it } from 'vitest';
import { declaredContents, ReleaseIndexError, sortIndexAssets, validateReleaseIndex, type IndexAsset } from '../src/index.ts';
import { listStaleValidators } from '../scripts/write-validators.ts';

function makeAsset(overrides: Partial<IndexAsset> = {}): IndexAsset {
  return {
    plugin: 'wasmedge_process',
    backend: null,
    version: '0.17.1',
    platform: 'manylinux2014_x86_64',
    target: 'manylinux2014_x86_64',
    arch: 'x86_64',
    runtime: '>=0.17.0 <0.18.0',
    pluginApiVersion: 5,
    library: 'libwasmedgePluginWasmEdgeProcess.so',
    file: 'WasmEdge-plugin-wasmedge_process-0.17.1-manylinux2014_x86_64.tar.gz',
    size: 1234,
    sha256: 'a'.repeat(64),
    glibcFloor: '2.14',
    cxxAbi: null,
    needed: ['libc.so.6'],
    ...overrides,
  };
}

describe('validateReleaseIndex', () => {
  it('accepts a well-formed index and returns it typed', () => {
    const index = { schemaVersion: 1, assets: [makeAsset({ linkage: { 'libc.so.6': 'system' } })] };
    expect(validateReleaseIndex(index, 'index.json')).toBe(index);
  });

  it('names the source, the field and what was found for each problem', () => {
    const { sha256: _dropped, ...withoutSha } = makeAsset();
    const index = { schemaVersion: 2, assets: [{ ...withoutSha, size: -1 }] };
    expect(() => validateReleaseIndex(index, 'https://example.test/index.json')).toThrow(
      [
        'https://example.test/index.json: schemaVersion: expected 1, found 2',
        'https://example.test/index.json: assets[0]: missing field "sha256"',
        'https://example.test/index.json: assets[0].size: must be >= 0, found -1',
      ].join('\n'),
    );
  });

  it('refuses a file name that would leave the release directory', () => {
    const index = { schemaVersion: 1, assets: [makeAsset({ file: '../evil.tar.gz' })] };
    expect(() => validateReleaseIndex(index, 'index.json')).toThrow(/^index\.json: assets\[0\]\.file: must match pattern/);
  });

  it('refuses assets out of file-name order', () => {
    const index = { schemaVersion: 1, assets: [makeAsset({ file: 'b.tar.gz' }), makeAsset({ file: 'a.tar.gz' })] };
    expect(() => validateReleaseIndex(index, 'index.json')).toThrow(
      'index.json: assets[1].file: expected file names sorted and unique, found "a.tar.gz" after "b.tar.gz"',
    );
  });
});

describe('what an asset declares it holds', () => {
  it('lists the library, license notices and a backend\'s runtime files by role', () => {
    const asset = makeAsset({ backend: 'pytorch', licenses: ['LICENSE', 'LICENSE-openssl.txt'], runtimeFiles: ['libtorch_extra.so'] });
    expect(validateReleaseIndex({ schemaVersion: 1, assets: [asset] }, 'index.json').assets[0]).toBe(asset);
    expect([...declaredContents(asset)]).toEqual([
      ['libwasmedgePluginWasmEdgeProcess.so', 'library'],
      ['LICENSE', 'license'],
      ['LICENSE-openssl.txt', 'license'],
      ['libtorch_extra.so', 'runtime'],
    ]);
  });

  it('refuses a "license" not named like one, runtime files without a backend, names declared twice, and plug-in names that are paths', () => {
    const index = {
      schemaVersion: 1,
      assets: [
        makeAsset({ file: 'a.tar.gz', licenses: ['libz.so'] }),
        makeAsset({ file: 'b.tar.gz', runtimeFiles: ['libextra.so'] }),
        makeAsset({ file: 'c.tar.gz', backend: 'b', licenses: ['LICENSE'], runtimeFiles: ['LICENSE'] }),
      ],
    };
    expect(() => validateReleaseIndex(index, 'index.json')).toThrow(
      [
        'index.json: assets[0].licenses[0]: "libz.so" is not named like a license notice (LICENSE, LICENSE-<name>.txt, NOTICE, COPYING)',
        'index.json: assets[1].runtimeFiles: only a backend ships runtime files, and this asset has none',
        'index.json: assets[2].runtimeFiles[0]: "LICENSE" is declared twice',
      ].join('\n'),
    );
    const paths = { schemaVersion: 1, assets: [makeAsset({ plugin: '../../x' })] };
    expect(() => validateReleaseIndex(paths, 'index.json')).toThrow(/^index\.json: assets\[0\]\.plugin: must match pattern/);
  });

  it('describes the first ten bad assets of a huge index and counts the rest', () => {
    const index = { schemaVersion: 1, assets: Array.from({ length: 50_000 }, (_, i) => ({ plugin: 'x', file: `f${i}` })) };
    const error = (() => {
      try {
        validateReleaseIndex(index, 'index.json');
      } catch (e) {
        return e as ReleaseIndexError;
      }
      throw new Error('expected a refusal');
    })();
    expect(new Set(error.problems.map((p) => p.replace(/:.*/, '')))).toEqual(new Set(Array.from({ length: 10 }, (_, i) => `assets[${i}]`).concat(Array.from({ length: 10 }, (_, i) => `assets[${i}].file`))));
    expect(error.moreBadAssets).toBe(49_990);
    expect(error.message.split('\n').at(-1)).toBe('index.json: and 49990 more assets with problems');
  });
});

describe('sortIndexAssets', () => {
  it('sorts by file name in code-unit order, upper case before lower case', () => {
    const sorted = sortIndexAssets([makeAsset({ file: 'b.tar.gz' }), makeAsset({ file: 'B.tar.gz' }), makeAsset({ file: 'a.tar.gz' })]);
    expect(sorted.map((asset) => asset.file)).toEqual(['B.tar.gz', 'a.tar.gz', 'b.tar.gz']);
  });
});

describe('the precompiled validators (src/generated/)', () => {
  it('are what scripts/write-validators.ts makes from the schema now', () => {
    expect(listStaleValidators(), 'run npx tsx packages/common/scripts/write-validators.ts').toEqual([]);
  });
});

describe("a backend runtime's sources", () => {
  const wheel = 'openvino-2026.4.1-22982-cp311-cp311-manylinux_2_28_x86_64.whl';
  function withSources(sources: unknown[], libraries = ['libopenvino_c.so.2641', 'libopenvino.so.2641']): IndexAsset {
    return makeAsset({
      plugin: 'wasi_nn',
      backend: 'openvino',
      backendRuntime: { package: 'openvino', version: '2026.4.1', libraries, cxxAbi: null, glibcFloor: '2.28', linkage: 'dlopen', sources: sources as never },
    });
  }
  const source = (members: string[], overrides: Record<string, unknown> = {}) => ({
    file: wheel,
    url: `https://files.pythonhosted.org/packages/dc/12/abc/${wheel}`,
    sha256: 'b'.repeat(64),
    size: 59130756,
    members,
    ...overrides,
  });
  const validate = (asset: IndexAsset) => validateReleaseIndex({ schemaVersion: 1, assets: [asset] }, 'index.json');

  it('accepts the wheels and the members each library comes from', () => {
    const asset = withSources([source(['openvino/libs/libopenvino_c.so.2641', 'openvino/libs/libopenvino.so.2641'])]);
    expect(validate(asset).assets[0]).toBe(asset);
  });

  it('refuses a member path that climbs out, is absolute or names a directory', () => {
    for (const member of ['../libopenvino.so.2641', '/usr/lib/libc.so.6', 'openvino/libs/', 'openvino/./libs/x.so']) {
      expect(() => validate(withSources([source(['openvino/libs/libopenvino_c.so.2641', 'openvino/libs/libopenvino.so.2641', member])]))).toThrow(
        /backendRuntime\.sources\[0\]\.members\[2\]: must match pattern/,
      );
    }
  });

  it('refuses a source that is not https, or whose URL names another file', () => {
    const members = ['openvino/libs/libopenvino_c.so.2641', 'openvino/libs/libopenvino.so.2641'];
    expect(() => validate(withSources([source(members, { url: `http://mirror.test/${wheel}` })]))).toThrow(/sources\[0\]\.url: must match pattern/);
    expect(() => validate(withSources([source(members, { url: 'https://files.pythonhosted.org/packages/evil.whl' })]))).toThrow(
      `assets[0].backendRuntime.sources[0].url: does not end in /${wheel}`,
    );
  });

  it('refuses two members installed under one name, and a library no source holds', () => {
    expect(() => validate(withSources([source(['openvino/libs/libopenvino_c.so.2641', 'openvino/libs/libopenvino.so.2641', 'other/libopenvino.so.2641'])]))).toThrow(
      'assets[0].backendRuntime.sources[0].members[2]: a second library named "libopenvino.so.2641"',
    );
    expect(() => validate(withSources([source(['openvino/libs/libopenvino_c.so.2641'])]))).toThrow(
      'assets[0].backendRuntime.libraries: "libopenvino.so.2641" is in none of its sources',
    );
  });
});
