/**
 * Removes what earlier packaging runs left in dist/ (release directory,
 * packaged parts, audit findings), so the next merge holds exactly the assets
 * that run produces:
 *   npm run release:clean
 * Built libraries (dist/plugins) and the Nx cache stay: packaging again is
 * cheap, and Nx restores what it has cached.
 */
import { rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { releaseDir } from '../index.ts';
import { runMain, workspaceRoot } from './cli-support.ts';

async function main(): Promise<void> {
  const root = workspaceRoot();
  for (const dir of [releaseDir(root), join(root, 'dist', 'audit')]) {
    await rm(dir, { recursive: true, force: true });
    console.log(`removed ${relative(root, dir)}/`);
  }
}

runMain(main);
