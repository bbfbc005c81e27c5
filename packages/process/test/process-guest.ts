/**
 * Drives the wasmedge_process plug-in from a real wasm module
 * (guests/process-calls.wat): strings are placed in the guest's memory and
 * each host function is called through the module's exports.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { instantiateWithPlugins, openPlugin, type HostModule, type Plugin } from '@wasmedge-plugins/loader';
import { builtPluginPath, compileWatFile } from '@wasmedge-plugins/test-support';

export const GUESTS = join(fileURLToPath(new URL('.', import.meta.url)), 'guests');

export interface Command {
  prog: string;
  args?: string[];
  env?: Record<string, string>;
  stdin?: string | Buffer;
  timeoutMs?: number;
}

export interface Outcome {
  code: number;
  stdout: Buffer;
  stderr: Buffer;
}

export type GuestExports = Record<string, (...args: number[]) => number> & { memory: WebAssembly.Memory };

let plugin: Plugin | undefined;

export function processPlugin(): Plugin {
  plugin ??= openPlugin(builtPluginPath({ plugin: 'wasmedge_process' }));
  return plugin;
}

/** The host options at their defaults (what an absent flag leaves). */
const DEFAULT_OPTIONS = {
  'allow-command': '',
  'allow-command-all': false,
  'process-allow-loader-env': false,
  'process-max-input-bytes': 16 * 1024 * 1024,
  'process-max-output-bytes': 16 * 1024 * 1024,
  'process-containment': '',
} as const;

/** Sets the plug-in's options, as a user would on the wasmedge command line; the rest keep their defaults. */
export function allow(commandLine: string[]): void {
  const p = processPlugin();
  for (const [name, value] of Object.entries(DEFAULT_OPTIONS)) p.setOption(name, value);
  p.applyCommandLine(commandLine);
}

export class ProcessGuest {
  #cursor = 0;
  constructor(
    readonly module: HostModule,
    readonly exports: GuestExports,
  ) {}

  static async create(): Promise<ProcessGuest> {
    const module = processPlugin().createModule('wasmedge_process');
    const wasm = await compileWatFile(join(GUESTS, 'process-calls.wat'));
    const instance = await instantiateWithPlugins(wasm, [module]);
    return new ProcessGuest(module, instance.exports as unknown as GuestExports);
  }

  get memory(): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer);
  }

  /** Copies bytes into guest memory (growing it if needed); returns [ptr, len]. */
  put(data: string | Buffer): [number, number] {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    const ptr = this.#cursor;
    this.ensure(ptr + bytes.length);
    this.memory.set(bytes, ptr);
    this.#cursor += bytes.length;
    return [ptr, bytes.length];
  }

  ensure(size: number): void {
    const have = this.exports.memory.buffer.byteLength;
    if (size > have) {
      this.exports.memory.grow(Math.ceil((size - have) / 65536));
    }
  }

  read(kind: 'stdout' | 'stderr'): Buffer {
    const len = this.exports[`get_${kind}_len`]!() >>> 0;
    const ptr = 1 << 20; // past anything put() wrote in these tests
    this.ensure(ptr + len);
    this.exports[`get_${kind}`]!(ptr);
    return Buffer.from(this.memory.slice(ptr, ptr + len));
  }

  prepare(cmd: Command): void {
    this.#cursor = 0;
    this.exports.set_prog_name!(...this.put(cmd.prog));
    for (const arg of cmd.args ?? []) this.exports.add_arg!(...this.put(arg));
    for (const [name, value] of Object.entries(cmd.env ?? {})) this.exports.add_env!(...this.put(name), ...this.put(value));
    if (cmd.stdin !== undefined) this.exports.add_stdin!(...this.put(cmd.stdin));
    if (cmd.timeoutMs !== undefined) this.exports.set_timeout!(cmd.timeoutMs);
  }

  run(cmd: Command): Outcome {
    this.prepare(cmd);
    const code = this.exports.run!();
    return { code, stdout: this.read('stdout'), stderr: this.read('stderr') };
  }
}
