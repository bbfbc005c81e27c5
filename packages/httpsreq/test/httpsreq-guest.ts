/**
 * Drives the wasmedge_httpsreq plug-in from a real wasm module
 * (guests/httpsreq-calls.wat): the host name and the raw HTTP request are
 * placed in the guest's memory and the host functions are called through
 * the module's exports, as a guest program would.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { instantiateWithPlugins, openPlugin, type HostModule, type OptionValue, type Plugin } from '@wasmedge-plugins/loader';
import { builtPluginPath, compileWatFile } from '@wasmedge-plugins/test-support';

export const GUESTS = join(fileURLToPath(new URL('.', import.meta.url)), 'guests');

/** The plug-in's error codes (README.md "Error codes"); a trap carries 0x01000000 + code. */
export const ERR = {
  badRange: 1,
  badArgument: 2,
  resolveFailed: 3,
  connectFailed: 4,
  connectTimeout: 5,
  tlsHandshakeFailed: 6,
  certificateRejected: 7,
  writeFailed: 8,
  readFailed: 9,
  readTimeout: 10,
  responseTooLarge: 11,
  outOfResources: 12,
  caFileUnusable: 13,
  requestTimeout: 14,
} as const;

export type GuestExports = Record<string, (...args: number[]) => number> & { memory: WebAssembly.Memory };

let plugin: Plugin | undefined;

export function httpsreqPlugin(): Plugin {
  plugin ??= openPlugin(builtPluginPath({ plugin: 'wasmedge_httpsreq' }));
  return plugin;
}

const DEFAULT_OPTIONS: [string, OptionValue][] = [
  ['https-ca-file', ''],
  ['https-insecure', false],
  ['https-quiet', false],
  ['https-connect-timeout-ms', 10_000],
  ['https-read-timeout-ms', 30_000],
  ['https-request-timeout-ms', 60_000],
  ['https-max-response-bytes', 64n * 1024n * 1024n],
];

/**
 * Resets every option to its default, then applies `commandLine` as the
 * wasmedge command line would. Modules copy the options when created.
 */
export function configure(commandLine: string[]): void {
  const p = httpsreqPlugin();
  for (const [name, value] of DEFAULT_OPTIONS) p.setOption(name, value);
  p.applyCommandLine(commandLine);
}

/** A raw HTTP/1.1 request as a guest writes it, with Connection: close. */
export function httpRequest(method: string, path: string, body?: Buffer | string, host = 'localhost'): Buffer {
  const payload = body === undefined ? Buffer.alloc(0) : Buffer.from(body);
  const length = body === undefined ? '' : `Content-Length: ${payload.length}\r\n`;
  const head = `${method} ${path} HTTP/1.1\r\nHost: ${host}\r\n${length}Connection: close\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), payload]);
}

/** Splits a raw HTTP/1.1 response into status code, headers and body. */
export function parseResponse(raw: Buffer): { status: number; headers: string; body: Buffer } {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`not an HTTP response: ${JSON.stringify(raw.subarray(0, 80).toString('latin1'))}`);
  const headers = raw.subarray(0, end).toString('latin1');
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(headers)?.[1]), headers, body: raw.subarray(end + 4) };
}

export class HttpsreqGuest {
  #cursor = 0;
  constructor(
    readonly module: HostModule,
    readonly exports: GuestExports,
  ) {}

  static async create(commandLine?: string[]): Promise<HttpsreqGuest> {
    if (commandLine !== undefined) configure(commandLine);
    const module = httpsreqPlugin().createModule('wasmedge_httpsreq');
    const wasm = await compileWatFile(join(GUESTS, 'httpsreq-calls.wat'));
    const instance = await instantiateWithPlugins(wasm, [module]);
    return new HttpsreqGuest(module, instance.exports as unknown as GuestExports);
  }

  get memory(): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer);
  }

  /** Grows memory to at least `size` bytes. */
  ensure(size: number): void {
    const have = this.exports.memory.buffer.byteLength;
    if (size > have) this.exports.memory.grow(Math.ceil((size - have) / 65536));
  }

  /** Copies bytes into guest memory after what was put before; returns [ptr, len]. */
  put(data: string | Buffer): [number, number] {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    const ptr = this.#cursor;
    this.ensure(ptr + bytes.length);
    this.memory.set(bytes, ptr);
    this.#cursor += bytes.length;
    return [ptr, bytes.length];
  }

  /** send_data with the host name and request placed in memory. */
  send(host: string | Buffer, port: number, request: Buffer | string): void {
    this.#cursor = 0;
    const [hostPtr, hostLen] = this.put(host);
    const [bodyPtr, bodyLen] = this.put(request);
    this.exports.send_data!(hostPtr, hostLen, port, bodyPtr, bodyLen);
  }

  /** get_rcv_len, then get_rcv into fresh memory past the request. */
  received(): Buffer {
    const len = this.exports.get_rcv_len!() >>> 0;
    const at = Math.ceil(this.#cursor / 65536) * 65536;
    this.ensure(at + len);
    this.exports.get_rcv!(at);
    return Buffer.from(this.memory.subarray(at, at + len));
  }

  request(host: string | Buffer, port: number, request: Buffer | string): Buffer {
    this.send(host, port, request);
    return this.received();
  }
}
