/** The installed WasmEdge runtime's version, from `wasmedge --version`, if there is one. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export async function detectRuntimeVersion(bin = process.env.WASMEDGE_BIN ?? 'wasmedge'): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)(bin, ['--version'], { timeout: 10_000 });
    return /version\s+(\d+\.\d+\.\d+(?:-[\w.]+)?)/.exec(stdout)?.[1];
  } catch {
    return undefined;
  }
}
