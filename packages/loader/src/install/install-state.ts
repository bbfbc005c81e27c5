/**
 * What this tool installed in a plug-in directory, recorded in
 * `.wasmedge-plugins.json` inside it, so list/upgrade/uninstall know what
 * they own and never touch files they did not install.
 */
import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LoaderError } from '../errors.ts';

export const STATE_FILE = '.wasmedge-plugins.json';

export interface InstalledFile {
  /** Path relative to the plug-in directory. */
  path: string;
  sha256: string;
}

export interface InstallRecord {
  plugin: string;
  backend: string | null;
  version: string;
  platform: string;
  /** The asset (tarball) it came from, and the index that named it. */
  asset: string;
  assetSha256: string;
  source: string;
  /** The semver range asked for; upgrade stays inside it. */
  range: string;
  library: string;
  /** Libraries built into the plug-in from pinned sources (e.g. OpenSSL), as the index lists them. */
  bundled?: { name: string; version: string }[];
  /** Directory inside the plug-in directory that holds the files. */
  dir: string;
  files: InstalledFile[];
  installedAt: string;
}

export interface InstallState {
  schemaVersion: 1;
  installed: Record<string, InstallRecord>;
}

export async function readInstallState(pluginDir: string): Promise<InstallState> {
  const path = join(pluginDir, STATE_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { schemaVersion: 1, installed: {} };
    throw err;
  }
  try {
    const state = JSON.parse(text) as InstallState;
    if (state.schemaVersion !== 1 || typeof state.installed !== 'object') throw new Error('unknown layout');
    return state;
  } catch (cause) {
    throw new LoaderError('install', `${path} is damaged (${(cause as Error).message}); move it away to start over`, { cause });
  }
}

export async function writeInstallState(pluginDir: string, state: InstallState): Promise<void> {
  const path = join(pluginDir, STATE_FILE);
  await writeFile(`${path}.partial`, `${JSON.stringify(state, null, 2)}\n`);
  await rename(`${path}.partial`, path);
}

export async function hashFile(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

/** Files of a record that are missing or changed since installation. */
export async function findDrift(pluginDir: string, record: InstallRecord): Promise<string[]> {
  const drift: string[] = [];
  for (const file of record.files) {
    const actual = await hashFile(join(pluginDir, file.path)).catch(() => null);
    if (actual === null) drift.push(`${file.path} is missing`);
    else if (actual !== file.sha256) drift.push(`${file.path} was modified`);
  }
  return drift;
}
