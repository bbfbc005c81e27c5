/**
 * The plug-in directory this tool installs into, and the one way to name a
 * path inside it: every path that comes from an install record or a release
 * index goes through pluginDirPath, so none can reach outside.
 */
import { homedir } from 'node:os';
import { isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { LoaderError } from '../errors.ts';

/** WASMEDGE_PLUGINS_DIR, else ~/.wasmedge/plugin (which WasmEdge searches when it lives in ~/.wasmedge/lib). */
export function defaultPluginDir(env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  return env.WASMEDGE_PLUGINS_DIR || join(home, '.wasmedge', 'plugin');
}

/** Refuses a plug-in directory that names nothing ('' would silently mean the current directory). */
export function checkPluginDir(pluginDir: string): string {
  if (typeof pluginDir !== 'string' || pluginDir.trim() === '') {
    throw new LoaderError('usage', 'the plug-in directory is empty: pass --dir <directory> (or leave it out for ~/.wasmedge/plugin)');
  }
  if (pluginDir.includes('\0')) throw new LoaderError('usage', 'the plug-in directory contains a NUL character');
  return pluginDir;
}

const PLAIN_NAME = /^[A-Za-z0-9._+-]+$/;

/** Whether `name` is one plain path component (no separators, not . or ..). */
export function isPlainName(name: unknown): name is string {
  return typeof name === 'string' && PLAIN_NAME.test(name) && name !== '.' && name !== '..';
}

/**
 * `relative` (from a record or an index) as a path inside `pluginDir`, made
 * of plain components at most `depth` deep; anything else, `../victim` or an
 * absolute path included, is refused with the reason.
 */
export function pluginDirPath(pluginDir: string, relative: string, what: string, depth = 2): string {
  const parts = typeof relative === 'string' ? relative.split('/') : [];
  const inside = !isAbsolute(relative) && parts.length >= 1 && parts.length <= depth && parts.every(isPlainName);
  const path = inside ? resolve(pluginDir, normalize(relative)) : '';
  if (!inside || !path.startsWith(resolve(pluginDir) + sep)) {
    throw new LoaderError('install', `${what} "${String(relative)}" is not a path inside the plug-in directory ${pluginDir}; refusing to touch it`, {
      hint: 'the install record or release index was altered: nothing was changed; remove the entry by hand after checking it',
    });
  }
  return path;
}
