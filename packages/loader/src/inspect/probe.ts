/**
 * Reads a plug-in's descriptor in a child process (probe-worker.ts). The
 * child opens the library with RTLD_NOW, so a missing library or symbol is
 * reported now rather than met at the first call, and a plug-in that aborts,
 * segfaults or hangs while opening cannot take the caller down with it.
 */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ErrorKind } from '../errors.ts';
import { PACKAGE_DIR } from '../host/addon-location.ts';
import type { PluginDescriptor } from '../host/plugin.ts';

export interface ProbeOptions {
  /** The native host addon (default: the package build, or WASMEDGE_HOST_ADDON). */
  addonPath?: string;
  /** How long the child may take, start-up included (default 30 s). */
  timeoutMs?: number;
}

/** What the child sends back; exactly one of descriptor and error is set. */
export interface WorkerReport {
  descriptor?: PluginDescriptor;
  error?: { kind: ErrorKind; message: string; hint?: string };
  /** Only when the native host is missing: opening without it, lazily. */
  lazyOpen?: { ok: true } | { ok: false; message: string };
}

/** refused: the host said no; not-opened: the ELF facts ruled it out before opening. */
export type ProbeFailure = 'refused' | 'host-missing' | 'crashed' | 'timed-out' | 'not-opened';

export interface ProbeError {
  kind: ErrorKind;
  message: string;
  hint?: string;
  failure: ProbeFailure;
  /** How the child ended when it did not report, and the end of what it printed. */
  crash?: { signal: NodeJS.Signals | null; exitCode: number | null; output: string };
  lazyOpen?: WorkerReport['lazyOpen'];
}

export type DescriptorProbe =
  | { descriptor: PluginDescriptor; error?: undefined }
  | { descriptor?: undefined; error: ProbeError };

const HERE = fileURLToPath(import.meta.url);
// The worker sits beside this module: compiled JavaScript in the published
// package; TypeScript when the workspace runs the source, and then the child
// needs tsx (a workspace dev dependency), imported by absolute URL so it works
// whatever the caller's working directory.
const WORKER_PATH = join(dirname(HERE), `probe-worker${extname(HERE)}`);
function workerExecArgv(): string[] {
  if (extname(HERE) !== '.ts') return [];
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return ['--import', tsx];
}
const DEFAULT_TIMEOUT_MS = 30_000;
const OUTPUT_TAIL_CHARS = 2000;

const CRASH_HINT =
  'the plug-in crashed while being opened (in an ELF constructor or WasmEdge_Plugin_GetDescriptor), and WasmEdge ' +
  'would crash the same way at start-up: remove it from the search path and report the output to its authors';
const TIMEOUT_HINT =
  'the plug-in did not finish opening; WasmEdge would hang the same way at start-up: remove it from the search path';

/** Opens `path` in a child process and returns its descriptor or why it could not be read. */
export function probeDescriptor(path: string, options: ProbeOptions = {}): Promise<DescriptorProbe> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise((settle) => {
    const child = fork(WORKER_PATH, [resolve(path), options.addonPath ?? ''], {
      execArgv: workerExecArgv(),
      // tsx finds the workspace's source paths from its working directory.
      ...(extname(HERE) === '.ts' ? { cwd: PACKAGE_DIR } : {}),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    let report: WorkerReport | undefined;
    let output = '';
    let timedOut = false;
    const keepTail = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
    };
    child.stdout?.on('data', keepTail);
    child.stderr?.on('data', keepTail);
    child.on('message', (message) => {
      report = message as WorkerReport;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      settle(failWith('refused', 'plugin-open', `could not start a process to open ${path}: ${error.message}`));
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      if (report !== undefined) {
        settle(readReport(report));
      } else if (timedOut) {
        settle(failWith('timed-out', 'plugin-open', `${path} did not finish opening within ${timeoutMs} ms`, TIMEOUT_HINT));
      } else {
        const how = signal === null ? `exited with code ${exitCode}` : `was killed by ${signal}`;
        const printed = output.trim() === '' ? '' : `; it printed: ${output.trim()}`;
        const failure = failWith('crashed', 'plugin-open', `the process opening ${path} ${how} before reporting${printed}`, CRASH_HINT);
        failure.error.crash = { signal, exitCode, output: output.trim() };
        settle(failure);
      }
    });
  });
}

function readReport(report: WorkerReport): DescriptorProbe {
  if (report.descriptor !== undefined) {
    return { descriptor: report.descriptor };
  }
  const error = report.error ?? { kind: 'plugin-open' as const, message: 'the probe reported neither a descriptor nor an error' };
  const failure = error.kind === 'native-host-missing' ? 'host-missing' : 'refused';
  return { error: { ...error, failure, ...(report.lazyOpen ? { lazyOpen: report.lazyOpen } : {}) } };
}

function failWith(failure: ProbeFailure, kind: ErrorKind, message: string, hint?: string): { error: ProbeError } {
  return { error: { kind, message, failure, ...(hint ? { hint } : {}) } };
}
