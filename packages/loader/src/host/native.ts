/**
 * Loads the native host addon. It is opened with RTLD_GLOBAL because the
 * plug-ins it loads leave their WasmEdge_* references for the host to
 * provide, exactly as under the wasmedge CLI; only the addon defines them.
 */
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { HostFunctionError, LoaderError, type ErrorKind } from '../errors.ts';
import { makeWasmFunction } from './wasm-trampoline.ts';
import { trapCode } from './trap-codes.ts';
import { locateAddon } from './addon-location.ts';

export type ValueTypeName = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'funcref' | 'externref' | 'ref' | 'unknown';

export interface NativeDescriptor {
  name: string;
  description: string;
  apiVersion: number;
  version: { major: number; minor: number; patch: number; build: number };
  modules: { name: string; description: string }[];
  options: { name: string; description: string; type: number; hasDefault: boolean }[];
}

export interface NativeFunction {
  name: string;
  params: ValueTypeName[];
  results: ValueTypeName[];
  handle: unknown;
}

export interface NativeModule {
  instanceName: string;
  handle: unknown;
  functions: NativeFunction[];
  /** The memories, tables and globals the module adds, by export name. */
  exports: {
    memories: Record<string, WebAssembly.Memory>;
    tables: Record<string, WebAssembly.Table>;
    globals: Record<string, WebAssembly.Global>;
  };
}

/** A guest export as the native host records it for the calling frame. */
export interface CallerFunction {
  name: string;
  fn: Function;
  params: ValueTypeName[];
  results: ValueTypeName[];
}

export interface NativeHost {
  open(path: string): unknown;
  describe(plugin: unknown): NativeDescriptor;
  getOption(plugin: unknown, name: string): unknown;
  setOption(plugin: unknown, name: string, value: unknown): void;
  setOptionDefault(plugin: unknown, name: string): boolean;
  createModule(plugin: unknown, descriptorName: string): NativeModule;
  disposeModule(module: unknown): void;
  call(fn: unknown, memory: WebAssembly.Memory | undefined, buffer: ArrayBuffer | undefined, ...args: unknown[]): unknown;
  setErrorFactory(factory: (kind: string, message: string, code: number) => Error): void;
  attachCaller(module: unknown, functions: CallerFunction[], memories: { name: string; memory: WebAssembly.Memory }[]): void;
  callInstance(fn: unknown, ...args: unknown[]): unknown;
  /** WasmEdge_ResultGetMessage of a 32-bit result code. */
  resultMessage(code: number): string;
  setFuncRefFactory(factory: (fn: unknown, params: ValueTypeName[], results: ValueTypeName[]) => Function): void;
  setTrapCodeReader(reader: (error: unknown) => number): void;
  apiVersion: number;
}

const NATIVE_KINDS: Record<string, ErrorKind> = {
  open: 'plugin-open',
  'not-plugin': 'not-a-plugin',
  'not-c-plugin': 'not-a-plugin',
  option: 'option',
  module: 'module',
};

function makeError(kind: string, message: string, code: number): Error {
  if (kind === 'failed' || kind === 'terminated') {
    return new HostFunctionError(message, code);
  }
  return new LoaderError(NATIVE_KINDS[kind] ?? 'host-call', message);
}

let loaded: NativeHost | undefined;

/** Loads the addon at `path`, else WASMEDGE_HOST_ADDON's, else the one addon-location.ts finds. */
export function loadNativeHost(path = process.env.WASMEDGE_HOST_ADDON || undefined): NativeHost {
  if (loaded) {
    return loaded;
  }
  path ??= locateAddon();
  if (!existsSync(path)) {
    throw new LoaderError(
      'native-host-missing',
      `the native plug-in host is not built (looked for ${path}); loading plug-ins needs it, installing does not`,
    );
  }
  const module = { exports: {} as NativeHost };
  try {
    process.dlopen(module, path, constants.dlopen.RTLD_NOW | constants.dlopen.RTLD_GLOBAL);
  } catch (cause) {
    throw new LoaderError('native-host-missing', `cannot load the native plug-in host ${path}: ${(cause as Error).message}`, {
      cause,
    });
  }
  const native = module.exports;
  native.setErrorFactory(makeError);
  // funcref values of C function instances become wasm functions that call
  // back into the host (a JS function cannot be a funcref).
  native.setFuncRefFactory((fn, params, results) =>
    makeWasmFunction((...args: unknown[]) => native.callInstance(fn, ...args), params, results),
  );
  native.setTrapCodeReader(trapCode);
  loaded = native;
  return loaded;
}
