/**
 * release.yml run locally for one cell: its matrix job, the build job of the host cell it emits,
 * and its publish job, with the runner's files in temporary files. Artifact upload and download
 * are played by copying; `gh` and `git` are stand-ins on PATH that record how they were called.
 */
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReleaseJob } from '../src/release/release-matrix.ts';
import { ROOT } from './actions-harness.ts';
import { copyWorkspace } from './workspace-copy.ts';
import { evaluate, readWorkflow, runJob, type JobRun, type WorkflowStep } from './workflow-runner.ts';

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'release-manifest.json'), 'utf8')) as { plugins: { name: string; version: string }[] }).plugins.find((p) => p.name === 'wasmedge_process')!.version;
const TAG = `wasmedge_process-v${VERSION}`;
const SHA = 'f'.repeat(40);
const workflow = readWorkflow(join(ROOT, '.github', 'workflows', 'release.yml'));
const setUpAlready = (step: WorkflowStep) => step.run === './setup.sh' || step.run === 'npm ci --no-audit --no-fund';

let ws: string;
let bin: string;
let server: Server;
let releasesUrl: string;
let matrixRun: JobRun;
let buildRun: JobRun;
let publishRun: JobRun;
let hostJob: ReleaseJob;

function writeStandIn(name: string, script: string): void {
  writeFileSync(join(bin, name), `#!/bin/sh\n${script}\n`);
  chmodSync(join(bin, name), 0o755);
}

function baseContext(): Record<string, string> {
  return { 'inputs.tag || github.ref_name': TAG, 'github.server_url': releasesUrl, 'github.repository': 'example/plugins' };
}

const pathEnv = () => ({ PATH: `${bin}${delimiter}${process.env.PATH}`, GITHUB_SHA: SHA, GITHUB_REPOSITORY: 'example/plugins', SOURCE_DATE_EPOCH: '1700000000' });

beforeAll(async () => {
  ws = copyWorkspace(['plugin-api', 'process', 'common']);
  cpSync(join(ROOT, 'tools', 'project.json'), join(ws, 'tools', 'project.json'));
  bin = mkdtempSync(join(tmpdir(), 'stand-ins-'));
  writeStandIn('gh', `for arg in "$@"; do echo "$arg"; done > "${join(bin, 'gh.args')}"`);
  writeStandIn('git', `case "$1" in describe) echo "fatal: No names found" >&2; exit 128 ;; log) echo "abc1234 A change" ;; *) exit 1 ;; esac`);
  // Nothing is published yet: every index URL answers 404.
  server = createServer((_, res) => res.writeHead(404).end('Not Found'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  releasesUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  matrixRun = await runJob(workflow, 'matrix', { cwd: ws, context: baseContext(), env: pathEnv(), skip: setUpAlready });
  const { include } = JSON.parse(matrixRun.outputs.matrix!) as { include: ReleaseJob[] };
  hostJob = include.find((job) => job.target === 'host')!;
  const matrixContext = Object.fromEntries(Object.entries(hostJob).map(([key, value]) => [`matrix.${key}`, value ?? '']));
  buildRun = await runJob(workflow, 'build', { cwd: ws, context: { ...baseContext(), ...matrixContext }, env: pathEnv(), skip: setUpAlready });

  // upload-artifact, then download-artifact into a fresh dist/release/parts/<artifact>/.
  const upload = buildRun.skippedUses.find((step) => step.uses?.startsWith('actions/upload-artifact@'))!;
  const uploaded = join(ws, evaluate(upload.with!.path!, matrixContext));
  const artifactName = evaluate(upload.with!.name!, matrixContext);
  const store = mkdtempSync(join(tmpdir(), 'artifacts-'));
  cpSync(uploaded, join(store, artifactName), { recursive: true });
  rmSync(join(ws, 'dist', 'release'), { recursive: true, force: true });
  cpSync(store, join(ws, 'dist', 'release', 'parts'), { recursive: true });

  const publishContext = { ...baseContext(), 'needs.matrix.outputs.prerelease': matrixRun.outputs.prerelease!, 'github.token': 'token' };
  publishRun = await runJob(workflow, 'publish', { cwd: ws, context: publishContext, env: pathEnv(), skip: setUpAlready });
}, 600_000);

afterAll(() => {
  server?.closeAllConnections();
  server?.close();
});

describe('release.yml, run locally for the host cell', () => {
  it('matrix job: checks the tag against nothing published and emits the tagged plug-in’s jobs', () => {
    expect(matrixRun.outputs.version).toBe(VERSION);
    expect(matrixRun.outputs.prerelease).toBe('false');
    const { include } = JSON.parse(matrixRun.outputs.matrix!) as { include: ReleaseJob[] };
    const process = (JSON.parse(readFileSync(join(ROOT, 'release-manifest.json'), 'utf8')) as { plugins: { name: string; targets: string[] }[] }).plugins.find((p) => p.name === 'wasmedge_process')!;
    expect(include.map((job) => job.target).sort()).toEqual([...process.targets].sort());
    expect(new Set(include.map((job) => job.plugin))).toEqual(new Set(['wasmedge_process']));
    expect(matrixRun.ran[0]!.stdout).toContain(`nothing published at ${releasesUrl}/example/plugins/releases/download/${TAG}/index.json yet`);
  });

  it('build job: builds, audits and packages its cell, summarises it, and leaves the artifact to upload', () => {
    // The audit annotations run only on failure, after packaging.
    expect(buildRun.ran.map((step) => step.name)).toEqual([`Build ${'${{ matrix.name }}'}`, `Package ${'${{ matrix.name }}'}`, 'Summarise the packaged asset']);
    // Nx passed --plugin on to the build command, which grouped its CMake log.
    expect(buildRun.ran[0]!.stdout).toContain('::group::build wasmedge_process for host');
    expect(buildRun.ran[1]!.stdout).toMatch(/audit {4}wasmedge_process \(host\): pass/);
    const parts = join(ws, 'dist', 'release', 'parts', hostJob.artifact);
    const files = readdirSync(parts).sort();
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(new RegExp(`^WasmEdge-plugin-wasmedge_process-${VERSION.replace(/\./g, '\\.')}-[a-z0-9.]+_x86_64\\.tar\\.gz$`));
    expect(files[1]).toBe(`${files[0]}.json`);
    const fragment = JSON.parse(readFileSync(join(parts, files[1]!), 'utf8')) as { sha256: string; size: number };
    const summary = buildRun.ran.at(-1)!.summary;
    expect(summary).toContain(`<h2>${hostJob.name}</h2>`);
    expect(summary).toContain(`<td>${files[0]}</td>`);
    expect(summary).toContain(`<td>${fragment.sha256}</td>`);
    expect(summary).toContain(`${fragment.size.toLocaleString('en-US')} bytes`);
  });

  it('publish job: writes SHA256SUMS, index.json and notes, and creates the release with every asset', () => {
    const release = join(ws, 'dist', 'release');
    const tarball = readdirSync(release).find((name) => name.endsWith('.tar.gz'))!;
    expect(readFileSync(join(release, 'SHA256SUMS'), 'utf8')).toMatch(new RegExp(`^[0-9a-f]{64}  ${tarball.replace(/\./g, '\\.')}\\n$`));
    expect(JSON.parse(readFileSync(join(release, 'index.json'), 'utf8')).assets.map((a: { file: string }) => a.file)).toEqual([tarball]);
    expect(publishRun.ran.find((s) => s.name === 'Summarise the release')!.summary).toContain(`<h2>Release ${TAG}</h2>`);
    expect(readFileSync(join(ws, 'dist', 'release-notes.md'), 'utf8')).toContain('## Changes\n\n- abc1234 A change\n');
    const attest = publishRun.skippedUses.find((step) => step.uses?.startsWith('actions/attest-build-provenance@'))!;
    expect(attest.with!['subject-path']!.trim().split('\n')).toEqual(['dist/release/*.tar.gz', 'dist/release/SHA256SUMS', 'dist/release/index.json']);
    expect(readFileSync(join(bin, 'gh.args'), 'utf8').trim().split('\n')).toEqual([
      'release', 'create', TAG, `dist/release/${tarball}`, 'dist/release/SHA256SUMS', 'dist/release/index.json',
      '--title', TAG, '--notes-file', 'dist/release-notes.md', '--target', SHA,
    ]);
  });

  it('publish job: creates a pre-release as a draft', async () => {
    const onlyCreate = (step: WorkflowStep) => step.name !== 'Create the GitHub release';
    const context = { ...baseContext(), 'needs.matrix.outputs.prerelease': 'true', 'github.token': 'token' };
    await runJob(workflow, 'publish', { cwd: ws, context, env: pathEnv(), skip: onlyCreate });
    expect(readFileSync(join(bin, 'gh.args'), 'utf8').trim().split('\n').slice(-2)).toEqual(['--draft', '--prerelease']);
    expect(existsSync(join(ws, 'dist', 'release', 'index.json'))).toBe(true);
  });
});
