/**
 * Builds import objects from plug-in modules, checking every function the
 * wasm binary imports from them against the plug-in's signature first, as
 * the runtime does at instantiation (exact function type match).
 */
import { LoaderError } from '../errors.ts';
import type { HostModule } from './host-module.ts';
import { formatSignature, readFunctionImports } from './wasm-imports.ts';

function sameTypes(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

/**
 * Returns `extra` plus, for each host module, the functions the binary
 * imports from it. The first module with a given instance name wins, as in
 * the runtime. Every unknown import or type mismatch is reported together.
 */
export function createImportObject(
  wasm: Uint8Array,
  modules: readonly HostModule[],
  extra: WebAssembly.Imports = {},
): WebAssembly.Imports {
  const byName = new Map<string, HostModule>();
  for (const m of modules) {
    if (!byName.has(m.name)) {
      byName.set(m.name, m);
    }
  }
  const problems: string[] = [];
  const imports: WebAssembly.Imports = { ...extra };
  // Memories, tables and globals of the modules; WebAssembly checks their types.
  for (const [name, m] of byName) {
    const { memories, tables, globals } = m.exports;
    imports[name] = { ...(imports[name] ?? {}), ...memories, ...tables, ...globals };
  }
  for (const imp of readFunctionImports(wasm)) {
    const host = byName.get(imp.module);
    if (!host) {
      continue; // someone else's import (WASI, env, ...): WebAssembly checks it
    }
    const fn = host.functions.find((f) => f.name === imp.name);
    if (!fn) {
      problems.push(`${imp.module}.${imp.name}: the plug-in module has no such function`);
      continue;
    }
    if (!sameTypes(fn.params, imp.params) || !sameTypes(fn.results, imp.results)) {
      problems.push(`${imp.module}.${imp.name}: wasm imports ${formatSignature(imp)}, plug-in provides ${formatSignature(fn)}`);
      continue;
    }
    const target = (imports[imp.module] ??= {}) as Record<string, unknown>;
    target[imp.name] = host.imports[imp.name];
  }
  if (problems.length > 0) {
    throw new LoaderError('link', `cannot link the wasm module to the plug-in:\n  ${problems.join('\n  ')}`);
  }
  return imports;
}

export interface InstantiateOptions {
  /** Imports from elsewhere, e.g. { wasi_snapshot_preview1: wasi.wasiImport }. */
  imports?: WebAssembly.Imports;
  /** The memory host functions use when the instance exports none. */
  memory?: WebAssembly.Memory;
}

/**
 * Compiles and instantiates `wasm` with the plug-in modules, then attaches
 * the instance's memory to each of them.
 */
export async function instantiateWithPlugins(
  wasm: Uint8Array,
  modules: readonly HostModule[],
  options: InstantiateOptions = {},
): Promise<WebAssembly.Instance> {
  const importObject = createImportObject(wasm, modules, options.imports);
  const { instance } = await WebAssembly.instantiate(wasm as BufferSource, importObject);
  for (const m of modules) {
    if (options.memory) {
      m.attach(options.memory);
    } else if (instance.exports.memory instanceof WebAssembly.Memory) {
      m.attach(instance, wasm);
    }
  }
  return instance;
}
