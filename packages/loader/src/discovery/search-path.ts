/**
 * The directories WasmEdge searches for plug-ins, in its order
 * (shared/spec/plugin-abi.md §1.1): each WASMEDGE_PLUGIN_PATH entry, then one
 * directory derived from where libwasmedge is. The loader's own install
 * directory is added last, marked with whether WasmEdge would look there too.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { mapNodeArch } from '@wasmedge-plugins/common';
import { defaultPluginDir } from '../install/plugin-dir.ts';

export type SearchPathSource = 'WASMEDGE_PLUGIN_PATH' | 'libwasmedge' | 'install-dir';

export interface SearchPathEntry {
  /** A directory (walked recursively) or a single file. */
  path: string;
  source: SearchPathSource;
  /** False for the install directory when the runtime would not look there. */
  searchedByWasmEdge: boolean;
}

export interface PluginSearchPath {
  entries: SearchPathEntry[];
  /** Where libwasmedge.so.0 is, or null when it was not found. */
  wasmedgeLibDir: string | null;
  /** Where this tool installs plug-ins. */
  installDir: string;
  /** Whether the runtime itself searches installDir. */
  installDirSearchedByWasmEdge: boolean;
  /** Sentences about settings that break the runtime's search (e.g. a trailing colon). */
  warnings: string[];
}

export interface SearchPathOptions {
  env?: NodeJS.ProcessEnv;
  /** Directory holding libwasmedge.so.0; null means none; looked for when undefined. */
  wasmedgeLibDir?: string | null;
  /** The loader's install directory (default: the installer's default). */
  installDir?: string;
  /** Home directory used to find ~/.wasmedge/lib (default: os.homedir()). */
  home?: string;
  /** process.arch style name, for the multiarch library directory (default: this machine's). */
  nodeArch?: string;
}

export const WASMEDGE_LIBRARY_FILE = 'libwasmedge.so.0';

/** Builds the search path for the given environment, in the runtime's order. */
export function pluginSearchPath(options: SearchPathOptions = {}): PluginSearchPath {
  const env = options.env ?? process.env;
  const installDir = options.installDir ?? defaultPluginDir(env);
  const wasmedgeLibDir =
    options.wasmedgeLibDir !== undefined
      ? options.wasmedgeLibDir
      : findWasmedgeLibDir({ home: options.home, nodeArch: options.nodeArch });
  const variable = env.WASMEDGE_PLUGIN_PATH ?? '';
  const entries: SearchPathEntry[] = splitPluginPath(variable).map((path) => ({
    path,
    source: 'WASMEDGE_PLUGIN_PATH',
    searchedByWasmEdge: true,
  }));
  if (wasmedgeLibDir !== null) {
    entries.push({ path: deriveRuntimePluginDir(wasmedgeLibDir), source: 'libwasmedge', searchedByWasmEdge: true });
  }
  const installDirSearchedByWasmEdge = entries.some((e) => e.path === installDir);
  if (!installDirSearchedByWasmEdge) {
    entries.push({ path: installDir, source: 'install-dir', searchedByWasmEdge: false });
  }
  return { entries, wasmedgeLibDir, installDir, installDirSearchedByWasmEdge, warnings: checkPluginPathVariable(variable) };
}

/** Splits WASMEDGE_PLUGIN_PATH as the runtime does: on ':', a run of colons being one separator. */
export function splitPluginPath(value: string): string[] {
  return value.split(':').filter((part) => part !== '');
}

/**
 * Joins directories into a WASMEDGE_PLUGIN_PATH value. Empty parts are
 * dropped so the value never ends in ':' (which aborts WasmEdge 0.17.1).
 */
export function formatPluginPath(paths: readonly string[]): string {
  return paths.filter((path) => path !== '').join(':');
}

/**
 * The plug-in directory the runtime derives from libwasmedge's directory:
 * system layouts (a path starting with /usr or /lib, compared as text, as the
 * runtime does) use <dir>/wasmedge; others (~/.wasmedge/lib) use <dir>/../plugin.
 */
export function deriveRuntimePluginDir(libDir: string): string {
  return libDir.startsWith('/usr') || libDir.startsWith('/lib') ? join(libDir, 'wasmedge') : join(libDir, '..', 'plugin');
}

/** The directories the WasmEdge installers put libwasmedge in, user install first. */
export function listWasmedgeLibCandidates(home: string = homedir(), nodeArch: string = process.arch): string[] {
  const candidates = [join(home, '.wasmedge', 'lib'), '/usr/local/lib', '/usr/lib'];
  try {
    candidates.push(`/usr/lib/${mapNodeArch(nodeArch)}-linux-gnu`);
  } catch {
    // No multiarch directory for an architecture we do not know.
  }
  return candidates;
}

/** The first candidate directory holding libwasmedge.so.0, or null. */
export function findWasmedgeLibDir(options: { home?: string; nodeArch?: string } = {}): string | null {
  const found = listWasmedgeLibCandidates(options.home, options.nodeArch).find((dir) =>
    existsSync(join(dir, WASMEDGE_LIBRARY_FILE)),
  );
  return found ?? null;
}

function checkPluginPathVariable(value: string): string[] {
  if (!value.endsWith(':')) {
    return [];
  }
  return [
    `WASMEDGE_PLUGIN_PATH ends with ':' ("${value}"), which makes WasmEdge 0.17.1 abort at start-up; ` +
      `set it to "${formatPluginPath(splitPluginPath(value))}" instead`,
  ];
}
