import { describe, expect, it } from 'vitest';
import { expandMatrix } from '../src/matrix.ts';
import { validateManifest } from '../src/manifest/load-manifest.ts';

const manifest = validateManifest(
  {
    runtime: { range: '>=0.17.0 <0.18.0', testedWith: '0.17.1', pluginApiVersion: 5 },
    plugins: [
      { name: 'plain', package: 'plain', library: 'libwasmedgePluginPlain.so', version: '1.0.0', description: 'No backends.', targets: ['host', 'manylinux2014_x86_64'] },
      {
        name: 'nn',
        package: 'nn',
        library: 'libwasmedgePluginNN.so',
        version: '2.0.0',
        description: 'Two backends.',
        targets: ['host', 'manylinux2014_x86_64', 'manylinux2014_aarch64'],
        backends: [
          { name: 'alpha', exclude: [{ target: 'manylinux2014_aarch64', reason: 'alpha never shipped for aarch64' }], needed: ['libalpha.so.1'], cxxAbi: 'cxx11' },
          { name: 'beta', targets: ['host'] },
        ],
      },
    ],
  },
  'test manifest',
);

const ids = (cells: { plugin: string; backend: string | null; target: string }[]) =>
  cells.map((c) => `${c.plugin}${c.backend ? `-${c.backend}` : ''}@${c.target}`);

describe('expandMatrix', () => {
  it('gives one cell per plug-in × backend × target, with exclusions listed with their reason', () => {
    const { cells, excluded } = expandMatrix(manifest);
    expect(ids(cells).sort()).toEqual(
      ['nn-alpha@host', 'nn-alpha@manylinux2014_x86_64', 'nn-beta@host', 'plain@host', 'plain@manylinux2014_x86_64'].sort(),
    );
    expect(excluded).toEqual([{ plugin: 'nn', backend: 'alpha', target: 'manylinux2014_aarch64', reason: 'alpha never shipped for aarch64' }]);
    expect(cells.find((c) => c.backend === 'alpha')).toMatchObject({ cxxAbi: 'cxx11', systemNeeded: ['libalpha.so.1'], version: '2.0.0' });
  });

  it('keeps only the requested targets', () => {
    expect(ids(expandMatrix(manifest, { targets: ['host'] }).cells).sort()).toEqual(['nn-alpha@host', 'nn-beta@host', 'plain@host']);
  });

  it('grows when a target is added to the manifest, with no other change', () => {
    const copy = structuredClone(manifest);
    copy.plugins[0]!.targets.push('ubuntu20.04_x86_64');
    const added = ids(expandMatrix(copy).cells).filter((id) => !ids(expandMatrix(manifest).cells).includes(id));
    expect(added).toEqual(['plain@ubuntu20.04_x86_64']);
  });

  it('refuses an unknown target filter, listing the supported ones', () => {
    expect(() => expandMatrix(manifest, { targets: ['solaris'] })).toThrowError(/unknown target "solaris"; supported targets: manylinux2014_x86_64, /);
  });
});
