/** wasmedge-plugins run: a wasm program with plug-ins, as `wasmedge` runs it. */
import { LoaderError } from '../../errors.ts';
import { defineCommand } from '../options.ts';

/** What the runtime exits with when it refuses its command line. */
const BAD_COMMAND_LINE = 1;

export const command = defineCommand({
  summary: 'run a wasm32-wasi program with the plug-ins on WASMEDGE_PLUGIN_PATH, as wasmedge does',
  args: '[--dir GUEST:HOST] [--env NAME=VALUE] [plug-in options] program.wasm [args...]',
  maxPositionals: Number.POSITIVE_INFINITY,
  options: {},
  examples: [
    'WASMEDGE_PLUGIN_PATH=./plugins wasmedge-plugins run --allow-command=ls prog.wasm',
    'WASMEDGE_PLUGIN_PATH=./plugins wasmedge-plugins run --dir .:. prog.wasm input.txt',
  ],
  // Everything after "run" belongs to the program's command line, --help included.
  passThrough: true,
  async run({ positionals: args }) {
    // The guest owns stderr here: no "WASI is an experimental feature" line
    // in front of its output. Loaded only now, so other commands never see it.
    process.removeAllListeners('warning');
    const { runProgram } = await import('../../host/run-program.ts');
    try {
      return await runProgram(args);
    } catch (err) {
      if (!(err instanceof LoaderError && err.kind === 'option')) throw err;
      process.stderr.write(`${err.message}\n`);
      return BAD_COMMAND_LINE;
    }
  },
});
