/** Flag parsing for every command: strict, with usage errors as LoaderErrors. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { LoaderError } from '../errors.ts';

/** Parses `args` against `options`, allowing at most `positionals` positional arguments. */
export function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, positionals = 0) {
  try {
    const parsed = parseArgs({ args, options, allowPositionals: positionals > 0, strict: true });
    if (parsed.positionals.length > positionals) {
      throw new Error(`unexpected argument "${parsed.positionals[positionals]}"`);
    }
    return parsed;
  } catch (cause) {
    throw new LoaderError('usage', (cause as Error).message, { cause });
  }
}
