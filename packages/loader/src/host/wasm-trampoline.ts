/**
 * Makes a wasm function out of a JS function with a given wasm signature:
 * a tiny module that imports the JS function and exports it. A funcref
 * (in a table, a global, or a value passed to wasm) must be a wasm
 * function; a plain JS function is refused by WebAssembly.
 */
import type { ValueTypeName } from './native.ts';

const TYPE_CODES: Partial<Record<ValueTypeName, number>> = {
  i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b, funcref: 0x70, externref: 0x6f,
};

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function types(list: readonly ValueTypeName[]): number[] {
  return [...uleb(list.length), ...list.map((t) => TYPE_CODES[t] ?? 0x6f)];
}

const cache = new Map<string, WebAssembly.Module>();

function trampolineModule(params: readonly ValueTypeName[], results: readonly ValueTypeName[]): WebAssembly.Module {
  const key = `${params.join(',')}->${results.join(',')}`;
  let module = cache.get(key);
  if (!module) {
    const name = (s: string) => [...uleb(s.length), ...Buffer.from(s)];
    const bytes = [
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
      ...section(1, [1, 0x60, ...types(params), ...types(results)]),
      ...section(2, [1, ...name('h'), ...name('f'), 0x00, 0]),
      ...section(7, [1, ...name('f'), 0x00, 0]),
    ];
    module = new WebAssembly.Module(new Uint8Array(bytes));
    cache.set(key, module);
  }
  return module;
}

export function makeWasmFunction(fn: (...args: any[]) => unknown, params: readonly ValueTypeName[], results: readonly ValueTypeName[]): Function {
  const instance = new WebAssembly.Instance(trampolineModule(params, results), { h: { f: fn } });
  return instance.exports.f as Function;
}
