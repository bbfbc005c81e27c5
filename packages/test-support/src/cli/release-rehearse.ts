/**
 * The release rehearsal: what the tag workflow does, run on this machine
 * from a clean release directory, then checked as a user would meet it.
 *   npm run release:rehearse [-- --targets host,manylinux2014_aarch64]
 * 1. remove earlier packaging output (npm run release:clean);
 * 2. build, audit and package every cell of every target in the manifest
 *    (cells this machine cannot build are skipped with their reason);
 * 3. merge index.json and SHA256SUMS (tools:package);
 * 4. serve dist/release on loopback, install each asset through the
 *    loader's CLI into a scratch plug-in directory for its platform, and run
 *    its smoke program (test/smoke.json) through the installed library.
 * Prints one table and exits 1 when any step or row failed.
 *
 * Backend runtimes are installed with their plug-ins (--with-runtime) from the
 * wheels in the user cache, served on loopback, and the smoke programs then
 * run with nothing else: --runtime-mirror URL|DIR names another mirror (''
 * for the registry), --no-runtime installs plug-ins alone. --wasmedge BIN also
 * runs each program of this machine's architecture in that real runtime, as
 * a standalone wasm program, the plug-in found in its install directory.
 *
 *   ... --verify-only [--tag TAG]
 * runs step 4 alone on a release directory assembled elsewhere (release.yml,
 * before publishing): every cell of the tag's matrix must be in the index.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  expandMatrix,
  listTargetRuns,
  loadManifest,
  manifestPath,
  nxRunManyArgs,
  parseReleaseTag,
  runMain,
  workspaceRoot,
  wheelCacheDir,
  type Cell,
  type ReleaseManifest,
} from '@wasmedge-plugins/tools';
import { serveDirInChild } from '../rehearsal/serve-dir.ts';
import { builtCells, formatRehearsalTable, rehearsalFailures, verifyRelease } from '../rehearsal/verify-release.ts';

function step(label: string, command: string[], root: string, timings: [string, number][]): boolean {
  console.log(`\n── ${label} ──`);
  const started = Date.now();
  const result = spawnSync(command[0]!, command.slice(1), { cwd: root, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' } });
  timings.push([label, Date.now() - started]);
  return result.status === 0;
}

/** Build, audit, package and merge every target here; the cells built, and the steps that failed. */
function buildRelease(root: string, manifest: ReleaseManifest, targets: readonly string[], timings: [string, number][]): { cells: Cell[]; failed: string[] } {
  const failed: string[] = [];
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  const nx = join(root, 'node_modules', '.bin', 'nx');
  if (!step('clean', [tsx, 'tools/src/cli/release-clean.ts'], root, timings)) failed.push('clean');
  for (const run of listTargetRuns(manifest, targets)) {
    if (!step(`build, audit, package: ${run.target}`, [nx, ...nxRunManyArgs(run, 'package')], root, timings)) {
      failed.push(`package ${run.target}`);
    }
  }
  if (!step('merge index.json and SHA256SUMS', [tsx, 'tools/src/cli/release-index.ts'], root, timings)) failed.push('merge');
  const { built, skipped } = builtCells(root, manifest, targets);
  for (const s of skipped) console.log(`skipped  ${s.id} (${s.target}): ${s.reason}`);
  return { cells: built, failed };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      targets: { type: 'string' },
      'verify-only': { type: 'boolean', default: false },
      tag: { type: 'string' },
      'runtime-mirror': { type: 'string' },
      'no-runtime': { type: 'boolean', default: false },
      wasmedge: { type: 'string' },
    },
  });
  const root = workspaceRoot();
  const manifest = await loadManifest(manifestPath(root));
  const matrix = expandMatrix(manifest).cells;
  const targets = values.targets ? values.targets.split(',') : listTargetRuns(manifest).map((r) => r.target);
  const started = Date.now();
  const timings: [string, number][] = [];
  const failed: string[] = [];
  // The smoke programs run in Node through the loader's native host.
  if (!step('loader native host', [join(root, 'node_modules', '.bin', 'nx'), 'run', 'loader:build'], root, timings)) failed.push('loader:build');

  let cells: Cell[];
  if (values['verify-only']) {
    const plugin = values.tag === undefined ? undefined : parseReleaseTag(values.tag).plugin;
    cells = matrix.filter((c) => targets.includes(c.target) && (plugin === undefined || c.plugin === plugin));
  } else {
    const built = buildRelease(root, manifest, targets, timings);
    cells = built.cells;
    failed.push(...built.failed);
  }

  console.log('\n── install from loopback (backend runtimes too) and smoke-test each asset ──');
  const verifyStarted = Date.now();
  // Backend runtimes come from the wheels the builds used (the user cache), served on loopback;
  // a release assembled elsewhere (--verify-only) takes them from the registry.
  const wheels = values['no-runtime'] || values['runtime-mirror'] !== undefined || values['verify-only'] ? undefined : await serveDirInChild(wheelCacheDir());
  const withRuntime = values['no-runtime'] ? undefined : { mirror: values['runtime-mirror'] ?? wheels?.url ?? '' };
  let rows;
  try {
    rows = await verifyRelease({
      root,
      manifest,
      cells,
      loaderCli: [process.execPath, join(root, 'packages/loader/bin/wasmedge-plugins.mjs')],
      ...(withRuntime ? { withRuntime } : {}),
      ...(values.wasmedge ? { wasmedge: values.wasmedge } : {}),
    });
  } finally {
    await wheels?.close();
  }
  timings.push(['install and smoke', Date.now() - verifyStarted]);

  console.log(`\n${formatRehearsalTable(rows)}`);
  console.log(`\ntimings: ${timings.map(([label, ms]) => `${label} ${(ms / 1000).toFixed(1)} s`).join('; ')}; total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const failures = rehearsalFailures(rows, failed);
  if (failures.length > 0) throw new Error(`release rehearsal failed: ${failures.join(', ')}`);
  console.log(`release rehearsal passed: ${rows.length} asset(s) installed and smoke-tested`);
}

runMain(main);
