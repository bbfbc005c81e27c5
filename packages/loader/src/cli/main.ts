/**
 * wasmedge-plugins: install WasmEdge plug-ins from a release index and check
 * what is installed. `wasmedge-plugins --help` lists the commands.
 */
import { ERROR_KINDS, LoaderError } from '../errors.ts';
import { COMMANDS } from './commands.ts';
import { createOutput, reportError } from './output.ts';

export function formatHelp(): string {
  const names = Object.keys(COMMANDS);
  const width = Math.max(...names.map((n) => n.length));
  const lines = [
    'usage: wasmedge-plugins <command> [options]',
    '',
    'commands:',
    ...names.map((n) => `  ${n.padEnd(width)}  ${COMMANDS[n]!.summary}`),
    '',
    'options for every command: --json (machine-readable output), --help',
    'environment: WASMEDGE_PLUGINS_INDEX (default --index), WASMEDGE_PLUGINS_DIR (default --dir, else ~/.wasmedge/plugin),',
    '             HTTPS_PROXY / HTTP_PROXY / NO_PROXY, WASMEDGE_BIN (the runtime to ask for its version)',
    '',
    'exit codes:',
    '  0  success',
    ...[...new Map(Object.entries(ERROR_KINDS).map(([kind, v]) => [v.exitCode, kind])).entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([code]) => `  ${String(code).padEnd(2)} ${Object.entries(ERROR_KINDS).filter(([, v]) => v.exitCode === code).map(([k]) => k).join(', ')}`),
  ];
  return lines.join('\n');
}

function formatCommandHelp(name: string): string {
  const command = COMMANDS[name]!;
  return [`usage: wasmedge-plugins ${command.usage}`, '', command.summary, '', 'examples:', ...command.examples.map((e) => `  ${e}`)].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const json = args.includes('--json');
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${formatHelp()}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    return reportError(new LoaderError('usage', `unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(', ')})`), json);
  }
  if (!command.passThrough && (args.includes('--help') || args.includes('-h'))) {
    process.stdout.write(`${formatCommandHelp(name)}\n`);
    return 0;
  }
  try {
    return (await command.run(args, createOutput(json && !command.passThrough))) ?? 0;
  } catch (err) {
    return reportError(err, json);
  }
}
