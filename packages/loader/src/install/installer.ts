/**
 * install / uninstall / upgrade in a plug-in directory (default
 * ~/.wasmedge/plugin, which WasmEdge searches recursively). Each plug-in
 * lives in its own sub-directory. An install downloads into a staging
 * directory beside the plug-in directory, verifies size and sha256 against
 * the index, checks the archive against the contents the index declares
 * and extracts it with the installer's own modes (safe-extract.ts), checks
 * that the library is the plug-in the index names (check-library.ts), and
 * only then swaps the directory into place and records it; any failure
 * before the swap leaves the previous state untouched. Every path taken
 * from the index or the record is confined to the plug-in directory
 * (plugin-dir.ts), and all of it runs under the directory's lock (lock.ts).
 */
import { lstat, mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import semver from 'semver';
import { declaredContents, type IndexAsset } from '@wasmedge-plugins/common';
import { fromSystemError, LoaderError } from '../errors.ts';
import type { ProbeOptions } from '../inspect/probe.ts';
import { downloadVerified, type Progress, type ReleaseSource } from '../source/release-source.ts';
import { resolveAsset, type ResolveRequest } from '../source/resolve.ts';
import { checkPluginLibrary } from './check-library.ts';
import { findDrift, hashFile, readInstallState, STATE_FILE, writeInstallState, type InstallRecord } from './install-state.ts';
import { listInstalled } from './list-installed.ts';
export { listInstalled, type ListedPlugin } from './list-installed.ts';
import { withLock } from './lock.ts';
import { checkPluginDir, pluginDirPath } from './plugin-dir.ts';
export { defaultPluginDir } from './plugin-dir.ts';
import { fetchRuntime, type RuntimeFetchOptions } from './runtime-install.ts';
import { extractArchive } from './safe-extract.ts';

export interface InstallOptions {
  pluginDir: string;
  source: ReleaseSource;
  request: ResolveRequest;
  /** Reinstall even when the same asset is installed. */
  force?: boolean;
  onProgress?: Progress;
  log?: (line: string) => void;
  lockWaitMs?: number;
  /** How the library's descriptor is read before it is installed (native host, time limit). */
  probe?: ProbeOptions;
  /** Install the backend's runtime beside the plug-in too, from the sources the index names. */
  withRuntime?: Omit<RuntimeFetchOptions, 'log'>;
}

export interface InstallResult {
  asset: IndexAsset;
  record: InstallRecord;
  /** False when the same asset was already installed. */
  changed: boolean;
  replaced?: InstallRecord;
}

function lockPath(pluginDir: string): string {
  return join(dirname(pluginDir), `.${basename(pluginDir)}.lock`);
}

function stagingPrefix(pluginDir: string): string {
  return `.${basename(pluginDir)}.staging-`;
}

/**
 * Removes staging directories that killed installs left behind. Called
 * holding the lock, so no other installer of this directory is running.
 */
async function removeStaleStaging(pluginDir: string): Promise<void> {
  const parent = dirname(pluginDir);
  const prefix = stagingPrefix(pluginDir);
  for (const name of await readdir(parent)) {
    if (name.startsWith(prefix)) await rm(join(parent, name), { recursive: true, force: true });
  }
}

/** Runs `work` under the directory's lock, with system errors (a full disk, no permission) reported as such. */
async function locked<T>(pluginDir: string, work: () => Promise<T>, options: { waitMs?: number; log?: (line: string) => void }): Promise<T> {
  checkPluginDir(pluginDir);
  try {
    await mkdir(pluginDir, { recursive: true, mode: 0o755 });
    return await withLock(lockPath(pluginDir), async () => {
      await removeStaleStaging(pluginDir);
      return work();
    }, { waitMs: options.waitMs, onWait: (pid) => options.log?.(`waiting for another installer${pid > 0 ? ` (pid ${pid})` : ''}`) });
  } catch (err) {
    if (err instanceof LoaderError) throw err;
    throw fromSystemError(err, `changing ${pluginDir}`) ?? err;
  }
}

/** Swaps `fresh` into `target`; returns a function that undoes the swap. */
async function swapIn(fresh: string, target: string, parking: string): Promise<() => Promise<void>> {
  const hadOld = await lstat(target).then(() => true, () => false);
  if (hadOld) await rename(target, parking);
  try {
    await rename(fresh, target);
  } catch (err) {
    if (hadOld) await rename(parking, target);
    throw err;
  }
  return async () => {
    await rm(target, { recursive: true, force: true });
    if (hadOld) await rename(parking, target);
  };
}

export async function installPlugin(options: InstallOptions): Promise<InstallResult> {
  const { pluginDir, source, request } = options;
  const log = options.log ?? (() => {});
  return locked(pluginDir, async () => {
    const asset = resolveAsset(source.index, request);
    log(`resolved ${asset.plugin}${asset.backend ? `-${asset.backend}` : ''} ${asset.version} for ${asset.platform} (${asset.file})`);
    const state = await readInstallState(pluginDir);
    const current = state.installed.get(asset.plugin);
    const runtime = options.withRuntime && asset.backendRuntime;
    if (options.withRuntime && !asset.backendRuntime) log(`${asset.plugin}${asset.backend ? ` (${asset.backend})` : ''} needs no backend runtime`);
    const sameRuntime = !runtime || (current?.runtime?.package === runtime.package && current.runtime.version === runtime.version);
    if (current && !options.force && sameRuntime && current.asset === asset.file && current.assetSha256 === asset.sha256 && (await findDrift(pluginDir, current)).length === 0) {
      log(`${asset.plugin} ${asset.version} is already installed in ${join(pluginDir, current.dir)}`);
      return { asset, record: current, changed: false };
    }
    const dirName = asset.plugin;
    const target = pluginDirPath(pluginDir, dirName, 'the plug-in name', 1);
    if (!current && (await lstat(target).then(() => true, () => false))) {
      throw new LoaderError('install', `${target} exists but was not installed by wasmedge-plugins; move it away first`);
    }
    const staging = await mkdtemp(join(dirname(pluginDir), stagingPrefix(pluginDir)));
    try {
      const tarball = join(staging, asset.file);
      log(`downloading ${asset.file} (${asset.size} bytes)`);
      const assetUrl = (await downloadVerified(source, asset, tarball, options.onProgress)).location;
      log(`verified sha256 ${asset.sha256}`);
      const content = join(staging, 'content');
      const files = await extractArchive(tarball, content, declaredContents(asset));
      for (const note of await checkPluginLibrary(join(content, asset.library), asset, options.probe)) log(note);
      const installedRuntime = runtime ? await fetchRuntime(runtime, staging, content, { ...options.withRuntime, log }) : undefined;
      if (installedRuntime) files.push(...installedRuntime.files);
      const record: InstallRecord = {
        plugin: asset.plugin,
        backend: asset.backend,
        version: asset.version,
        platform: asset.platform,
        asset: asset.file,
        assetSha256: asset.sha256,
        source: source.indexLocation,
        assetUrl,
        range: request.range ?? '*',
        library: asset.library,
        ...(asset.bundled?.length ? { bundled: asset.bundled } : {}),
        ...(asset.backendRuntime ? { backendRuntime: asset.backendRuntime } : {}),
        ...(installedRuntime ? { runtime: installedRuntime } : {}),
        dir: dirName,
        files: await Promise.all(files.sort().map(async (f) => ({ path: join(dirName, f), sha256: await hashFile(join(content, f)) }))),
        installedAt: new Date().toISOString(),
      };
      const undo = await swapIn(content, target, join(staging, 'previous'));
      try {
        await writeInstallState(pluginDir, { ...state, installed: new Map(state.installed).set(asset.plugin, record) });
      } catch (err) {
        await undo();
        throw err;
      }
      log(`installed ${asset.plugin} ${asset.version} into ${target}`);
      if (installedRuntime) log(`with the ${installedRuntime.package} ${installedRuntime.version} runtime beside it: ${installedRuntime.files.join(', ')} (${installedRuntime.size} bytes)`);
      return { asset, record, changed: true, ...(current ? { replaced: current } : {}) };
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }, { waitMs: options.lockWaitMs, log });
}

export async function uninstallPlugin(pluginDir: string, plugin: string, options: { lockWaitMs?: number } = {}): Promise<InstallRecord> {
  return locked(pluginDir, async () => {
    const state = await readInstallState(pluginDir);
    const record = state.installed.get(plugin);
    if (!record) {
      throw new LoaderError('not-installed', `${plugin} was not installed by wasmedge-plugins in ${pluginDir}; nothing was removed`);
    }
    // readInstallState confined every path to the plug-in directory; name them through it once more.
    const dir = pluginDirPath(pluginDir, record.dir, 'the recorded directory', 1);
    // A directory replaced by a link must not lead the removal elsewhere: only the link goes.
    if ((await lstat(dir).catch(() => null))?.isDirectory()) {
      for (const file of record.files) await rm(pluginDirPath(pluginDir, file.path, 'a recorded file'), { force: true });
    }
    await rm(dir, { recursive: true, force: true });
    const rest = new Map(state.installed);
    rest.delete(plugin);
    // With the last plug-in gone, so is the record: the directory is as it was before any install.
    if (rest.size === 0) await rm(join(pluginDir, STATE_FILE), { force: true });
    else await writeInstallState(pluginDir, { ...state, installed: rest });
    return record;
  }, { waitMs: options.lockWaitMs });
}

/** Upgrades each installed plug-in (or one) to the newest release inside its recorded range. */
export async function upgradePlugins(
  options: Omit<InstallOptions, 'request'> & {
    platforms: readonly string[];
    runtime?: string;
    plugin?: string;
    /** Where runtimes come from, for the plug-ins installed with one (and all of them with `withRuntime`). */
    runtimeFetch?: InstallOptions['withRuntime'];
  },
): Promise<InstallResult[]> {
  const installed = await listInstalled(options.pluginDir);
  const targets = options.plugin ? installed.filter((r) => r.plugin === options.plugin) : installed;
  if (options.plugin && targets.length === 0) {
    throw new LoaderError('not-installed', `${options.plugin} was not installed by wasmedge-plugins in ${options.pluginDir}`);
  }
  const results: InstallResult[] = [];
  for (const record of targets) {
    const request = { plugin: record.plugin, backend: record.backend, range: record.range, runtime: options.runtime, platforms: options.platforms };
    const latest = resolveAsset(options.source.index, request);
    // A plug-in installed with its runtime is upgraded with it.
    const withRuntime = record.runtime || options.withRuntime ? { ...options.withRuntime, ...options.runtimeFetch } : undefined;
    const runtimeChanged = record.runtime !== undefined && (latest.backendRuntime?.package !== record.runtime.package || latest.backendRuntime.version !== record.runtime.version);
    if (semver.gt(latest.version, record.version) || latest.file !== record.asset || latest.sha256 !== record.assetSha256 || runtimeChanged || options.force) {
      results.push(await installPlugin({ ...options, request, withRuntime, force: true }));
    } else {
      results.push({ asset: latest, record, changed: false });
    }
  }
  return results;
}
