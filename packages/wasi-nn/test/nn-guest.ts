/**
 * Drives the wasi_nn plug-in (one artifact per backend) from a real wasm module
 * (guests/nn-calls.wat): models, builder arrays and tensor structs are
 * placed in the guest's memory and the host functions are called through
 * the module's exports.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { instantiateWithPlugins, openPlugin, type HostModule, type Plugin } from '@wasmedge-plugins/loader';
import { builtPluginPath, compileWatFile, testTarget } from '@wasmedge-plugins/test-support';
import { tensorBytes, type TensorData } from './tensors.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const GUESTS = join(HERE, 'guests');
export const MODELS = join(HERE, 'models');
const WORKSPACE = join(HERE, '..', '..', '..');

/** Error numbers of wasi_ephemeral_nn (spec §3.4). */
export const Errno = { success: 0, invalidArgument: 1, invalidEncoding: 2, runtimeError: 5, unsupportedOperation: 6, tooLarge: 7, notFound: 8 } as const;
export const Encoding = { openvino: 0, onnx: 1, tensorflow: 2, pytorch: 3, tensorflowlite: 4, autodetect: 5, ggml: 6 } as const;
export const Target = { cpu: 0, gpu: 1, tpu: 2, auto: 3 } as const;
export const TensorType = { f16: 0, f32: 1, f64: 2, u8: 3, i32: 4, i64: 5 } as const;

export type Backend = 'pytorch' | 'openvino' | 'tensorflowlite';

/** Where a backend's test models are: the PyTorch ones in test/models, the others beside their backend. */
export function modelDir(backend: Backend): string {
  return backend === 'pytorch' ? MODELS : join(HERE, '..', 'backends', backend, 'test-models');
}

export function readModel(name: string, backend: Backend = 'pytorch'): Uint8Array {
  return new Uint8Array(readFileSync(join(modelDir(backend), name)));
}

/**
 * Why the backend's cell was not built, or null when it was. A missing build
 * summary is an error: the tests never skip silently.
 */
export function backendSkipReason(backend: Backend): string | null {
  const target = testTarget();
  const path = join(WORKSPACE, 'dist', 'plugins', target, 'wasi-nn', 'build-summary.json');
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: build first with npx nx run wasi-nn:build${target === 'host' ? '' : ` -c ${target}`}`);
  }
  const summary = JSON.parse(readFileSync(path, 'utf8')) as { built: { backend: string | null }[]; skipped: { backend: string | null; reason: string }[] };
  const skipped = summary.skipped.find((s) => s.backend === backend)?.reason;
  if (skipped !== undefined) return skipped;
  // A release target builds only the backends the manifest lists for it.
  return summary.built.some((c) => c.backend === backend) ? null : `the manifest builds no ${backend} cell for ${target}`;
}

const warned = new Set<Backend>();

/** describe() that runs only when the backend's cell was built, and says why not. */
export function describeWithBackend(backend: Backend, title: string, body: () => void): void {
  const reason = backendSkipReason(backend);
  if (reason === null) {
    describe(title, body);
    return;
  }
  if (!warned.has(backend)) {
    console.warn(`wasi-nn tests skipped: the ${backend} backend was not built: ${reason}`);
    warned.add(backend);
  }
  describe(title, () => it.skip(`skipped because the ${backend} backend was not built: ${reason}`, () => {}));
}

export function describeWithPytorch(title: string, body: () => void): void {
  describeWithBackend('pytorch', title, body);
}

const plugins = new Map<Backend, Plugin>();

/** The built plug-in of a backend, opened once per test file (each file runs in its own process). */
export function nnPlugin(backend: Backend = 'pytorch'): Plugin {
  let plugin = plugins.get(backend);
  if (plugin === undefined) {
    plugin = openPlugin(builtPluginPath({ plugin: 'wasi_nn', backend }));
    plugins.set(backend, plugin);
  }
  return plugin;
}

export type GuestExports = Record<string, (...args: number[]) => number> & { memory: WebAssembly.Memory };

export interface Tensor extends TensorData {
  /** Raw type number, to send types the helpers do not name. */
  typeNumber?: number;
}

/** The first bytes of guest memory are left alone; the bump allocator starts here. */
const HEAP_START = 1024;

export class NnGuest {
  #cursor = HEAP_START;
  constructor(
    readonly module: HostModule,
    readonly exports: GuestExports,
    readonly backend: Backend = 'pytorch',
  ) {}

  /** A fresh module instance (nn-preload as given, empty by default; --nn-preload-only when asked) and guest. */
  static async create(preload = '', preloadOnly = false, backend: Backend = 'pytorch'): Promise<NnGuest> {
    const plugin = nnPlugin(backend);
    plugin.setOption('nn-preload', preload);
    plugin.setOption('nn-preload-only', preloadOnly);
    const module = plugin.createModule('wasi_nn');
    const wasm = await compileWatFile(join(GUESTS, 'nn-calls.wat'));
    const instance = await instantiateWithPlugins(wasm, [module]);
    return new NnGuest(module, instance.exports as unknown as GuestExports, backend);
  }

  get bytes(): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer);
  }

  get view(): DataView {
    return new DataView(this.exports.memory.buffer);
  }

  /** Reserves `size` bytes (8-aligned), growing memory as needed; returns the pointer. */
  alloc(size: number): number {
    const ptr = this.#cursor;
    this.#cursor = (ptr + size + 7) & ~7;
    const have = this.exports.memory.buffer.byteLength;
    if (this.#cursor > have) {
      this.exports.memory.grow(Math.ceil((this.#cursor - have) / 65536));
    }
    return ptr;
  }

  put(data: Uint8Array | string): [number, number] {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    const ptr = this.alloc(bytes.length);
    this.bytes.set(bytes, ptr);
    return [ptr, bytes.length];
  }

  u32(ptr: number): number {
    return this.view.getUint32(ptr, true);
  }

  /** A builder array (spec §4.1) of the given byte strings. */
  putBuilders(parts: Uint8Array[]): [number, number] {
    const array = this.alloc(8 * parts.length);
    parts.forEach((part, i) => {
      const [ptr, len] = this.put(part);
      this.view.setUint32(array + 8 * i, ptr, true);
      this.view.setUint32(array + 8 * i + 4, len, true);
    });
    return [array, parts.length];
  }

  /** A 20-byte tensor struct (spec §4.2) with its dimensions and data. */
  putTensor(tensor: Tensor): number {
    const dims = this.alloc(4 * tensor.shape.length);
    tensor.shape.forEach((d, i) => this.view.setUint32(dims + 4 * i, d, true));
    const [data, len] = this.put(tensorBytes(tensor));
    const struct = this.alloc(20);
    this.view.setUint32(struct, dims, true);
    this.view.setUint32(struct + 4, tensor.shape.length, true);
    this.view.setUint32(struct + 8, tensor.typeNumber ?? TensorType[tensor.dtype], true);
    this.view.setUint32(struct + 12, data, true);
    this.view.setUint32(struct + 16, len, true);
    return struct;
  }

  /** Calls an id-returning function; `id` is meaningful only when err is 0. */
  #withId(call: (idPtr: number) => number): { err: number; id: number } {
    const idPtr = this.alloc(4);
    const err = call(idPtr);
    return { err, id: this.u32(idPtr) };
  }

  load(parts: Uint8Array[], encoding: number = Encoding[this.backend], target: number = Target.cpu) {
    const [array, count] = this.putBuilders(parts);
    return this.#withId((idPtr) => this.exports.load!(array, count, encoding, target, idPtr));
  }

  loadByName(name: string, config?: string) {
    const [namePtr, nameLen] = this.put(name);
    if (config === undefined) {
      return this.#withId((idPtr) => this.exports.load_by_name!(namePtr, nameLen, idPtr));
    }
    const [configPtr, configLen] = this.put(config);
    return this.#withId((idPtr) => this.exports.load_by_name_with_config!(namePtr, nameLen, configPtr, configLen, idPtr));
  }

  initContext(graph: number) {
    return this.#withId((idPtr) => this.exports.init_execution_context!(graph, idPtr));
  }

  setInput(context: number, index: number, tensor: Tensor): number {
    return this.exports.set_input!(context, index, this.putTensor(tensor));
  }

  compute(context: number): number {
    return this.exports.compute!(context);
  }

  /** get_output into a fresh buffer of `max` bytes; returns the bytes written. */
  getOutput(context: number, index: number, max = 1 << 16): { err: number; bytes: Uint8Array } {
    const out = this.alloc(max);
    const written = this.alloc(4);
    const err = this.exports.get_output!(context, index, out, max, written);
    const length = err === 0 ? this.u32(written) : 0;
    return { err, bytes: this.bytes.slice(out, out + length) };
  }

  /** Loads a checked-in model (several builders: one file each) and creates one context on it. */
  contextFor(...models: string[]): { graph: number; context: number } {
    const model = models.join(' + ');
    const graph = this.load(models.map((m) => readModel(m, this.backend)));
    if (graph.err !== 0) throw new Error(`load ${model} returned ${graph.err}`);
    const context = this.initContext(graph.id);
    if (context.err !== 0) throw new Error(`init_execution_context returned ${context.err}`);
    return { graph: graph.id, context: context.id };
  }

  /**
   * linear.pt with a [batch, 64] f32 input set up in guest memory, and
   * `repeat(n)`, which runs n inferences in a wasm loop (infer_repeat) and
   * returns its errno; `written` points at the output size it last wrote.
   */
  linearInferenceLoop(batch: number): { repeat: (n: number) => number; written: number; outMax: number } {
    const { context } = this.contextFor('linear.pt');
    const values = Array.from({ length: batch * 64 }, (_, i) => ((i % 97) - 48) / 16);
    const tensor = this.putTensor({ dtype: 'f32', shape: [batch, 64], values });
    const outMax = batch * 8 * 4;
    const out = this.alloc(outMax);
    const written = this.alloc(4);
    return { repeat: (n) => this.exports.infer_repeat!(context, tensor, out, outMax, written, n), written, outMax };
  }

  /** Forgets everything allocated after the heap start (ids stay valid). */
  resetHeap(): void {
    this.#cursor = HEAP_START;
  }
}
