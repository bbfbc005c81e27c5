/**
 * The rehearsal's install-and-smoke stage on a real packaged release (the
 * wasmedge_process host build, packaged by the tools' own functions into a
 * scratch workspace): it passes as packaged, and each way a release can be
 * broken after packaging fails its row. The whole rehearsal (every target,
 * built by Nx) is `npm run release:rehearse`, which .ci/run runs.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeHostTarget, readHostFacts } from '@wasmedge-plugins/common';
import {
  cellOf,
  expandMatrix,
  loadManifest,
  packageAuditedAsset,
  readAssetFragments,
  releaseDir,
  workspaceRoot,
  writeAssetFragment,
  writeReleaseFiles,
  type ReleaseManifest,
} from '@wasmedge-plugins/tools';
import { builtPluginPath } from '../src/index.ts';
import { loadSmokeProgram } from '../src/rehearsal/smoke.ts';
import { builtCells, rehearsalFailures, verifyRelease, type RehearsalRow } from '../src/rehearsal/verify-release.ts';

const ROOT = workspaceRoot();
const real = await loadManifest(join(ROOT, 'release-manifest.json'));
const entry = real.plugins.find((p) => p.name === 'wasmedge_process')!;
const LOADER_CLI = [process.execPath, join(ROOT, 'packages/loader/bin/wasmedge-plugins.mjs')];

/** A scratch workspace whose dist/ holds the packaged and merged wasmedge_process host build. */
async function packagedWorkspace(): Promise<{ root: string; manifest: ReleaseManifest; file: string }> {
  const root = mkdtempSync(join(tmpdir(), 'rehearsal-ws-'));
  const manifest: ReleaseManifest = { runtime: real.runtime, plugins: [{ ...entry, targets: ['host'] }] };
  writeFileSync(join(root, 'release-manifest.json'), JSON.stringify(manifest));
  mkdirSync(join(root, 'packages/process/test'), { recursive: true });
  copyFileSync(join(ROOT, 'packages/process/test/smoke.json'), join(root, 'packages/process/test/smoke.json'));
  const row = describeHostTarget(readHostFacts());
  const cell = cellOf({ plugin: entry.name, package: entry.package, library: entry.library, version: entry.version }, row);
  const installDir = join(root, cell.layout.installDir);
  mkdirSync(installDir, { recursive: true });
  copyFileSync(builtPluginPath({ plugin: entry.name, target: 'host' }), join(installDir, entry.library));
  writeFileSync(join(installDir, 'LICENSE'), 'Apache-2.0\n');
  writeFileSync(join(root, cell.layout.buildSummary), JSON.stringify({ target: 'host', row, built: [cell], skipped: [] }));
  const partsDir = join(root, cell.layout.partsDir);
  const { report: _report, ...asset } = await packageAuditedAsset({ cell, installDir, outDir: partsDir, runtime: manifest.runtime, mtime: new Date(1_700_000_000_000) });
  await writeAssetFragment(partsDir, asset);
  await writeReleaseFiles(releaseDir(root), await readAssetFragments(join(root, 'dist/release/parts')));
  return { root, manifest, file: asset.file };
}

async function verify(ws: { root: string; manifest: ReleaseManifest }): Promise<RehearsalRow> {
  const cells = builtCells(ws.root, ws.manifest, ['host']).built;
  const rows = await verifyRelease({ root: ws.root, manifest: ws.manifest, cells, loaderCli: LOADER_CLI });
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

describe('verifyRelease', () => {
  it('installs the served asset through the CLI and runs its smoke program in Node', async () => {
    const ws = await packagedWorkspace();
    const row = await verify(ws);
    expect(row).toMatchObject({ cell: 'wasmedge_process', target: 'host', tarball: ws.file, audit: 'pass', smoke: 'ok (Node)', ok: true });
    expect(row.install).toMatch(/^ok \(/);
    expect(rehearsalFailures([row], [])).toEqual([]);
  });

  it('fails the row when an asset is corrupted after packaging', async () => {
    const ws = await packagedWorkspace();
    const tarball = join(releaseDir(ws.root), ws.file);
    const bytes = readFileSync(tarball);
    bytes[bytes.length - 10]! ^= 0xff;
    writeFileSync(tarball, bytes);
    const row = await verify(ws);
    expect(row.ok).toBe(false);
    expect(row.install).toMatch(/^failed: .*sha256/i);
    expect(rehearsalFailures([row], [])).toEqual(['wasmedge_process (host)']);
  });

  it("fails the row when the cell's smoke program fails", async () => {
    const ws = await packagedWorkspace();
    const smokeFile = join(ws.root, 'packages/process/test/smoke.json');
    writeFileSync(smokeFile, readFileSync(smokeFile, 'utf8').replace('"text": "smoke\\n"', '"text": "something else\\n"'));
    const row = await verify(ws);
    expect(row.ok).toBe(false);
    expect(row.install).toMatch(/^ok/);
    expect(row.smoke).toMatch(/^failed: wasmedge_process smoke step 8: memory at 1024 holds "smoke\\n/);
  });

  it('fails the row when an asset is missing from the index', async () => {
    const ws = await packagedWorkspace();
    const indexFile = join(releaseDir(ws.root), 'index.json');
    const index = JSON.parse(readFileSync(indexFile, 'utf8'));
    writeFileSync(indexFile, JSON.stringify({ ...index, assets: [] }));
    const row = await verify(ws);
    expect(row).toMatchObject({ tarball: ws.file, install: 'not in index.json', ok: false });
  });

  it('counts a failed step as a failure even when every row passed', () => {
    expect(rehearsalFailures([], ['package manylinux2014_aarch64'])).toEqual(['package manylinux2014_aarch64', 'no cell was built']);
  });
});

describe('smoke programs', () => {
  // The rehearsal smoke-tests every released cell: a cell without a program, or with a program
  // whose model file is gone, would fail only there, after every target is built.
  const cells = expandMatrix(real).cells;

  it.each(cells.map((c) => [c.id, c.target, c] as const))('%s (%s) has one whose files exist', (_id, _target, cell) => {
    const program = loadSmokeProgram(join(ROOT, cell.layout.sourceDir), cell.id);
    const files = program.steps.flatMap((s) => [
      ...('write' in s ? [s.file, ...(s.u32 ?? []).map((w) => (typeof w === 'number' ? undefined : w.sizeOf))] : []),
      ...('from' in s ? [s.from] : []),
    ]);
    for (const file of files.filter((f) => f !== undefined)) expect(() => readFileSync(join(program.baseDir, file))).not.toThrow();
    expect(program.steps.some((s) => 'call' in s)).toBe(true);
  });
});

