/**
 * The wasmedge command line's option grammar (its argument parser, as 0.17.1
 * runs it), for plug-in options and the `run` command:
 *
 * | Input                                | Result                                        |
 * |--------------------------------------|-----------------------------------------------|
 * | `--name=value`                       | value (a toggle refuses it: "doesn't need arguments") |
 * | `--name value`                       | value, when `value` does not start with `-` (or is `-`) |
 * | `--name` then `--other` or the end   | the option's default value                    |
 * | `--name` then a non-option (the wasm file) | that argument is the value              |
 * | `--toggle`                           | true                                          |
 * | `--name -5`                          | error "unknown option: 5" (write `--name=-5`) |
 * | `--`                                 | every later argument is positional            |
 * | first non-option                     | it and everything after it are positional     |
 */
import { LoaderError } from '../errors.ts';

export interface OptionSpec {
  /** Toggles take no value. */
  toggle: boolean;
}

export interface OptionSetting {
  name: string;
  /** undefined: given without a value (a toggle, or "use the default"). */
  text: string | undefined;
}

export interface ParsedCommandLine {
  settings: OptionSetting[];
  positionals: string[];
}

function unknown(name: string): never {
  throw new LoaderError('option', `unknown option: ${name}`);
}

export function parseCommandLine(args: readonly string[], options: ReadonlyMap<string, OptionSpec>): ParsedCommandLine {
  const settings: OptionSetting[] = [];
  const positionals: string[] = [];
  let pending: string | undefined; // an option still waiting for its value
  let escaped = false;
  const flushPending = () => {
    if (pending !== undefined) settings.push({ name: pending, text: undefined });
    pending = undefined;
  };
  for (const arg of args) {
    if (!escaped && arg.length >= 2 && arg[0] === '-') {
      if (arg === '--') {
        escaped = true;
        continue;
      }
      flushPending();
      if (arg[1] !== '-') unknown(arg[1]!); // no short options here
      const eq = arg.indexOf('=', 2);
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      const spec = options.get(name) ?? unknown(name);
      if (eq >= 0) {
        if (spec.toggle) throw new LoaderError('option', `option ${name} doesn't need arguments.`);
        settings.push({ name, text: arg.slice(eq + 1) });
      } else if (spec.toggle) {
        settings.push({ name, text: undefined });
      } else {
        pending = name;
      }
    } else if (pending !== undefined) {
      settings.push({ name: pending, text: arg });
      pending = undefined;
    } else {
      escaped = true;
      positionals.push(arg);
    }
  }
  flushPending();
  return { settings, positionals };
}
