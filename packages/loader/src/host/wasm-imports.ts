/**
 * Reads the function imports and exports of a WebAssembly binary with their
 * types.
 *
 * Node's WebAssembly.Module.imports() gives names and kinds but not function
 * types (type reflection is still behind a flag), and the host must check a
 * guest's imports against a plug-in's signatures before instantiating, so
 * this reads just the type and import sections of the binary format.
 */
import { LoaderError } from '../errors.ts';
import type { ValueTypeName } from './native.ts';

export interface FunctionImport {
  module: string;
  name: string;
  params: ValueTypeName[];
  results: ValueTypeName[];
}

const VALUE_TYPES: Record<number, ValueTypeName> = {
  0x7f: 'i32',
  0x7e: 'i64',
  0x7d: 'f32',
  0x7c: 'f64',
  0x7b: 'v128',
  0x70: 'funcref',
  0x6f: 'externref',
};

class Reader {
  offset = 0;
  constructor(readonly bytes: Uint8Array) {}

  fail(what: string): never {
    throw new LoaderError('wasm-parse', `malformed wasm binary at byte ${this.offset}: ${what}`);
  }

  byte(): number {
    if (this.offset >= this.bytes.length) {
      this.fail('unexpected end');
    }
    return this.bytes[this.offset++]!;
  }

  /** Unsigned LEB128 (up to 64 bits; values past 2^53 only need skipping). */
  uleb(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) {
        return result;
      }
      scale *= 128;
    }
    return this.fail('LEB128 number too long');
  }

  name(): string {
    const len = this.uleb();
    if (this.offset + len > this.bytes.length) {
      this.fail('name runs past the end');
    }
    const text = new TextDecoder('utf-8', { fatal: true }).decode(this.bytes.subarray(this.offset, this.offset + len));
    this.offset += len;
    return text;
  }

  valueType(): ValueTypeName {
    const code = this.byte();
    const type = VALUE_TYPES[code];
    return type ?? this.fail(`unsupported value type 0x${code.toString(16)}`);
  }

  limits(): void {
    const flags = this.byte();
    this.uleb();
    if (flags & 0x01) {
      this.uleb();
    }
  }
}

function readTypes(r: Reader, end: number): { params: ValueTypeName[]; results: ValueTypeName[] }[] {
  const types = [];
  const count = r.uleb();
  for (let i = 0; i < count; i++) {
    const form = r.byte();
    if (form !== 0x60) {
      r.fail(`type ${i}: only plain function types are supported (form 0x${form.toString(16)})`);
    }
    const params = Array.from({ length: r.uleb() }, () => r.valueType());
    const results = Array.from({ length: r.uleb() }, () => r.valueType());
    types.push({ params, results });
  }
  if (r.offset !== end) {
    r.fail('type section size mismatch');
  }
  return types;
}

interface FunctionType {
  params: ValueTypeName[];
  results: ValueTypeName[];
}

export interface FunctionExport extends FunctionType {
  name: string;
}

interface ModuleShape {
  imports: FunctionImport[];
  /** The type of every function, imported ones first (the function index space). */
  functions: FunctionType[];
  exports: { name: string; kind: number; index: number }[];
}

function readModuleShape(bytes: Uint8Array, stopAfterImports: boolean): ModuleShape {
  const r = new Reader(bytes);
  const magic = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  if (bytes.length < 8 || magic.some((b, i) => bytes[i] !== b)) {
    throw new LoaderError('wasm-parse', 'not a WebAssembly binary (bad magic number or version)');
  }
  r.offset = 8;
  let types: ReturnType<typeof readTypes> = [];
  const shape: ModuleShape = { imports: [], functions: [], exports: [] };
  while (r.offset < bytes.length) {
    const id = r.byte();
    const size = r.uleb();
    const end = r.offset + size;
    if (end > bytes.length) {
      r.fail(`section ${id} runs past the end`);
    }
    if (id === 1) {
      types = readTypes(r, end);
    } else if (id === 2) {
      const count = r.uleb();
      for (let i = 0; i < count; i++) {
        const module = r.name();
        const name = r.name();
        const kind = r.byte();
        if (kind === 0x00) {
          const index = r.uleb();
          const type = types[index] ?? r.fail(`import ${module}.${name} uses unknown type ${index}`);
          shape.imports.push({ module, name, ...type });
          shape.functions.push(type);
        } else if (kind === 0x01) {
          r.byte();
          r.limits();
        } else if (kind === 0x02) {
          r.limits();
        } else if (kind === 0x03) {
          r.valueType();
          r.byte();
        } else if (kind === 0x04) {
          r.byte();
          r.uleb();
        } else {
          r.fail(`unknown import kind ${kind}`);
        }
      }
      if (stopAfterImports) return shape; // nothing after the import section matters then
    } else if (id === 3) {
      const count = r.uleb();
      for (let i = 0; i < count; i++) {
        const index = r.uleb();
        shape.functions.push(types[index] ?? r.fail(`function ${i} uses unknown type ${index}`));
      }
    } else if (id === 7) {
      const count = r.uleb();
      for (let i = 0; i < count; i++) {
        shape.exports.push({ name: r.name(), kind: r.byte(), index: r.uleb() });
      }
    }
    r.offset = end;
  }
  return shape;
}

export function readFunctionImports(bytes: Uint8Array): FunctionImport[] {
  return readModuleShape(bytes, true).imports;
}

/** The exported functions with their types (for the host's calling frame). */
export function readFunctionExports(bytes: Uint8Array): FunctionExport[] {
  const shape = readModuleShape(bytes, false);
  return shape.exports
    .filter((e) => e.kind === 0x00 && shape.functions[e.index] !== undefined)
    .map((e) => ({ name: e.name, ...shape.functions[e.index]! }));
}

export function formatSignature(f: { params: readonly string[]; results: readonly string[] }): string {
  return `(${f.params.join(', ')}) -> (${f.results.join(', ')})`;
}
