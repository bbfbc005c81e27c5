/**
 * Builds, audits and packages every plug-in for every target the manifest
 * lists (host first), one Nx run per target, then merges dist/release/:
 *   npm run package:all-targets
 * Cells a target cannot build are skipped with their reason, as always.
 */
import { spawnSync } from 'node:child_process';
import { loadManifest } from '../manifest/load-manifest.ts';
import { listTargetRuns, nxRunManyArgs } from '../cells/cells.ts';
import { manifestPath, runMain, workspaceRoot } from './cli-support.ts';

function nx(args: string[], cwd: string): void {
  const result = spawnSync('npx', ['nx', ...args, '--outputStyle=stream'], { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`npx nx ${args.join(' ')} failed (output above)`);
  }
}

async function main(): Promise<void> {
  const root = workspaceRoot();
  for (const run of listTargetRuns(await loadManifest(manifestPath(root)))) {
    console.log(`\n== ${run.target} ==`);
    nx(nxRunManyArgs(run, 'package'), root);
  }
  nx(['run', 'tools:package', '--excludeTaskDependencies'], root);
}

runMain(main);
