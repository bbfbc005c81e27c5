/**
 * One conformance case run twice: through the Node host (node:wasi plus the
 * plug-in's modules) and through the real runtime (`wasmedge [options]
 * prog.wasm [args]` with WASMEDGE_PLUGIN_PATH), each giving stdout and the
 * exit code.
 */
import { execFile } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WASI } from 'node:wasi';
import { instantiateWithPlugins, openPlugin } from '@wasmedge-plugins/loader';
import { compileWatFile } from '../index.ts';

export interface ConformanceCase {
  name: string;
  /** .wat or .wasm path, relative to the cases file. */
  wasm: string;
  /** Program options as typed on the wasmedge command line. */
  options: string[];
  args: string[];
}

export interface Outcome {
  stdout: string;
  exitCode: number;
}

export async function wasmBytesFor(path: string): Promise<Uint8Array> {
  return path.endsWith('.wat') ? compileWatFile(path) : new Uint8Array(readFileSync(path));
}

export async function runInNode(libraryPath: string, wasm: Uint8Array, c: ConformanceCase): Promise<Outcome> {
  const plugin = openPlugin(libraryPath);
  plugin.applyCommandLine(c.options);
  const outFile = join(mkdtempSync(join(tmpdir(), 'conformance-')), 'stdout');
  const fd = openSync(outFile, 'w');
  try {
    const wasi = new WASI({ version: 'preview1', args: ['prog.wasm', ...c.args], env: {}, stdout: fd, returnOnExit: true });
    const modules = plugin.createAllModules();
    const instance = await instantiateWithPlugins(wasm, modules, { imports: { wasi_snapshot_preview1: wasi.wasiImport } });
    // As a process exit status: the runtime exits with the low 8 bits.
    const exitCode = wasi.start(instance) & 0xff;
    modules.forEach((m) => m.dispose());
    return { stdout: readFileSync(outFile, 'utf8'), exitCode };
  } finally {
    closeSync(fd);
  }
}

/** The runtime logs to stdout too; its lines start with a timestamp "[20..". */
export function dropRuntimeLogLines(stdout: string): string {
  return stdout
    .split(/(?<=\n)/)
    .filter((line) => !line.startsWith('[20'))
    .join('');
}

export async function runInRuntime(bin: string, pluginPath: string, wasm: Uint8Array, c: ConformanceCase, env: NodeJS.ProcessEnv = process.env): Promise<Outcome> {
  const file = join(mkdtempSync(join(tmpdir(), 'conformance-')), 'prog.wasm');
  writeFileSync(file, wasm);
  try {
    const { stdout } = await promisify(execFile)(bin, [...c.options, file, ...c.args], {
      env: { ...env, WASMEDGE_PLUGIN_PATH: pluginPath },
      timeout: 60_000,
    });
    return { stdout: dropRuntimeLogLines(stdout), exitCode: 0 };
  } catch (err) {
    const e = err as { code?: number | string; stdout?: string };
    if (typeof e.code !== 'number') throw err;
    return { stdout: dropRuntimeLogLines(e.stdout ?? ''), exitCode: e.code };
  }
}
