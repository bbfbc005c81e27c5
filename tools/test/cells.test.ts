import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { describeHostTarget, readHostFacts } from '@wasmedge-plugins/common';
import { cellOf, expandMatrix, listTargetRuns, nxRunManyArgs } from '../src/cells/cells.ts';
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
          { name: 'gamma', targets: ['host', 'manylinux2014_x86_64'], planned: 'the gamma SDK has no C API yet' },
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
    const { cells, skipped } = expandMatrix(manifest);
    expect(ids(cells).sort()).toEqual(
      ['nn-alpha@host', 'nn-alpha@manylinux2014_x86_64', 'nn-beta@host', 'plain@host', 'plain@manylinux2014_x86_64'].sort(),
    );
    expect(skipped.filter((c) => c.kind === 'excluded').map((c) => [c.id, c.target, c.reason])).toEqual([['nn-alpha', 'manylinux2014_aarch64', 'alpha never shipped for aarch64']]);
    expect(cells.find((c) => c.backend === 'alpha')).toMatchObject({ expects: { cxxAbi: 'cxx11', needed: ['libalpha.so.1'] }, version: '2.0.0' });
  });

  it('lists every cell of a planned backend as skipped with its reason, and never as a cell', () => {
    const { cells, skipped } = expandMatrix(manifest);
    expect(cells.some((c) => c.backend === 'gamma')).toBe(false);
    expect(skipped.filter((c) => c.kind === 'planned').map((c) => [c.id, c.target, c.reason])).toEqual([
      ['nn-gamma', 'host', 'planned, not implemented yet: the gamma SDK has no C API yet'],
      ['nn-gamma', 'manylinux2014_x86_64', 'planned, not implemented yet: the gamma SDK has no C API yet'],
    ]);
  });

  it("gives each cell its layout, its requirements and the files every stage uses", () => {
    const cell = expandMatrix(manifest, { root: '/ws', targets: ['manylinux2014_x86_64'] }).cells.find((c) => c.backend === 'alpha')!;
    expect(cell.layout).toEqual({
      sourceDir: '/ws/packages/nn',
      buildDir: '/ws/build/cmake/manylinux2014_x86_64/nn-alpha',
      packageDir: '/ws/dist/plugins/manylinux2014_x86_64/nn',
      installDir: '/ws/dist/plugins/manylinux2014_x86_64/nn/nn-alpha',
      library: '/ws/dist/plugins/manylinux2014_x86_64/nn/nn-alpha/libwasmedgePluginNN.so',
      buildSummary: '/ws/dist/plugins/manylinux2014_x86_64/nn/build-summary.json',
      partsDir: '/ws/dist/release/parts/manylinux2014_x86_64/nn',
      findingsFile: '/ws/dist/audit/manylinux2014_x86_64/nn/findings.json',
    });
  });

  it("carries the build environment of a backend's per-target entry, whose needs replace the backend's for that target only", () => {
    const rooted = validateManifest(
      {
        runtime: { range: '>=0.17.0 <0.18.0', testedWith: '0.17.1', pluginApiVersion: 5 },
        buildRoots: { bullseye: { suite: 'bullseye', mirror: 'http://deb.debian.org/debian', packages: ['clang-16', 'g++'], wheels: ['cmake==3.31.6'], cCompiler: 'clang-16', cxxCompiler: 'clang++-16' } },
        plugins: [
          {
            name: 'nn', package: 'nn', library: 'libwasmedgePluginNN.so', version: '2.0.0', description: 'One backend.', targets: ['host', 'ubuntu20.04_x86_64'],
            backends: [
              {
                name: 'torch',
                requires: [{ kind: 'cmake-package', name: 'Torch', install: 'apt-get install libtorch-dev' }],
                needed: ['libtorch.so.1.13'],
                cxxAbi: 'cxx11',
                perTarget: { 'ubuntu20.04_x86_64': { buildRoot: 'bullseye', sdk: 'libtorch-wheel', needed: ['libtorch_cpu.so'], cxxAbi: 'cxx11' } },
              },
            ],
          },
        ],
      },
      'test manifest',
    );
    const [host, ubuntu] = expandMatrix(rooted).cells;
    expect(host).toMatchObject({ target: 'host', buildEnv: { root: null, sdk: null }, expects: { needed: ['libtorch.so.1.13'], cxxAbi: 'cxx11' } });
    expect(host!.requires.map((r) => r.name)).toEqual(['Torch']);
    expect(ubuntu).toMatchObject({
      target: 'ubuntu20.04_x86_64',
      buildEnv: { root: { name: 'bullseye', suite: 'bullseye', packages: ['clang-16', 'g++'], cxxCompiler: 'clang++-16' }, sdk: 'libtorch-wheel' },
      expects: { needed: ['libtorch_cpu.so'], cxxAbi: 'cxx11' },
      requires: [],
    });
  });

  it('resolves a cell against its target row once (cellOf for a plug-in outside the manifest)', () => {
    const row = describeHostTarget(readHostFacts());
    const cell = cellOf({ plugin: 'x', package: 'x', library: 'libwasmedgePluginX.so', version: '1.0.0' }, row);
    expect(cell).toMatchObject({ id: 'x', target: 'host', row, layout: { library: 'dist/plugins/host/x/x/libwasmedgePluginX.so' } });
  });

  it('is the expansion the Nx plug-in infers its configurations from', () => {
    const require = createRequire(import.meta.url);
    const { targetsOfPackage } = require('../src/cells/expand-cells.cjs') as typeof import('../src/cells/expand-cells.cjs');
    const expected = [...new Set(expandMatrix(manifest).cells.filter((c) => c.package === 'nn').map((c) => c.target))].sort();
    expect(targetsOfPackage(manifest, 'nn')).toEqual(expected);
    expect(expected).toEqual(['host', 'manylinux2014_x86_64']);
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

describe('listTargetRuns', () => {
  it('gives one run per target, host first, with the packages that have cells for it and Nx arguments for it', () => {
    // manylinux2014_aarch64 only has an excluded cell, so no run.
    expect(listTargetRuns(manifest)).toEqual([
      { target: 'host', packages: ['nn', 'plain'], configuration: [] },
      { target: 'manylinux2014_x86_64', packages: ['nn', 'plain'], configuration: ['-c', 'manylinux2014_x86_64'] },
    ]);
    expect(nxRunManyArgs(listTargetRuns(manifest)[1]!, 'package')).toEqual(['run-many', '-t', 'package', '--projects=nn,plain', '-c', 'manylinux2014_x86_64']);
  });

  it('keeps only the requested targets, and refuses an unknown one', () => {
    expect(listTargetRuns(manifest, ['manylinux2014_x86_64']).map((r) => r.target)).toEqual(['manylinux2014_x86_64']);
    expect(() => listTargetRuns(manifest, ['solaris'])).toThrowError(/unknown target "solaris"/);
  });
});
