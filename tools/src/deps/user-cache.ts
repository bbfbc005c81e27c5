/**
 * The per-user cache shared by every checkout on a machine: downloaded
 * wheels, SDKs extracted from them and build roots. Large and slow to make,
 * so never under a checkout's build/.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export const CACHE_DIR_ENV = 'WASMEDGE_PLUGINS_CACHE_DIR';

/** `$WASMEDGE_PLUGINS_CACHE_DIR`, else `${XDG_CACHE_HOME:-~/.cache}/wasmedge-plugins`. */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env[CACHE_DIR_ENV]) return env[CACHE_DIR_ENV];
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'wasmedge-plugins');
}
