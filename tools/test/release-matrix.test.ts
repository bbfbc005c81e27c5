import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getTarget, listReleaseTargetNames, readHostFacts } from '@wasmedge-plugins/common';
import { buildCells } from '../src/orchestration/build-cells.ts';
import { currentProbeEnv } from '../src/orchestration/requirements.ts';
import { loadManifest } from '../src/manifest/load-manifest.ts';
import { parseReleaseTag } from '../src/release/release-tag.ts';
import { validateManifest } from '../src/manifest/load-manifest.ts';
import type { ReleaseManifest } from '../src/manifest/schema.ts';
import { RUNNER_BY_ARCH, planReleaseMatrix, type ReleaseJob } from '../src/release/release-matrix.ts';
import { ROOT, makeScratchWorkspace, runStep } from './actions-harness.ts';

type RawPlugin = {
  name: string;
  targets: string[];
  backends?: { name: string; targets?: string[]; exclude?: { target: string }[]; planned?: string }[];
};

/** plug-in × backend × target straight from the manifest JSON, without expandMatrix (planned backends are never jobs). */
function expectedCells(manifest: { plugins: RawPlugin[] }): string[] {
  return manifest.plugins.flatMap((plugin) =>
    (plugin.backends?.filter((b) => b.planned === undefined) ?? [undefined]).flatMap((backend) =>
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
    // A copy of the manifest with one backend marked planned: listed as skipped, with its reason, and no job.
    const dir = makeScratchWorkspace();
    const manifest = realManifest();
    const backend = manifest.plugins.flatMap((p) => (p.backends ?? []).map((b) => ({ plugin: p.name, backend: b })))[0]!;
    backend.backend.planned = 'a scratch copy marks it planned';
    writeFileSync(join(dir, 'release-manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const { step, jobs } = emitMatrix(dir);
    expect(cellsOf(jobs).sort()).toEqual(expectedCells(manifest).sort());
    expect(step.outputs.get('count')).toBe(String(jobs.length));
    const planned = [`${backend.plugin}-${backend.backend.name}`];
    const skipped = JSON.parse(step.outputs.get('skipped')!) as { id: string; kind: string; reason: string }[];
    for (const id of planned) {
      expect(jobs.some((job) => job.id === id)).toBe(false);
      expect(skipped.some((s) => s.id === id)).toBe(true);
      expect(skipped.filter((s) => s.id === id).every((s) => s.kind === 'planned' && s.reason.startsWith('planned, not implemented yet: '))).toBe(true);
      expect(step.summary).toContain(`${id} (host, planned): planned, not implemented yet:`);
    }
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
    expect(JSON.parse(step.outputs.get('skipped')!)).toEqual([
      { id: 'nn-alpha', plugin: 'nn', backend: 'alpha', target: 'manylinux2014_aarch64', kind: 'excluded', reason: 'no aarch64 SDK' },
    ]);
    expect(step.summary).toContain('Release matrix: 3 job(s)');
    expect(step.summary).toContain('nn-alpha (manylinux2014_aarch64, excluded): no aarch64 SDK');
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
      'planReleaseMatrix: no cell to build: every selected cell is excluded or planned in the manifest',
    );
  });
});

describe('every job release-matrix emits for a tag', () => {
  it('can build on its runner kind: this machine is one (x86_64 Linux), and each job’s cell passes the checks before CMake', async () => {
    const manifest = await loadManifest(join(ROOT, 'release-manifest.json'));
    const tag = `v${manifest.plugins[0]!.version}`;
    const { include } = planReleaseMatrix(manifest, parseReleaseTag(tag).plugin === undefined ? {} : { plugins: [parseReleaseTag(tag).plugin!] });
    const hostFacts = readHostFacts();
    expect(hostFacts.arch).toBe('x86_64');
    expect(new Set(include.map((job) => job.runner))).toEqual(new Set(['ubuntu-24.04']));
    // Both architectures' Linux cells are among the jobs (aarch64 is cross-built on x86_64).
    expect(new Set(include.map((job) => (job.target === 'host' ? 'x86_64' : getTarget(job.target).arch)))).toEqual(new Set(['x86_64', 'aarch64']));
    for (const job of include) {
      // An explicit cell (as the job asks with --plugin/--backend) throws when a tool or SDK is missing.
      const summary = await buildCells({
        workspaceRoot: ROOT,
        manifest,
        target: job.target,
        plugin: job.plugin,
        ...(job.backend ? { backend: job.backend } : {}),
        hostFacts,
        probeEnv: currentProbeEnv(),
        log: { group: async (_name, work) => work(), info: () => {}, warn: () => {} },
        dryRun: true,
      });
      expect(summary.built.map((c) => c.id), job.name).toEqual([job.id]);
    }
    // npm run release:rehearse builds, packages, installs and smoke-tests each of these cells for real.
  });
});
