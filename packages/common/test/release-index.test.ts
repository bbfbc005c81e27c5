import { describe, expect, it } from 'vitest';
import { sortIndexAssets, validateReleaseIndex, type IndexAsset } from '../src/index.ts';

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

describe('sortIndexAssets', () => {
  it('sorts by file name in code-unit order, upper case before lower case', () => {
    const sorted = sortIndexAssets([makeAsset({ file: 'b.tar.gz' }), makeAsset({ file: 'B.tar.gz' }), makeAsset({ file: 'a.tar.gz' })]);
    expect(sorted.map((asset) => asset.file)).toEqual(['B.tar.gz', 'a.tar.gz', 'b.tar.gz']);
  });
});
