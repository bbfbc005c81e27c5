/** The plug-in directory this tool installs into by default. */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** WASMEDGE_PLUGINS_DIR, else ~/.wasmedge/plugin (which WasmEdge searches when it lives in ~/.wasmedge/lib). */
export function defaultPluginDir(env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  return env.WASMEDGE_PLUGINS_DIR || join(home, '.wasmedge', 'plugin');
}
