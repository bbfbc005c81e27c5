/**
 * wasmedge-plugins: install WasmEdge plug-ins from a release index and check
 * what is installed. The registry maps each command to its module, loaded
 * only when that command runs, so start-up costs one command's imports.
 */
import { readFileSync, writeSync } from 'node:fs';
import { ERROR_KINDS, LoaderError } from '../errors.ts';
import { formatCommandHelp, parseCommandArgs, type Command } from './options.ts';
import { createOutput, reportError } from './output.ts';

type CommandModule = { command: Command<any> };

export const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  platform: () => import('./commands/platform.ts'),
  available: () => import('./commands/available.ts'),
  install: () => import('./commands/install.ts'),
  list: () => import('./commands/list.ts'),
  upgrade: () => import('./commands/upgrade.ts'),
  uninstall: () => import('./commands/uninstall.ts'),
  inspect: () => import('./commands/inspect.ts'),
  doctor: () => import('./commands/doctor.ts'),
  run: () => import('./commands/run.ts'),
  'build-host': () => import('./commands/build-host.ts'),
};

/** src/cli/ and dist/cli/ are both two levels below package.json. */
export function readVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

export async function formatHelp(): Promise<string> {
  const names = Object.keys(COMMANDS);
  const width = Math.max(...names.map((n) => n.length));
  const summaries = await Promise.all(names.map(async (n) => (await COMMANDS[n]!()).command.summary));
  const codes = new Map<number, string[]>();
  for (const [kind, { exitCode }] of Object.entries(ERROR_KINDS)) codes.set(exitCode, [...(codes.get(exitCode) ?? []), kind]);
  return [
    'usage: wasmedge-plugins <command> [options]',
    '',
    'commands:',
    ...names.map((n, i) => `  ${n.padEnd(width)}  ${summaries[i]}`),
    '',
    'wasmedge-plugins <command> --help describes every option of a command.',
    'options for every command: --json (machine-readable output), -q/--quiet (only results and errors), -h/--help',
    'wasmedge-plugins --version prints the version.',
    '',
    'environment: WASMEDGE_PLUGINS_INDEX (default --index), WASMEDGE_PLUGINS_DIR (default --dir, else ~/.wasmedge/plugin),',
    '             HTTPS_PROXY / HTTP_PROXY / NO_PROXY, WASMEDGE_BIN (the runtime to ask for its version),',
    '             WASMEDGE_HOST_ADDON (another build of the native plug-in host)',
    '',
    'exit codes:',
    '  0  success',
    ...[...codes.entries()].sort((a, b) => a[0] - b[0]).map(([code, kinds]) => `  ${String(code).padEnd(2)} ${kinds.join(', ')}`),
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const json = args.includes('--json');
  if (name === '--version' || name === '-V') {
    // One line, written directly: process.stdout would first load Node's stream and net modules.
    writeSync(1, `${readVersion()}\n`);
    return 0;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${await formatHelp()}\n`);
    return name === undefined ? 2 : 0;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    return reportError(new LoaderError('usage', `unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(', ')})`), json);
  }
  const { command } = await load();
  if (command.passThrough) {
    try {
      return (await command.run({ values: {}, positionals: args }, createOutput({ json: false, quiet: false }))) ?? 0;
    } catch (err) {
      return reportError(err, false);
    }
  }
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${formatCommandHelp(name, command)}\n`);
    return 0;
  }
  try {
    const input = parseCommandArgs(command, args);
    const quiet = input.values.quiet === true;
    return (await command.run(input, createOutput({ json, quiet }))) ?? 0;
  } catch (err) {
    return reportError(err, json);
  }
}
