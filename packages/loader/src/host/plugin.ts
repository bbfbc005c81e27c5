/**
 * A WasmEdge plug-in opened in this process: its descriptor, its program
 * options and the modules it creates.
 */
import { LoaderError } from '../errors.ts';
import { HostModule } from './host-module.ts';
import { loadNativeHost, type NativeDescriptor, type NativeHost } from './native.ts';
import {
  optionTypeName,
  parseOptionText,
  splitOptionArguments,
  type OptionType,
  type OptionValue,
} from './program-options.ts';

/** The plug-in API version this host implements (WasmEdge 0.17.x). */
export const SUPPORTED_API_VERSION = 5;

export interface PluginOption {
  name: string;
  description: string;
  type: OptionType | 'unknown';
  hasDefault: boolean;
}

export interface PluginDescriptor {
  name: string;
  description: string;
  apiVersion: number;
  /** MAJOR.MINOR.PATCH.BUILD as the plug-in reports it. */
  version: string;
  modules: { name: string; description: string }[];
  options: PluginOption[];
}

export interface OpenPluginOptions {
  /** Override where the native host addon is (defaults to the package build). */
  addonPath?: string;
}

export class Plugin {
  readonly path: string;
  readonly descriptor: PluginDescriptor;
  readonly #native: NativeHost;
  readonly #handle: unknown;

  /** @internal use openPlugin() */
  constructor(path: string, native: NativeHost, handle: unknown, descriptor: PluginDescriptor) {
    this.path = path;
    this.#native = native;
    this.#handle = handle;
    this.descriptor = descriptor;
  }

  get name(): string {
    return this.descriptor.name;
  }

  #option(name: string): PluginOption {
    const option = this.descriptor.options.find((o) => o.name === name);
    if (!option) {
      const known = this.descriptor.options.map((o) => `--${o.name}`).join(', ') || 'none';
      throw new LoaderError('option', `plug-in ${this.name} has no option --${name} (its options: ${known})`);
    }
    return option;
  }

  getOption(name: string): OptionValue | undefined {
    this.#option(name);
    return this.#native.getOption(this.#handle, name) as OptionValue | undefined;
  }

  /** Sets a typed value; the type must match the option's (checked natively too). */
  setOption(name: string, value: OptionValue): void {
    this.#option(name);
    this.#native.setOption(this.#handle, name, value);
  }

  /**
   * Applies options written as on the wasmedge command line, e.g.
   * `['--allow-command=ls,cat', '--allow-command-all']`.
   */
  applyCommandLine(args: readonly string[]): void {
    const toggles = new Set(this.descriptor.options.filter((o) => o.type === 'toggle').map((o) => o.name));
    for (const { name, text } of splitOptionArguments(args, (n) => toggles.has(n))) {
      const option = this.#option(name);
      if (option.type === 'toggle') {
        if (text !== undefined) {
          throw new LoaderError('option', `option ${name} doesn't need arguments.`);
        }
        this.setOption(name, true);
      } else if (text === undefined) {
        throw new LoaderError('option', `--${name} needs a value (write --${name}=VALUE)`);
      } else {
        this.setOption(name, parseOptionText(name, option.type, text));
      }
    }
  }

  /**
   * Calls the Create of module descriptor `descriptorName` (the first one by
   * default) and returns the module instance it built.
   */
  createModule(descriptorName?: string): HostModule {
    const first = this.descriptor.modules[0];
    const wanted = descriptorName ?? first?.name;
    if (wanted === undefined) {
      throw new LoaderError('module', `plug-in ${this.name} declares no modules`);
    }
    if (!this.descriptor.modules.some((m) => m.name === wanted)) {
      const known = this.descriptor.modules.map((m) => m.name).join(', ');
      throw new LoaderError('module', `plug-in ${this.name} has no module descriptor "${wanted}" (it has: ${known})`);
    }
    return new HostModule(this.#native, wanted, this.#native.createModule(this.#handle, wanted));
  }

  /** One module per descriptor, as the runtime instantiates a generic plug-in. */
  createAllModules(): HostModule[] {
    return this.descriptor.modules.map((m) => this.createModule(m.name));
  }
}

/** The descriptor as the native host read it, in the shape the API publishes. */
export function toPluginDescriptor(raw: NativeDescriptor): PluginDescriptor {
  const { major, minor, patch, build } = raw.version;
  return {
    name: raw.name,
    description: raw.description,
    apiVersion: raw.apiVersion,
    version: `${major}.${minor}.${patch}.${build}`,
    modules: raw.modules,
    options: raw.options.map((o) => ({ ...o, type: optionTypeName(o.type) })),
  };
}

/**
 * Opens a plug-in library and reads its descriptor. Refuses a library that is
 * not a C plug-in or whose API version is not the one this host implements.
 */
export function openPlugin(path: string, options: OpenPluginOptions = {}): Plugin {
  const native = loadNativeHost(options.addonPath);
  const handle = native.open(path);
  const raw = native.describe(handle);
  if (raw.apiVersion !== SUPPORTED_API_VERSION) {
    throw new LoaderError(
      'api-version',
      `${path}: plug-in ${raw.name} was built for plug-in API version ${raw.apiVersion}, ` +
        `but this host (like WasmEdge 0.17.x) needs exactly version ${SUPPORTED_API_VERSION}`,
    );
  }
  const descriptor = toPluginDescriptor(raw);
  return new Plugin(path, native, handle, descriptor);
}
