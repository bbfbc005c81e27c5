/**
 * The plug-in files WasmEdge would try, in the order it tries them: each
 * search-path entry in turn, directories walked recursively, only regular
 * files whose extension is exactly `.so` (so libfoo.so.1 is not tried).
 */
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { PluginSearchPath, SearchPathEntry } from './search-path.ts';

export const PLUGIN_EXTENSION = '.so';

export interface DiscoveredPlugin {
  /** The file, as reached through the search path. */
  path: string;
  /** The search-path entry it was found through. */
  entry: SearchPathEntry;
}

export interface DiscoverOptions {
  /** Called for an entry or directory that could not be read; it is skipped, as the runtime does. */
  onSkipped?(path: string, error: NodeJS.ErrnoException): void;
}

/** Lists the plug-in candidates on the search path, in the runtime's order. */
export async function discoverPlugins(
  searchPath: Pick<PluginSearchPath, 'entries'>,
  options: DiscoverOptions = {},
): Promise<DiscoveredPlugin[]> {
  const found: DiscoveredPlugin[] = [];
  for (const entry of searchPath.entries) {
    for (const path of await listEntryFiles(entry.path, options)) {
      found.push({ path, entry });
    }
  }
  return found;
}

/** True when the runtime would try a file of this name: its extension is exactly `.so`. */
export function hasPluginExtension(path: string): boolean {
  // extname('.so') is '' (a dot file, not an extension), as in std::filesystem.
  return extname(path) === PLUGIN_EXTENSION;
}

async function listEntryFiles(path: string, options: DiscoverOptions): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    options.onSkipped?.(path, error as NodeJS.ErrnoException);
    return [];
  }
  if (info.isDirectory()) {
    const files: string[] = [];
    await walkDirectory(path, files, options);
    return files;
  }
  return info.isFile() && hasPluginExtension(path) ? [path] : [];
}

// Depth first, descending into a directory where it is met, as a recursive
// directory iterator does. The runtime takes names in the file system's order;
// we sort them so results are stable (this only matters for two plug-ins
// with the same name in one directory, which doctor points out).
async function walkDirectory(dir: string, files: string[], options: DiscoverOptions): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    options.onSkipped?.(dir, error as NodeJS.ErrnoException);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      await walkDirectory(path, files, options);
    } else if (hasPluginExtension(entry.name) && (await isRegularFile(entry, path))) {
      files.push(path);
    }
  }
}

// A symbolic link to a regular file counts (the runtime's check follows
// links); a link to a directory is not descended into.
async function isRegularFile(entry: Dirent, path: string): Promise<boolean> {
  if (entry.isFile()) return true;
  if (!entry.isSymbolicLink()) return false;
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
