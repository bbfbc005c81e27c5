/**
 * Finds a real `wasmedge` runtime (WASMEDGE_BIN, else PATH) and reads what
 * `wasmedge --version` says: its version and the plug-ins it registered
 * (one line each after the version; a plug-in it rejected is absent).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

export interface RuntimeInfo {
  bin: string;
  version: string;
  /** Lines of `wasmedge --version` after the first, which list plug-ins. */
  pluginLines: string[];
}

export function findRuntimeBinary(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.WASMEDGE_BIN) return env.WASMEDGE_BIN;
  return (env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir !== '')
    .map((dir) => join(dir, 'wasmedge'))
    .find((path) => existsSync(path));
}

/** Runs `<bin> --version` with the plug-in path set; throws if it cannot be run. */
export async function readRuntimeInfo(bin: string, pluginPath: string, env: NodeJS.ProcessEnv = process.env): Promise<RuntimeInfo> {
  const { stdout } = await promisify(execFile)(bin, ['--version'], {
    env: { ...env, WASMEDGE_PLUGIN_PATH: pluginPath },
    timeout: 30_000,
  });
  const lines = stdout.split('\n').filter((l) => l.trim() !== '');
  const version = /(\d+\.\d+\.\d+(?:-[\w.]+)?)/.exec(lines[0] ?? '')?.[1];
  if (!version) {
    throw new Error(`${bin} --version printed no version: "${lines[0] ?? ''}"`);
  }
  return { bin, version, pluginLines: lines.slice(1) };
}

/** Whether `wasmedge --version` lists the plug-in (by its library path or its name). */
export function listsPlugin(info: RuntimeInfo, plugin: { name: string; libraryPath: string }): boolean {
  return info.pluginLines.some((line) => line.includes(plugin.libraryPath) || new RegExp(`(^|[^\\w])${plugin.name}([^\\w]|$)`).test(line));
}
