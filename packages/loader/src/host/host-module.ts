/**
 * A module instance created by a plug-in, seen from JavaScript: its host
 * functions as plain functions for a WebAssembly import object, bound to the
 * memory of the wasm instance that calls them.
 */
import { LoaderError } from '../errors.ts';
import type { NativeHost, NativeModule, ValueTypeName } from './native.ts';
import { readFunctionExports } from './wasm-imports.ts';

export interface HostFunctionInfo {
  name: string;
  params: ValueTypeName[];
  results: ValueTypeName[];
}

type ImportFunction = (...args: unknown[]) => unknown;

export class HostModule {
  /** The wasm import namespace (the module-instance name), e.g. "wasmedge_process". */
  readonly name: string;
  /** The plug-in's module descriptor this instance was created from. */
  readonly descriptorName: string;
  readonly functions: readonly HostFunctionInfo[];
  /** One JS function per host function, by import name. */
  readonly imports: Readonly<Record<string, ImportFunction>>;
  /** Memories, tables and globals the module adds, as WebAssembly objects wasm can import. */
  readonly exports: NativeModule['exports'];
  #memory: WebAssembly.Memory | undefined;
  #disposed = false;
  readonly #native: NativeHost;
  readonly #handle: unknown;

  /** @internal use Plugin.createModule() */
  constructor(native: NativeHost, descriptorName: string, created: NativeModule) {
    this.#native = native;
    this.#handle = created.handle;
    this.name = created.instanceName;
    this.descriptorName = descriptorName;
    this.functions = created.functions.map(({ name, params, results }) => ({ name, params, results }));
    const imports: Record<string, ImportFunction> = {};
    for (const fn of created.functions) {
      const handle = fn.handle;
      // The memory is read at each call: it is attached after instantiation
      // and its buffer changes whenever wasm grows it.
      imports[fn.name] = (...args: unknown[]) => {
        const memory = this.#memory;
        return native.call(handle, memory, memory?.buffer, ...args);
      };
    }
    this.imports = Object.freeze(imports);
    this.exports = created.exports;
  }

  /**
   * Gives the host functions the memory of the instance that calls them: an
   * instance (its exported "memory") or a WebAssembly.Memory. Without one, a
   * function that needs memory fails as under the runtime when called from
   * the host.
   */
  attach(target: WebAssembly.Instance | WebAssembly.Memory, wasm?: Uint8Array): this {
    if (target instanceof WebAssembly.Memory) {
      this.#memory = target;
      return this;
    }
    this.#attachCaller(target, wasm);
    const memory = target.exports.memory;
    if (!(memory instanceof WebAssembly.Memory)) {
      throw new LoaderError(
        'link',
        `the wasm instance exports no memory named "memory"; pass its memory to attach() instead`,
      );
    }
    this.#memory = memory;
    return this;
  }

  /**
   * Gives the host functions the calling instance as a module
   * (CallingFrameGetModuleInstance): its exported memories, and its exported
   * functions with their types when the binary is known, so a plug-in can
   * call them with ExecutorInvoke.
   */
  #attachCaller(instance: WebAssembly.Instance, wasm: Uint8Array | undefined): void {
    const functions = (wasm ? readFunctionExports(wasm) : [])
      .map((f) => ({ ...f, fn: instance.exports[f.name] as Function }))
      .filter((f) => typeof f.fn === 'function');
    const memories = Object.entries(instance.exports)
      .filter(([, v]) => v instanceof WebAssembly.Memory)
      .map(([name, memory]) => ({ name, memory: memory as WebAssembly.Memory }));
    this.#native.attachCaller(this.#handle, functions, memories);
  }

  get memory(): WebAssembly.Memory | undefined {
    return this.#memory;
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /** Destroys the instance now; the plug-in's finalizer runs exactly once. */
  dispose(): void {
    if (!this.#disposed) {
      this.#disposed = true;
      this.#native.disposeModule(this.#handle);
    }
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}
