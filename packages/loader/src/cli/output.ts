/** Everything the CLI prints goes through here: text or --json, notes, progress, errors. */
import { fromSystemError, LoaderError } from '../errors.ts';

export interface Output {
  json: boolean;
  /** A human line (stderr in --json mode, so stdout stays machine-readable); nothing with -q. */
  info(line: string): void;
  /** The command's result: printed as JSON with --json, else by `render`. */
  result(value: unknown, render: () => string): void;
  /** A download progress reporter, or undefined when progress is not shown (--json, -q). */
  progress(label: string): ((received: number, total: number) => void) | undefined;
}

export interface OutputOptions {
  json: boolean;
  quiet: boolean;
  /** Where progress goes (stderr); a TTY gets one updating line. */
  stream?: NodeJS.WriteStream;
  /** Milliseconds since some fixed point; injectable so rates can be tested. */
  now?: () => number;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB'] as const;

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

/** "45% 1.2 MiB of 2.6 MiB, 3.4 MiB/s" */
export function formatProgress(received: number, total: number, elapsedMs: number): string {
  const percent = total > 0 ? Math.floor((Math.min(received, total) / total) * 100) : 0;
  const rate = elapsedMs > 0 ? `${formatBytes(Math.round((received * 1000) / elapsedMs))}/s` : '-';
  return `${String(percent).padStart(3)}% ${formatBytes(received)} of ${formatBytes(total)}, ${rate}`;
}

export function createOutput(options: OutputOptions): Output {
  const { json, quiet } = options;
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? (() => performance.now());
  return {
    json,
    info(line) {
      if (!quiet) (json ? process.stderr : process.stdout).write(`${line}\n`);
    },
    result(value, render) {
      process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${render()}\n`);
    },
    progress(label) {
      if (json || quiet) return undefined;
      const started = now();
      let lastQuarter = -1;
      return (received, total) => {
        const line = `${label} ${formatProgress(received, total, now() - started)}`;
        if (stream.isTTY) {
          stream.write(`\r${line}`);
          if (received >= total) stream.write('\n');
          return;
        }
        // Not a terminal (a log, CI): a line at 0, 25, 50, 75 and 100 %.
        const quarter = total > 0 ? Math.floor((Math.min(received, total) / total) * 4) : 0;
        if (quarter > lastQuarter) {
          lastQuarter = quarter;
          stream.write(`${line}\n`);
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
