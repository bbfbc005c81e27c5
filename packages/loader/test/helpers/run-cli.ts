/** Runs the real, compiled CLI (bin/ → dist/) in a sandbox: its own HOME, no inherited plug-in settings. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const BIN = fileURLToPath(new URL('../../bin/wasmedge-plugins.mjs', import.meta.url));

export async function cli(args: string[], home: string, env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      env: { ...process.env, HOME: home, WASMEDGE_PLUGINS_DIR: '', WASMEDGE_PLUGINS_INDEX: '', WASMEDGE_PLUGIN_PATH: '', WASMEDGE_BIN: '/nonexistent/wasmedge', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
