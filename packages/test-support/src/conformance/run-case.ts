/**
 * One conformance case run twice, each in a fresh process, so that nothing
 * (option storage, plug-in state) carries over between cases: through the
 * Node host (`wasmedge-plugins run`, the loader's CLI, started by path, so
 * this package does not import the loader) and through the real runtime
 * (`wasmedge [options] prog.wasm [args]`). Both get WASMEDGE_PLUGIN_PATH
 * naming the plug-in under test and the same environment.
 *
 * | Outcome           | Node host (`run`)                   | wasmedge                                  |
 * |-------------------|-------------------------------------|-------------------------------------------|
 * | guest output      | stdout                              | stdout without its "[20..." log lines     |
 * | exit              | status (proc_exit / Terminate → WASI exit code) | status                        |
 * | trap              | 134 and "... failed: ..., Code: 0x..." on stderr | the same in a stdout log line |
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceRoot } from '@wasmedge-plugins/tools';
import { compileWatFile } from '../index.ts';

export interface ConformanceCase {
  name: string;
  /** .wat or .wasm path, relative to the cases file. */
  wasm: string;
  /** Program options as typed on the wasmedge command line. */
  options: string[];
  args: string[];
  /** Extra environment for both runs. */
  env?: Record<string, string>;
  /**
   * A script (relative to the cases file) that starts what the case talks
   * to, e.g. a loopback server; it sends `{ vars }` over IPC when ready and
   * is stopped after the case. `${name}` in options, args and env values is
   * replaced by vars[name]; `${casesDir}` is the cases file's directory.
   */
  setup?: string;
}

export interface Outcome {
  stdout: string;
  exitCode: number;
  /** The WasmEdge error code of a trap ("Code: 0x40a" in the host's log). */
  trapCode?: number;
}

/** Time limit for one run of one case. */
const CASE_TIMEOUT_MS = 60_000;

export async function wasmBytesFor(path: string): Promise<Uint8Array> {
  return path.endsWith('.wat') ? compileWatFile(path) : new Uint8Array(readFileSync(path));
}

/** Writes the program where both runs can read it. */
export function writeProgram(wasm: Uint8Array): string {
  const file = join(mkdtempSync(join(tmpdir(), 'conformance-')), 'prog.wasm');
  writeFileSync(file, wasm);
  return file;
}

/** The runtime logs to stdout too; its lines start with a timestamp "[20..". */
export function dropRuntimeLogLines(stdout: string): string {
  return stdout
    .split(/(?<=\n)/)
    .filter((line) => !line.startsWith('[20'))
    .join('');
}

/** The 24-bit code of the runtime's "PHASE failed: MESSAGE, Code: 0x40a" log line. */
export function readTrapCode(log: string): number | undefined {
  const m = / failed: .*, Code: 0x([0-9a-f]+)/i.exec(log);
  return m ? parseInt(m[1]!, 16) : undefined;
}

/** Exit statuses of processes killed by a signal, as a shell reports them (128 + number). */
const SIGNAL_STATUS: Record<string, number> = { SIGABRT: 134, SIGKILL: 137, SIGSEGV: 139, SIGTERM: 143, SIGBUS: 135, SIGILL: 132 };

/**
 * Runs one process to its end. A crash or the time limit is an outcome (a
 * signal's status), not an error, so one bad case never stops the others;
 * only a program that cannot be started is an error.
 */
function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { env, timeout: CASE_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const e = err as (Error & { code?: unknown; signal?: NodeJS.Signals | null }) | null;
      if (e && typeof e.code !== 'number' && !e.signal) {
        reject(new Error(`${file} ${args.join(' ')}: ${e.message}${stderr ? `\n${stderr}` : ''}`));
        return;
      }
      const exitCode = !e ? 0 : typeof e.code === 'number' ? e.code : (SIGNAL_STATUS[e.signal!] ?? 128);
      resolve({ stdout, stderr, exitCode });
    });
  });
}

/** The loader's command, by path (packages/loader/bin). */
export function loaderCommand(root = workspaceRoot()): string {
  return join(root, 'packages', 'loader', 'bin', 'wasmedge-plugins.mjs');
}

export async function runInNode(pluginPath: string, program: string, c: ConformanceCase, env: NodeJS.ProcessEnv = process.env): Promise<Outcome> {
  const r = await run(process.execPath, ['--no-warnings', loaderCommand(), 'run', ...c.options, program, ...c.args], {
    ...env,
    ...c.env,
    WASMEDGE_PLUGIN_PATH: pluginPath,
  });
  const trapCode = readTrapCode(r.stderr);
  return { stdout: r.stdout, exitCode: r.exitCode, ...(trapCode === undefined ? {} : { trapCode }) };
}

export async function runInRuntime(bin: string, pluginPath: string, program: string, c: ConformanceCase, env: NodeJS.ProcessEnv = process.env): Promise<Outcome> {
  const r = await run(bin, [...c.options, program, ...c.args], { ...env, ...c.env, WASMEDGE_PLUGIN_PATH: pluginPath });
  const trapCode = readTrapCode(r.stdout + r.stderr);
  return { stdout: dropRuntimeLogLines(r.stdout), exitCode: r.exitCode, ...(trapCode === undefined ? {} : { trapCode }) };
}

/** Replaces `${name}` in the case's options, args and env by the setup's vars. */
export function substitute(c: ConformanceCase, vars: Record<string, string>): ConformanceCase {
  const fill = (s: string) => s.replace(/\$\{(\w+)\}/g, (all, name: string) => vars[name] ?? all);
  return {
    ...c,
    options: c.options.map(fill),
    args: c.args.map(fill),
    ...(c.env ? { env: Object.fromEntries(Object.entries(c.env).map(([k, v]) => [k, fill(v)])) } : {}),
  };
}
