/**
 * Builds, audits and packages every plug-in for every target the manifest
 * lists (host first), one Nx run per target, then merges dist/release/:
 *   npm run package:all-targets
 * Cells a target cannot build are skipped with their reason, as always.
 */
import { spawnSync } from 'node:child_process';
import { loadManifest } from '../manifest/load-manifest.ts';
import { expandMatrix } from '../cells/cells.ts';
import { manifestPath, runMain, workspaceRoot } from './cli-support.ts';

function nx(args: string[], cwd: string): void {
  const result = spawnSync('npx', ['nx', ...args, '--outputStyle=stream'], { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`npx nx ${args.join(' ')} failed (output above)`);
  }
}

async function main(): Promise<void> {
  const root = workspaceRoot();
  const targets = [...new Set(expandMatrix(await loadManifest(manifestPath(root))).cells.map((c) => c.target))].sort((a, b) =>
    a === 'host' ? -1 : b === 'host' ? 1 : a.localeCompare(b),
  );
  for (const target of targets) {
    console.log(`\n== ${target} ==`);
    nx(target === 'host' ? ['run-many', '-t', 'package', '--projects=tag:type:plugin'] : ['run-many', '-t', 'package', '--projects=tag:type:plugin', '-c', target], root);
  }
  nx(['run', 'tools:package', '--excludeTaskDependencies'], root);
}

runMain(main);
