/** Everything the CLI prints goes through here: text or --json, progress, errors. */
import { fromSystemError, LoaderError } from '../errors.ts';

export interface Output {
  json: boolean;
  /** A human line (stderr in --json mode, so stdout stays machine-readable). */
  info(line: string): void;
  /** The command's result: printed as JSON with --json, else by `render`. */
  result(value: unknown, render: () => string): void;
  progress(label: string): (received: number, total: number) => void;
}

export function createOutput(json: boolean, stream: NodeJS.WriteStream = process.stderr): Output {
  return {
    json,
    info(line) {
      (json ? process.stderr : process.stdout).write(`${line}\n`);
    },
    result(value, render) {
      process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${render()}\n`);
    },
    progress(label) {
      let lastQuarter = -1;
      return (received, total) => {
        const fraction = total > 0 ? Math.min(received / total, 1) : 0;
        if (stream.isTTY) {
          const width = 30;
          const filled = Math.round(fraction * width);
          stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%`);
          if (received >= total) stream.write('\n');
        } else {
          const quarter = Math.floor(fraction * 4);
          if (quarter > lastQuarter) {
            lastQuarter = quarter;
            stream.write(`${label}: ${received} of ${total} bytes (${quarter * 25}%)\n`);
          }
        }
      };
    },
  };
}

/** Prints an error once, in the chosen format, and returns the exit code. */
export function reportError(err: unknown, json: boolean): number {
  const error =
    err instanceof LoaderError
      ? err
      : (fromSystemError(err, 'the command') ?? new LoaderError('install', err instanceof Error ? err.message : String(err), { cause: err }));
  if (json) {
    process.stdout.write(`${JSON.stringify({ error: { kind: error.kind, message: error.message, hint: error.hint, exitCode: error.exitCode } }, null, 2)}\n`);
  } else {
    process.stderr.write(`error: ${error.message}\n  hint: ${error.hint}\n`);
  }
  return error.exitCode;
}
