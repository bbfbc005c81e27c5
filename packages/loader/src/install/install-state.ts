/**
 * What this tool installed in a plug-in directory, recorded in
 * `.wasmedge-plugins.json` inside it, so list/upgrade/uninstall know what
 * they own and never touch files they did not install.
 */
import { chmod, rename, writeFile } from 'node:fs/promises';
import type { BackendRuntime } from '@wasmedge-plugins/common';
import type { InstalledRuntime } from './runtime-install.ts';
import { join, resolve, sep } from 'node:path';
import { LoaderError } from '../errors.ts';
import { hashRegularFile, NotRegularFileError, readRegularFile } from '../regular-file.ts';
import { isPlainName, pluginDirPath } from './plugin-dir.ts';

export const STATE_FILE = '.wasmedge-plugins.json';
const MAX_STATE_BYTES = 16 * 1024 ** 2;

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
  /** The asset (tarball) it came from, and the index that named it, as finally reached (after redirects). */
  asset: string;
  assetSha256: string;
  source: string;
  /** Where the tarball was actually downloaded from (after redirects). */
  assetUrl?: string;
  /** The semver range asked for; upgrade stays inside it. */
  range: string;
  library: string;
  /** Libraries built into the plug-in from pinned sources (e.g. OpenSSL), as the index lists them. */
  bundled?: { name: string; version: string }[];
  /** The backend runtime it needs (libtorch, OpenVINO, LiteRT), as the index lists it; doctor checks it. */
  backendRuntime?: BackendRuntime;
  /** That runtime, when it was installed beside the library (--with-runtime); its files are in `files` too. */
  runtime?: InstalledRuntime;
  /** Directory inside the plug-in directory that holds the files. */
  dir: string;
  files: InstalledFile[];
  installedAt: string;
}

export interface InstallState {
  schemaVersion: 1;
  /** By plug-in name; a Map, so a name such as __proto__ is just a name. */
  installed: Map<string, InstallRecord>;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** Why a record cannot be trusted to name files inside `pluginDir`; null if it can. */
function recordProblem(pluginDir: string, name: string, record: InstallRecord): string | null {
  if (typeof record !== 'object' || record === null) return 'is not an object';
  if (record.plugin !== name || !isPlainName(name)) return `names plug-in "${String(record.plugin)}" under "${name}"`;
  if (!Array.isArray(record.files)) return 'has no list of files';
  try {
    pluginDirPath(pluginDir, record.dir, 'its directory', 1);
    for (const file of record.files) {
      const path = pluginDirPath(pluginDir, file?.path, 'a file', 2);
      if (!path.startsWith(join(resolve(pluginDir), record.dir) + sep)) return `lists "${file.path}", outside its directory "${record.dir}"`;
      if (!SHA256.test(String(file.sha256))) return `lists "${file.path}" without a sha256`;
    }
    if (record.runtime !== undefined) {
      const listed = new Set(record.files.map((f) => f.path));
      const missing = (Array.isArray(record.runtime?.files) ? record.runtime.files : [null]).find((name) => !isPlainName(String(name)) || !listed.has(`${record.dir}/${name}`));
      if (missing !== undefined) return `names a runtime file "${String(missing)}" it does not list`;
    }
  } catch (err) {
    if (err instanceof LoaderError) return err.message.replace(/; refusing to touch it$/, '');
    throw err;
  }
  return null;
}

/** Reads and checks the install record; every path in it is confined to `pluginDir`. */
export async function readInstallState(pluginDir: string): Promise<InstallState> {
  const path = join(pluginDir, STATE_FILE);
  let text: string;
  try {
    text = (await readRegularFile(path, MAX_STATE_BYTES)).toString('utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { schemaVersion: 1, installed: new Map() };
    throw new LoaderError('install', `cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
  let installed: Map<string, InstallRecord>;
  try {
    const state = JSON.parse(text) as { schemaVersion: unknown; installed: unknown };
    if (state.schemaVersion !== 1 || typeof state.installed !== 'object' || state.installed === null || Array.isArray(state.installed)) {
      throw new Error('unknown layout');
    }
    installed = new Map(Object.entries(state.installed as Record<string, InstallRecord>));
  } catch (cause) {
    throw new LoaderError('install', `${path} is damaged (${(cause as Error).message}); move it away to start over`, { cause });
  }
  for (const [name, record] of installed) {
    const problem = recordProblem(pluginDir, name, record);
    if (problem !== null) {
      throw new LoaderError('install', `${path} was altered: the record of "${name}" ${problem}; refusing to act on it`, {
        hint: 'nothing was changed; check the file, then move it away to start over',
      });
    }
  }
  return { schemaVersion: 1, installed };
}

export async function writeInstallState(pluginDir: string, state: InstallState): Promise<void> {
  const path = join(pluginDir, STATE_FILE);
  const json = { schemaVersion: state.schemaVersion, installed: Object.fromEntries(state.installed) };
  await writeFile(`${path}.partial`, `${JSON.stringify(json, null, 2)}\n`, { mode: 0o644 });
  await chmod(`${path}.partial`, 0o644);
  await rename(`${path}.partial`, path);
}

export async function hashFile(path: string): Promise<string> {
  return hashRegularFile(path);
}

/** Files of a record that are missing or changed since installation. */
export async function findDrift(pluginDir: string, record: InstallRecord): Promise<string[]> {
  const drift: string[] = [];
  for (const file of record.files) {
    const actual = await hashFile(pluginDirPath(pluginDir, file.path, 'a file')).catch((err: Error) => (err instanceof NotRegularFileError ? 'other' : null));
    if (actual === null) drift.push(`${file.path} is missing`);
    else if (actual === 'other') drift.push(`${file.path} is no longer a regular file`);
    else if (actual !== file.sha256) drift.push(`${file.path} was modified`);
  }
  return drift;
}

/** The library file of plug-in `name` as installed in `pluginDir`, or undefined when this tool did not install it there. */
export async function findInstalledLibrary(pluginDir: string, name: string): Promise<string | undefined> {
  const record = (await readInstallState(pluginDir)).installed.get(name);
  return record && pluginDirPath(pluginDir, `${record.dir}/${record.library}`, `the library of ${name}`, 2);
}
