import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listReleaseTargetNames } from '@wasmedge-plugins/common';
import { validateManifest } from '../src/manifest/load-manifest.ts';
import type { ReleaseManifest } from '../src/manifest/schema.ts';
import { RUNNER_BY_ARCH, planReleaseMatrix, type ReleaseJob } from '../src/release/release-matrix.ts';
import { ROOT, makeScratchWorkspace, runStep } from './actions-harness.ts';

type RawPlugin = {
  name: string;
  targets: string[];
  backends?: { name: string; targets?: string[]; exclude?: { target: string }[] }[];
};

/** plug-in × backend × target straight from the manifest JSON, without expandMatrix. */
function expectedCells(manifest: { plugins: RawPlugin[] }): string[] {
  return manifest.plugins.flatMap((plugin) =>
    (plugin.backends ?? [undefined]).flatMap((backend) =>
      (backend?.targets ?? plugin.targets)
        .filter((target) => !backend?.exclude?.some((e) => e.target === target))
        .map((target) => `${plugin.name}/${backend?.name ?? '-'}/${target}`),
    ),
  );
}

const cellsOf = (jobs: ReleaseJob[]) => jobs.map((job) => `${job.plugin}/${job.backend ?? '-'}/${job.target}`);

function emitMatrix(dir: string, ...args: string[]) {
  const step = runStep('release-matrix', ['--manifest', join(dir, 'release-manifest.json'), ...args], { cwd: dir });
  expect(step.status, step.stderr).toBe(0);
  return { step, jobs: (JSON.parse(step.outputs.get('matrix')!) as { include: ReleaseJob[] }).include };
}

const realManifest = () => JSON.parse(readFileSync(join(ROOT, 'release-manifest.json'), 'utf8')) as { plugins: RawPlugin[] };

describe('release-matrix (command)', () => {
  it('sets a matrix output with exactly the manifest’s plug-in × backend × target cells', () => {
    const { step, jobs } = emitMatrix(makeScratchWorkspace());
    expect(cellsOf(jobs).sort()).toEqual(expectedCells(realManifest()).sort());
    expect(step.outputs.get('count')).toBe(String(jobs.length));
    expect(JSON.parse(step.outputs.get('excluded')!)).toEqual([]);
    for (const job of jobs) {
      expect(job.runner).toBe('ubuntu-24.04');
      expect(job.artifact).toBe(`release-parts-${job.target}-${job.plugin}${job.backend ? `-${job.backend}` : ''}`);
    }
    expect(new Set(jobs.map((job) => job.artifact)).size).toBe(jobs.length);
  });

  it('emits new jobs when a target is added to a copy of the manifest, with no other change', () => {
    const dir = makeScratchWorkspace();
    const before = cellsOf(emitMatrix(dir).jobs);
    const manifest = realManifest();
    // A plug-in without backends that does not ship for every release target yet.
    const plugin = manifest.plugins.find((p) => !p.backends && listReleaseTargetNames().some((t) => !p.targets.includes(t)))!;
    const added = listReleaseTargetNames().find((t) => !plugin.targets.includes(t))!;
    plugin.targets.push(added);
    writeFileSync(join(dir, 'release-manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const after = emitMatrix(dir).jobs;
    expect(cellsOf(after).filter((cell) => !before.includes(cell))).toEqual([`${plugin.name}/-/${added}`]);
    expect(after.find((job) => job.target === added && job.plugin === plugin.name)).toMatchObject({ package: (plugin as { package?: string }).package, runner: 'ubuntu-24.04' });
  });

  it('emits a job per backend, and lists excluded cells with their reason in its output and summary', () => {
    const manifest = {
      runtime: { range: '>=0.17.0 <0.18.0', testedWith: '0.17.1', pluginApiVersion: 5 },
      plugins: [
        {
          name: 'nn', package: 'nn', library: 'libwasmedgePluginNN.so', version: '1.0.0', description: 'Backends.',
          targets: ['host', 'manylinux2014_aarch64'],
          backends: [{ name: 'alpha', exclude: [{ target: 'manylinux2014_aarch64', reason: 'no aarch64 SDK' }] }, { name: 'beta' }],
        },
      ],
    };
    const { step, jobs } = emitMatrix(makeScratchWorkspace({}, manifest));
    expect(cellsOf(jobs).sort()).toEqual(expectedCells(manifest).sort());
    expect(cellsOf(jobs).sort()).toEqual(['nn/alpha/host', 'nn/beta/host', 'nn/beta/manylinux2014_aarch64']);
    expect(JSON.parse(step.outputs.get('excluded')!)).toEqual([{ plugin: 'nn', backend: 'alpha', target: 'manylinux2014_aarch64', reason: 'no aarch64 SDK' }]);
    expect(step.summary).toContain('Release matrix: 3 job(s)');
    expect(step.summary).toContain('nn-alpha (manylinux2014_aarch64): no aarch64 SDK');
    expect(step.stdout).toContain('::group::Release matrix from');
  });

  it('keeps only the tagged plug-in for a <plugin>-vX.Y.Z tag', () => {
    const manifest = realManifest();
    const { jobs } = emitMatrix(makeScratchWorkspace(), '--tag', `${manifest.plugins[0]!.name}-v1.0.0`);
    expect(new Set(jobs.map((job) => job.plugin))).toEqual(new Set([manifest.plugins[0]!.name]));
  });

  it('fails with the manifest’s own message when the manifest is invalid', () => {
    const dir = makeScratchWorkspace({}, { runtime: { range: '>=0.17.0', testedWith: '0.17.1', pluginApiVersion: 5 }, plugins: [] });
    const step = runStep('release-matrix', ['--manifest', join(dir, 'release-manifest.json')], { cwd: dir });
    expect(step.status).toBe(1);
    expect(step.stdout).toMatch(/::error::.*plugins: expected at least 1 entry, found none/);
    expect(step.outputs.size).toBe(0);
  });
});

describe('planReleaseMatrix', () => {
  const manifest: ReleaseManifest = validateManifest(
    {
      runtime: { range: '>=0.17.0 <0.18.0', testedWith: '0.17.1', pluginApiVersion: 5 },
      plugins: [
        { name: 'a', package: 'a', library: 'libwasmedgePluginA.so', version: '1.0.0', description: 'A.', targets: ['manylinux2014_aarch64', 'host'] },
        { name: 'b', package: 'b', library: 'libwasmedgePluginB.so', version: '2.0.0', description: 'B.', targets: ['host'], backends: [{ name: 'x', exclude: [{ target: 'host', reason: 'never' }] }] },
      ],
    },
    'test manifest',
  );

  it('takes the runner of a release target from its architecture’s row', () => {
    const job = planReleaseMatrix(manifest).include.find((j) => j.target === 'manylinux2014_aarch64')!;
    expect(job.runner).toBe(RUNNER_BY_ARCH.aarch64);
    expect(job).toMatchObject({ name: 'a (manylinux2014_aarch64)', version: '1.0.0', artifact: 'release-parts-manylinux2014_aarch64-a' });
  });

  it('refuses a plug-in filter that names no plug-in of the manifest', () => {
    expect(() => planReleaseMatrix(manifest, { plugins: ['c'] })).toThrowError('planReleaseMatrix: the manifest has no plug-in "c"; plug-ins: a, b');
  });

  it('refuses a selection whose every cell is excluded, before Actions fails on an empty matrix', () => {
    expect(() => planReleaseMatrix(manifest, { plugins: ['b'] })).toThrowError(
      'planReleaseMatrix: no cell to build: every selected cell is excluded in the manifest',
    );
  });
});
