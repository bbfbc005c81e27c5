/**
 * A scratch copy of the workspace for tests that run Nx or the build CLI
 * end to end: the chosen packages, deps/, tools/, the root configuration
 * and a symlink to the real node_modules, in a temporary directory.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceRoot } from '../src/cli/cli-support.ts';

const ROOT_FILES = ['.env', 'nx.json', 'package.json', 'tsconfig.json', 'tsconfig.base.json', 'vitest.shared.ts', 'release-manifest.json', 'LICENSE'];

export interface CopyOptions {
  /**
   * Share the real workspace's build/deps/ (static OpenSSL and the like), so
   * that a scratch build for a release target does not rebuild them.
   */
  shareDependencyBuilds?: boolean;
}

export function copyWorkspace(packages: readonly string[], options: CopyOptions = {}): string {
  const source = workspaceRoot();
  const dir = mkdtempSync(join(tmpdir(), 'ws-copy-'));
  for (const file of ROOT_FILES) cpSync(join(source, file), join(dir, file));
  cpSync(join(source, 'deps'), join(dir, 'deps'), { recursive: true });
  if (options.shareDependencyBuilds) {
    mkdirSync(join(source, 'build', 'deps'), { recursive: true });
    mkdirSync(join(dir, 'build'), { recursive: true });
    symlinkSync(join(source, 'build', 'deps'), join(dir, 'build', 'deps'));
  }
  for (const pkg of packages) {
    cpSync(join(source, 'packages', pkg), join(dir, 'packages', pkg), {
      recursive: true,
      filter: (path) => !/\/(node_modules|build)(\/|$)/.test(path.slice(source.length)),
    });
  }
  for (const part of ['nx', 'src', 'package.json', 'project.json', 'tsconfig.json']) cpSync(join(source, 'tools', part), join(dir, 'tools', part), { recursive: true });
  symlinkSync(join(source, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** Adds a copy of packages/process as another plug-in, with its own manifest entry. */
export function addPluginCopy(dir: string, pkg: string, entry: Record<string, unknown>): void {
  rmSync(join(dir, 'packages', pkg), { recursive: true, force: true });
  cpSync(join(dir, 'packages', 'process'), join(dir, 'packages', pkg), { recursive: true });
  const pkgJson = JSON.parse(readFileSync(join(dir, 'packages', pkg, 'package.json'), 'utf8'));
  pkgJson.name = `@scratch/${pkg}`;
  pkgJson.nx = { name: pkg };
  writeFileSync(join(dir, 'packages', pkg, 'package.json'), JSON.stringify(pkgJson, null, 2));
  const manifestPath = join(dir, 'release-manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.plugins.push({ package: pkg, ...entry });
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
}
