/**
 * Runs a wasm32-wasi command program with plug-ins as
 * `wasmedge [options] program.wasm [args]` does: plug-ins from
 * WASMEDGE_PLUGIN_PATH, the runtime's command-line grammar for their options
 * and its own (--dir, --env), the VM's module rules, WASI from node:wasi,
 * and the runtime's exit statuses:
 *
 * | Outcome                                  | Exit status                         |
 * |------------------------------------------|-------------------------------------|
 * | `_start` returns                         | 0                                   |
 * | `proc_exit(n)`                           | n & 0xff                            |
 * | a host function returns Terminate        | 0 (no WASI exit code was set)       |
 * | a trap (wasm, or a host function failing)| 134, after the runtime's "PHASE failed: MESSAGE, Code: 0xCODE" on stderr |
 * | bad options, unknown option              | 1 (the runtime prints to stdout; we to stderr) |
 */
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';
import { discoverPlugins, pluginSearchPath } from '../discovery/index.ts';
import { HostFunctionError, LoaderError } from '../errors.ts';
import { parseCommandLine, type OptionSetting, type OptionSpec } from './command-line.ts';
import type { HostModule } from './host-module.ts';
import { instantiateWithPlugins } from './link.ts';
import { openPlugin, type Plugin } from './plugin.ts';
import { loadNativeHost } from './native.ts';
import { checkMockedImports } from './special-names.ts';
import { formatFailure, trapCode } from './trap-codes.ts';

export const TRAP_EXIT_STATUS = 134;

/** The runtime's own options that `run` understands (a value each, repeatable). */
const RUN_OPTIONS = ['dir', 'env'] as const;

export interface RunProgramOptions {
  env?: NodeJS.ProcessEnv;
  /** Where diagnostics go (the guest writes to the process's stdout/stderr). */
  log?: (line: string) => void;
}

async function openSearchPathPlugins(env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<Plugin[]> {
  const search = pluginSearchPath({ env, wasmedgeLibDir: null });
  const entries = search.entries.filter((e) => e.source === 'WASMEDGE_PLUGIN_PATH');
  const plugins: Plugin[] = [];
  for (const { path } of await discoverPlugins({ entries })) {
    try {
      const plugin = openPlugin(path);
      // Same name as one already registered: the first stays (the runtime's rule).
      if (!plugins.some((p) => p.name === plugin.name)) plugins.push(plugin);
    } catch (err) {
      // A wrong API version is skipped quietly, any other failure is logged; both as the runtime.
      if (!(err instanceof LoaderError && err.kind === 'api-version')) log(`[error] ${(err as Error).message}`);
    }
  }
  return plugins;
}

function preopens(dirs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const dir of dirs) {
    const colon = dir.indexOf(':');
    const [guest, host] = colon < 0 ? [dir, dir] : [dir.slice(0, colon), dir.slice(colon + 1)];
    out[guest] = host;
  }
  return out;
}

function guestEnv(settings: readonly string[]): Record<string, string> {
  return Object.fromEntries(settings.map((s) => (s.includes('=') ? [s.slice(0, s.indexOf('=')), s.slice(s.indexOf('=') + 1)] : [s, ''])));
}

/** Creates every plug-in's VM modules; a second instance with a taken name is dropped, as the runtime. */
function createModules(plugins: readonly Plugin[], log: (line: string) => void): HostModule[] {
  const modules: HostModule[] = [];
  const taken = new Set(['wasi_snapshot_preview1']);
  for (const plugin of plugins) {
    for (const m of plugin.createVmModules()) {
      if (taken.has(m.name)) {
        log('[error] instantiation failed: module name conflict, Code: 0x300');
        m.dispose();
        continue;
      }
      taken.add(m.name);
      modules.push(m);
    }
  }
  return modules;
}

/** Runs the program; resolves to the process exit status. */
export async function runProgram(args: readonly string[], options: RunProgramOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const plugins = await openSearchPathPlugins(env, log);
  const specs = new Map<string, OptionSpec>(RUN_OPTIONS.map((name) => [name, { toggle: false }]));
  const owner = new Map<string, Plugin>();
  for (const p of plugins) {
    for (const [name, spec] of p.commandLineOptions) {
      if (!specs.has(name)) {
        specs.set(name, spec);
        owner.set(name, p);
      }
    }
  }
  const { settings, positionals } = parseCommandLine(args, specs);
  const [program, ...guestArgs] = positionals;
  if (program === undefined) throw new LoaderError('usage', 'name the wasm program to run: run [options] program.wasm [args]');
  const own = (name: string) => settings.filter((s) => s.name === name && s.text !== undefined).map((s) => s.text!);
  for (const p of plugins) {
    p.applySettings(settings.filter((s): s is OptionSetting => owner.get(s.name) === p));
  }
  const wasm = new Uint8Array(readFileSync(program));
  const modules = createModules(plugins, log);
  try {
    checkMockedImports(wasm, modules);
  } catch (err) {
    modules.forEach((m) => m.dispose());
    throw err;
  }
  const wasi = new WASI({ version: 'preview1', args: [program, ...guestArgs], env: guestEnv(own('env')), preopens: preopens(own('dir')), returnOnExit: true });
  try {
    const instance = await instantiateWithPlugins(wasm, modules, { imports: { wasi_snapshot_preview1: wasi.wasiImport } });
    return wasi.start(instance) & 0xff;
  } catch (err) {
    if (err instanceof HostFunctionError && err.terminated) return 0;
    if (err instanceof LoaderError && !(err instanceof HostFunctionError)) throw err;
    const code = trapCode(err);
    log(`[error] ${formatFailure(code, loadNativeHost().resultMessage(code))}`);
    return TRAP_EXIT_STATUS;
  } finally {
    modules.forEach((m) => m.dispose());
  }
}

