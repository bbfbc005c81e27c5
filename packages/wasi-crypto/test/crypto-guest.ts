/**
 * Drives the wasi_crypto plug-in from a real wasm module
 * (guests/crypto-calls.wat re-exports every import of the five modules): the test places bytes in the guest's memory and calls
 * the host functions through the module's exports, exactly as a guest would.
 *
 * Low-level: `call(name, ...args)` returns the errno. High-level helpers
 * (`keyImport`, `absorb`, `encrypt`, ...) throw a CryptoError carrying the
 * errno when a call fails.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { instantiateWithPlugins, openPlugin, type HostModule, type Plugin } from '@wasmedge-plugins/loader';
import { builtPluginPath, compileWatFile } from '@wasmedge-plugins/test-support';

export const GUESTS = join(fileURLToPath(new URL('.', import.meta.url)), 'guests');

/** crypto_errno values (spec §3). */
export const ERRNO = {
  SUCCESS: 0,
  NOT_IMPLEMENTED: 2,
  UNSUPPORTED_FEATURE: 3,
  UNSUPPORTED_ENCODING: 5,
  UNSUPPORTED_ALGORITHM: 6,
  UNSUPPORTED_OPTION: 7,
  INVALID_KEY: 8,
  INVALID_LENGTH: 9,
  VERIFICATION_FAILED: 10,
  ALGORITHM_FAILURE: 12,
  INVALID_SIGNATURE: 13,
  CLOSED: 14,
  INVALID_HANDLE: 15,
  OVERFLOW: 16,
  TOO_MANY_HANDLES: 18,
  KEY_NOT_SUPPORTED: 19,
  KEY_REQUIRED: 20,
  INVALID_TAG: 21,
  INVALID_OPERATION: 22,
  NONCE_REQUIRED: 23,
  INVALID_NONCE: 24,
} as const;

const ERRNO_NAMES = new Map<number, string>(Object.entries(ERRNO).map(([name, value]) => [value, name]));

export const ALGORITHM_TYPE = { signatures: 0, symmetric: 1, keyExchange: 2 } as const;

/** Handle kinds (spec §2.1 type_id): the low byte of every handle. */
export const KIND = {
  arrayOutput: 0x00,
  options: 0x01,
  verificationState: 0x02,
  publicKey: 0x03,
  secretKey: 0x04,
  keyPair: 0x05,
  signature: 0x06,
  signatureState: 0x07,
  symmetricState: 0x08,
  symmetricKey: 0x09,
  symmetricTag: 0x0a,
} as const;

/** The module descriptors, in the plug-in's (upstream's) order. */
export const MODULES = ['wasi_crypto_asymmetric_common', 'wasi_crypto_common', 'wasi_crypto_kx', 'wasi_crypto_signatures', 'wasi_crypto_symmetric'] as const;

export class CryptoError extends Error {
  constructor(
    readonly fn: string,
    readonly errno: number,
  ) {
    super(`${fn} returned ${errno} (${ERRNO_NAMES.get(errno) ?? 'unexpected'})`);
    this.name = 'CryptoError';
  }
}

export type Bytes = Uint8Array | string;
type GuestFunction = (...args: (number | bigint)[]) => number;
export type GuestExports = Record<string, GuestFunction> & { memory: WebAssembly.Memory };

/** Bytes the helpers fill fresh allocations with, to see what was written. */
export const SENTINEL = 0xee;
const HEAP_START = 1024;

let plugin: Plugin | undefined;
const compiled = new Map<string, Uint8Array>();

export function cryptoPlugin(): Plugin {
  plugin ??= openPlugin(builtPluginPath({ plugin: 'wasi_crypto' }));
  return plugin;
}

export function bytes(data: Bytes): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data) : data;
}

export class CryptoGuest {
  #cursor = HEAP_START;

  constructor(
    readonly modules: HostModule[],
    readonly fns: GuestExports,
  ) {}

  /** Creates the five module instances (of the test target's build unless given) and instantiates a guest with them. */
  static async create(wat = 'crypto-calls.wat', p: Plugin = cryptoPlugin()): Promise<CryptoGuest> {
    const modules = MODULES.map((name) => p.createModule(name));
    let wasm = compiled.get(wat);
    if (!wasm) {
      wasm = await compileWatFile(join(GUESTS, wat));
      compiled.set(wat, wasm);
    }
    const instance = await instantiateWithPlugins(wasm, modules);
    return new CryptoGuest(modules, instance.exports as unknown as GuestExports);
  }

  /** Destroys the instances (their finalizers release the context). */
  dispose(): void {
    for (const m of this.modules) m.dispose();
  }

  get memory(): Uint8Array {
    return new Uint8Array(this.fns.memory.buffer);
  }

  /** Forgets every allocation (the guest memory is reused from the start). */
  reset(): void {
    this.#cursor = HEAP_START;
  }

  ensure(size: number): void {
    const have = this.fns.memory.buffer.byteLength;
    if (size > have) this.fns.memory.grow(Math.ceil((size - have) / 65536));
  }

  /** Reserves `len` bytes (8-aligned) filled with SENTINEL. */
  alloc(len: number): number {
    const ptr = (this.#cursor + 7) & ~7;
    this.ensure(ptr + len);
    this.memory.fill(SENTINEL, ptr, ptr + len);
    this.#cursor = ptr + len;
    return ptr;
  }

  /** Copies bytes into guest memory; returns [ptr, len]. */
  put(data: Bytes): [number, number] {
    const b = bytes(data);
    const ptr = this.alloc(b.length);
    this.memory.set(b, ptr);
    return [ptr, b.length];
  }

  /** An 8-byte out slot. */
  slot(): number {
    return this.alloc(8);
  }

  u32(ptr: number): number {
    return new DataView(this.fns.memory.buffer).getUint32(ptr, true);
  }

  u64(ptr: number): bigint {
    return new DataView(this.fns.memory.buffer).getBigUint64(ptr, true);
  }

  read(ptr: number, len: number): Buffer {
    return Buffer.from(this.memory.slice(ptr, ptr + len));
  }

  /** Pointer to an optional-handle struct: tag 1 (none) or 0 (some). */
  optional(handle?: number, tag = handle === undefined ? 1 : 0): number {
    const ptr = this.alloc(8);
    const view = new DataView(this.fns.memory.buffer);
    view.setUint32(ptr, tag, true);
    view.setUint32(ptr + 4, handle ?? 0, true);
    return ptr;
  }

  /**
   * Calls an import by name through the guest's export of the same name;
   * returns its errno. A guest that does not re-export it (a loop guest)
   * gets the host function directly, on the same memory.
   */
  call(name: string, ...args: (number | bigint)[]): number {
    const fn = this.fns[name] ?? (this.modules.find((m) => name in m.imports)?.imports[name] as GuestFunction | undefined);
    if (!fn) throw new Error(`neither the guest nor the plug-in has a function ${name}`);
    return fn(...args);
  }

  must(name: string, ...args: (number | bigint)[]): void {
    const errno = this.call(name, ...args);
    if (errno !== 0) throw new CryptoError(name, errno);
  }

  /** Calls a function whose last argument is a 4-byte out slot; returns it. */
  mustOut(name: string, ...args: (number | bigint)[]): number {
    const out = this.slot();
    this.must(name, ...args, out);
    return this.u32(out);
  }

  optionsOpen(type: number = ALGORITHM_TYPE.symmetric): number {
    return this.mustOut('options_open', type);
  }

  optionsSet(options: number, name: string, value: Bytes): void {
    this.must('options_set', options, ...this.put(name), ...this.put(value));
  }

  /** A symmetric option set holding `nonce`. */
  nonceOptions(nonce: Bytes): number {
    const options = this.optionsOpen();
    this.optionsSet(options, 'nonce', nonce);
    return options;
  }

  keyImport(alg: string, raw: Bytes): number {
    return this.mustOut('symmetric_key_import', ...this.put(alg), ...this.put(raw));
  }

  keyGenerate(alg: string, options?: number): number {
    return this.mustOut('symmetric_key_generate', ...this.put(alg), this.optional(options));
  }

  /** Reads an array_output to its end (which closes it). */
  arrayOutput(handle: number): Buffer {
    const len = this.mustOut('array_output_len', handle);
    const buf = this.alloc(len);
    const count = this.mustOut('array_output_pull', handle, buf, len);
    return this.read(buf, count);
  }

  keyExport(key: number): Buffer {
    return this.arrayOutput(this.mustOut('symmetric_key_export', key));
  }

  stateOpen(alg: string, key?: number, options?: number): number {
    return this.mustOut('symmetric_state_open', ...this.put(alg), this.optional(key), this.optional(options));
  }

  absorb(state: number, data: Bytes): void {
    this.must('symmetric_state_absorb', state, ...this.put(data));
  }

  squeeze(state: number, len: number): Buffer {
    const out = this.alloc(len);
    this.must('symmetric_state_squeeze', state, out, len);
    return this.read(out, len);
  }

  squeezeTag(state: number): number {
    return this.mustOut('symmetric_state_squeeze_tag', state);
  }

  squeezeKey(state: number, alg: string): number {
    return this.mustOut('symmetric_state_squeeze_key', state, ...this.put(alg));
  }

  tagBytes(tag: number): Buffer {
    const len = this.mustOut('symmetric_tag_len', tag);
    const buf = this.alloc(len);
    const count = this.mustOut('symmetric_tag_pull', tag, buf, len);
    return this.read(buf, count);
  }

  /** Attached encryption: ciphertext followed by the 16-byte tag. */
  encrypt(state: number, data: Bytes): Buffer {
    const [ptr, len] = this.put(data);
    const out = this.alloc(len + 16);
    const size = this.mustOut('symmetric_state_encrypt', state, out, len + 16, ptr, len);
    return this.read(out, size);
  }

  encryptDetached(state: number, data: Bytes): { ciphertext: Buffer; tag: number } {
    const [ptr, len] = this.put(data);
    const out = this.alloc(len);
    const tag = this.mustOut('symmetric_state_encrypt_detached', state, out, len, ptr, len);
    return { ciphertext: this.read(out, len), tag };
  }

  decrypt(state: number, data: Bytes): Buffer {
    const [ptr, len] = this.put(data);
    const out = this.alloc(Math.max(len - 16, 0));
    const size = this.mustOut('symmetric_state_decrypt', state, out, len - 16, ptr, len);
    return this.read(out, size);
  }

  decryptDetached(state: number, ciphertext: Bytes, rawTag: Bytes): Buffer {
    const [ptr, len] = this.put(ciphertext);
    const out = this.alloc(len);
    const size = this.mustOut('symmetric_state_decrypt_detached', state, out, len, ptr, len, ...this.put(rawTag));
    return this.read(out, size);
  }
}
