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
