/**
 * What every command is made of: the `Command` type, the option sets that
 * several commands share, and the one parser. Commands import from here;
 * nothing here imports a command, so the module graph has no cycle.
 */
import { LoaderError } from '../errors.ts';
import type { Output } from './output.ts';

export interface OptionSpec {
  type: 'boolean' | 'string';
  short?: string;
  /** The value's name in help, for string options. */
  value?: string;
  description: string;
}

export type OptionSet = Record<string, OptionSpec>;

/** Parsed values: booleans default to false; strings are absent unless given. */
export type OptionValues<O extends OptionSet> = {
  [K in keyof O]: O[K]['type'] extends 'boolean' ? boolean : string | undefined;
};

export interface CommandInput<O extends OptionSet> {
  values: OptionValues<O>;
  positionals: string[];
}

export interface Command<O extends OptionSet = OptionSet> {
  summary: string;
  /** Positional arguments as usage shows them, e.g. '<plugin>[@<range>]'. */
  args: string;
  maxPositionals: number;
  options: O;
  examples: string[];
  /** The arguments are not the tool's: unparsed, as positionals, with no --json/--help handling (run). */
  passThrough?: boolean;
  /** Resolves to the exit code when it is not 0 without an error (doctor, inspect). */
  run(input: CommandInput<O>, out: Output): Promise<void | number>;
}

/** Keeps each command's option names and its `run` parameters in step. */
export function defineCommand<const O extends OptionSet>(command: Command<O>): Command<O> {
  return command;
}

export const OUTPUT_OPTIONS = {
  json: { type: 'boolean', description: 'print the result as JSON on stdout (messages go to stderr)' },
  quiet: { type: 'boolean', short: 'q', description: 'print only the result and errors: no progress, no notes' },
} as const satisfies OptionSet;

export const DIR_OPTIONS = {
  dir: {
    type: 'string',
    value: 'D',
    description: 'the plug-in directory (default: $WASMEDGE_PLUGINS_DIR, else ~/.wasmedge/plugin)',
  },
} as const satisfies OptionSet;

export const SOURCE_OPTIONS = {
  index: {
    type: 'string',
    value: 'URL|DIR',
    description: 'the release index: its URL, a release directory or an index.json (default: $WASMEDGE_PLUGINS_INDEX)',
  },
  runtime: {
    type: 'string',
    value: 'V',
    description: 'the WasmEdge version the plug-in must work with (default: what `wasmedge --version` says; $WASMEDGE_BIN names the binary)',
  },
  platform: {
    type: 'string',
    value: 'P',
    description: 'install for this release platform instead of this machine\'s (see `wasmedge-plugins platform`), e.g. manylinux2014_aarch64',
  },
  timeout: { type: 'string', value: 'S', description: 'give up on a download after S seconds without progress' },
} as const satisfies OptionSet;

export const BACKEND_RUNTIME_OPTIONS = {
  'with-runtime': {
    type: 'boolean',
    description: "also install the backend's runtime (OpenVINO, LiteRT, libtorch) beside the plug-in, taken from the pinned wheels the index names",
  },
  'runtime-mirror': {
    type: 'string',
    value: 'URL|DIR',
    description: 'fetch those wheels by file name from this URL or directory instead of PyPI (default: $WASMEDGE_PLUGINS_RUNTIME_MIRROR)',
  },
} as const satisfies OptionSet;

export const DRY_RUN_OPTIONS = {
  'dry-run': { type: 'boolean', description: 'say what would change, and change nothing' },
} as const satisfies OptionSet;

/** Parses `args` for `command`; every mistake is a usage error. */
export function parseCommandArgs<O extends OptionSet>(command: Command<O>, args: string[]): CommandInput<O> {
  const options = Object.fromEntries(
    Object.entries(command.options).map(([name, spec]) => [
      name,
      { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.type === 'boolean' ? { default: false } : {}) },
    ]),
  );
  try {
    // From the module object: an ESM import of node:util would also load its lazy exports
    // (parseArgs, MIMEType) into `--version`, which parses nothing.
    const { parseArgs } = process.getBuiltinModule('node:util');
    const parsed = parseArgs({ args, options, allowPositionals: command.maxPositionals > 0, strict: true });
    if (parsed.positionals.length > command.maxPositionals) {
      throw new Error(`unexpected argument "${parsed.positionals[command.maxPositionals]}"`);
    }
    return { values: parsed.values as OptionValues<O>, positionals: parsed.positionals };
  } catch (cause) {
    throw new LoaderError('usage', (cause as Error).message, { cause });
  }
}

/** One command's help: usage, what it does, every option with its description, examples. */
export function formatCommandHelp(name: string, command: Command): string {
  const flags = Object.entries(command.options).map(([option, spec]) => {
    const short = spec.short ? `-${spec.short}, ` : '    ';
    return [`${short}--${option}${spec.value ? ` ${spec.value}` : ''}`, spec.description] as const;
  });
  flags.push(['-h, --help', 'show this help']);
  const width = Math.max(...flags.map(([flag]) => flag.length));
  return [
    `usage: wasmedge-plugins ${name}${command.args ? ` ${command.args}` : ''} [options]`,
    '',
    command.summary,
    '',
    'options:',
    ...flags.map(([flag, description]) => `  ${flag.padEnd(width)}  ${description}`),
    '',
    'examples:',
    ...command.examples.map((e) => `  ${e}`),
  ].join('\n');
}
