import { describe, expect, it } from 'vitest';
import { formatAssetName } from '../src/index.ts';

describe('formatAssetName', () => {
  it('names a plug-in without a backend', () => {
    expect(
      formatAssetName({ plugin: 'wasmedge_process', version: '0.17.1', platform: 'manylinux2014_x86_64' }),
    ).toBe('WasmEdge-plugin-wasmedge_process-0.17.1-manylinux2014_x86_64.tar.gz');
  });

  it('puts the backend between plug-in and version', () => {
    expect(
      formatAssetName({ plugin: 'wasi_nn', backend: 'ggml', version: '0.17.1', platform: 'debian12_x86_64' }),
    ).toBe('WasmEdge-plugin-wasi_nn-ggml-0.17.1-debian12_x86_64.tar.gz');
  });

  it('treats a null backend like no backend', () => {
    expect(formatAssetName({ plugin: 'p', backend: null, version: '1.0.0', platform: 'x' })).toBe(
      'WasmEdge-plugin-p-1.0.0-x.tar.gz',
    );
  });

  it('refuses a part that would put a separator in the file name', () => {
    expect(() => formatAssetName({ plugin: 'p', version: '1.0.0', platform: '../x' })).toThrow(
      'formatAssetName: platform "../x" cannot be part of a file name',
    );
  });
});
