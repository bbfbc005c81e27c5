/**
 * A WasmEdge plug-in opened in this process: its descriptor, its program
 * options and the modules it creates.
 */
import { LoaderError } from '../errors.ts';
import { HostModule } from './host-module.ts';
import { loadNativeHost, type NativeDescriptor, type NativeHost } from './native.ts';
import { parseCommandLine, type OptionSetting, type OptionSpec } from './command-line.ts';
import { checkInstanceName, vmModuleDescriptors } from './special-names.ts';
import { optionTypeName, parseOptionText, type OptionType, type OptionValue } from './program-options.ts';

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

  /** This plug-in's options as the command line parser sees them. */
  get commandLineOptions(): Map<string, OptionSpec> {
    return new Map(
      this.descriptor.options.filter((o) => o.type !== 'none').map((o) => [o.name, { toggle: o.type === 'toggle' }]),
    );
  }

  /**
   * Applies options written as on the wasmedge command line, e.g.
   * `['--allow-command=ls,cat', '--allow-command-all']`, with its rules
   * (command-line.ts); then refuses, as the runtime does, when an option
   * without a default value is missing.
   */
  applyCommandLine(args: readonly string[]): void {
    const { settings, positionals } = parseCommandLine(args, this.commandLineOptions);
    if (positionals.length > 0) {
      throw new LoaderError('option', `expected only options of plug-in ${this.name}, found "${positionals[0]}"`);
    }
    this.applySettings(settings);
  }

  /** Applies parsed settings of this plug-in's options (see applyCommandLine). */
  applySettings(settings: readonly OptionSetting[]): void {
    const given = new Set<string>();
    for (const { name, text } of settings) {
      const option = this.#option(name);
      if (option.type === 'toggle') {
        this.setOption(name, true);
      } else if (text !== undefined) {
        this.setOption(name, parseOptionText(name, option.type, text));
        given.add(name);
      } else if (this.#native.setOptionDefault(this.#handle, name)) {
        given.add(name); // given without a value: its default, as the command line does
      }
    }
    const missing = this.descriptor.options.filter((o) => o.type !== 'toggle' && o.type !== 'none' && !o.hasDefault && !given.has(o.name));
    if (missing.length > 0) {
      throw new LoaderError(
        'option',
        `plug-in ${this.name} requires ${missing.map((o) => `--${o.name}`).join(', ')}: an option without a default value ` +
          'is mandatory on the wasmedge command line, which refuses to run any program without it',
      );
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

  /**
   * The modules the runtime's VM would create for this plug-in, with its
   * rules for special plug-in names (special-names.ts); refused, naming the
   * rule, when one would use an instance name the runtime reserves.
   */
  createVmModules(): HostModule[] {
    const modules = vmModuleDescriptors(this).map((d) => this.createModule(d));
    try {
      for (const m of modules) checkInstanceName(this.name, m.name);
    } catch (err) {
      modules.forEach((m) => m.dispose());
      throw err;
    }
    return modules;
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
