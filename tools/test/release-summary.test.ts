import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeHostTarget, readHostFacts, type IndexAsset } from '@wasmedge-plugins/common';
import { cellOf } from '../src/cells/cells.ts';
import { getTarget, type ResolvedTarget } from '@wasmedge-plugins/common';
import { packageAsset, sha256File } from '../src/package/package-asset.ts';
import { writeAssetFragment } from '../src/package/release-files.ts';
import { formatSize } from '../src/release/asset-summary.ts';
import { ROOT, cleanEnv, makeRunnerFiles, makeScratchWorkspace, readStepResult, runStep } from './actions-harness.ts';

// Packaged for the host's ceilings (the library is built by the host's cc), named as the release target.
const CELL = cellOf(
  { plugin: 'summary_fixture', package: 'fixture', library: 'libwasmedgePluginSummaryFixture.so', version: '2.1.0' },
  { ...describeHostTarget(readHostFacts()), name: 'manylinux2014_x86_64', platform: getTarget('manylinux2014_x86_64').platform } as unknown as ResolvedTarget,
);

let ws: string;
let partsDir: string;
let asset: IndexAsset;

beforeAll(async () => {
  // A real library and license, packaged and described by the packaging functions, as a job leaves them.
  const installDir = mkdtempSync(join(tmpdir(), 'summary-install-'));
  writeFileSync(join(installDir, 'lib.c'), '__attribute__((visibility("default"))) const void *WasmEdge_Plugin_GetDescriptor(void) { return 0; }\n');
  execFileSync('cc', ['-shared', '-fPIC', '-fvisibility=hidden', join(installDir, 'lib.c'), '-o', join(installDir, CELL.library)]);
  rmSync(join(installDir, 'lib.c'));
  writeFileSync(join(installDir, 'LICENSE'), 'license text\n');
  // Its manifest builds this cell, so the merge takes the fragment in.
  ws = makeScratchWorkspace({}, {
    runtime: { range: '>=0.17.0 <0.18.0', testedWith: '0.17.1', pluginApiVersion: 5 },
    plugins: [{ name: CELL.plugin, package: CELL.package, library: CELL.library, version: CELL.version, description: 'Fixture.', targets: [CELL.target] }],
  });
  partsDir = join(ws, 'dist', 'release', 'parts', CELL.target, CELL.package);
  mkdirSync(partsDir, { recursive: true });
  asset = await packageAsset({
    cell: CELL,
    installDir,
    outDir: partsDir,
    runtime: { range: '>=0.17.0 <0.18.0', pluginApiVersion: 5 },
    mtime: new Date(1_700_000_000_000),
  });
  await writeAssetFragment(partsDir, asset);
});

/** The data cells of each row of the summary's HTML table. */
function tableRows(summary: string): string[][] {
  return [...summary.matchAll(/<tr>(.*?)<\/tr>/g)].map((row) => [...row[1]!.matchAll(/<t[hd]>(.*?)<\/t[hd]>/g)].map((c) => c[1]!));
}

describe('release-summary (command)', () => {
  it('writes a job summary table of a job’s packaged asset with its real size and sha256', async () => {
    const tarball = join(partsDir, asset.file);
    const step = runStep('release-summary', ['--dir', partsDir, '--title', 'summary_fixture (manylinux2014_x86_64)'], { cwd: ws });
    expect(step.status, step.stderr).toBe(0);
    expect(step.summary).toContain('<h2>summary_fixture (manylinux2014_x86_64)</h2>');
    expect(tableRows(step.summary)).toEqual([
      ['Asset', 'Platform', 'Size', 'SHA-256'],
      [asset.file, 'manylinux2014_x86_64', formatSize(statSync(tarball).size), await sha256File(tarball)],
    ]);
    expect(step.summary).toContain(`(${statSync(tarball).size.toLocaleString('en-US')} bytes)`);
    expect(step.stdout).toContain(`::group::summary_fixture (manylinux2014_x86_64): 1 asset(s) from dist/release/parts/${CELL.target}/${CELL.package} (index fragments)`);
  });

  it('reads the merged index.json after the publish job’s release-index step', async () => {
    // `nx run tools:package --excludeTaskDependencies` runs this command in the publish job.
    const runner = makeRunnerFiles();
    const merge = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'tools', 'src', 'cli', 'release-index.ts')], {
      cwd: ws,
      encoding: 'utf8',
      env: cleanEnv(runner.env),
    });
    expect(readStepResult(merge, runner.files).status, merge.stderr).toBe(0);
    const step = runStep('release-summary', ['--dir', 'dist/release', '--title', 'Release v2.1.0'], { cwd: ws });
    expect(step.status, step.stderr).toBe(0);
    expect(tableRows(step.summary)[1]).toEqual([asset.file, 'manylinux2014_x86_64', formatSize(asset.size), asset.sha256]);
    expect(step.summary).toContain('Read from dist/release/index.json.');
  });

  it('fails with what to run when a directory holds nothing packaged', () => {
    const empty = mkdtempSync(join(tmpdir(), 'summary-empty-'));
    const step = runStep('release-summary', ['--dir', empty], { cwd: ws });
    expect(step.status).toBe(1);
    expect(step.stdout).toContain('has no index.json and no index fragment (*.tar.gz.json) below it: package first');
    expect(step.summary).toBe('');
  });
});

describe('formatSize', () => {
  it('keeps the exact byte count beside the rounded size', () => {
    expect(formatSize(900)).toBe('900 bytes');
    expect(formatSize(49_356)).toBe('48.2 KiB (49,356 bytes)');
    expect(formatSize(3 * 1024 * 1024)).toBe('3.0 MiB (3,145,728 bytes)');
  });
});
