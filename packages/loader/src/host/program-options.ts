/**
 * Program options as the wasmedge command line parses them (plug-in ABI
 * §2.2/§2.3): the option types by their C enum value, and the text forms a
 * user types (`--name value`, `--name=value`, bare toggles).
 */
import { LoaderError } from '../errors.ts';

export const OPTION_TYPES = [
  'none', 'toggle', 'int8', 'int16', 'int32', 'int64',
  'uint8', 'uint16', 'uint32', 'uint64', 'float', 'double', 'string',
] as const;

export type OptionType = (typeof OPTION_TYPES)[number];
export type OptionValue = boolean | number | bigint | string;

const INTEGER_BITS: Partial<Record<OptionType, { bits: bigint; signed: boolean }>> = {
  int8: { bits: 8n, signed: true },
  int16: { bits: 16n, signed: true },
  int32: { bits: 32n, signed: true },
  int64: { bits: 64n, signed: true },
  uint8: { bits: 8n, signed: false },
  uint16: { bits: 16n, signed: false },
  uint32: { bits: 32n, signed: false },
  uint64: { bits: 64n, signed: false },
};

export function optionTypeName(code: number): OptionType | 'unknown' {
  return OPTION_TYPES[code] ?? 'unknown';
}

function parseHexFloat(text: string): number | undefined {
  const m = /^([+-]?)0x([0-9a-f]*)(?:\.([0-9a-f]*))?(?:p([+-]?\d+))?$/i.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) {
    return undefined;
  }
  const digits = (m[2] ?? '') + (m[3] ?? '');
  const mantissa = digits === '' ? 0 : parseInt(digits, 16);
  const exponent = Number(m[4] ?? 0) - 4 * (m[3] ?? '').length;
  return (m[1] === '-' ? -1 : 1) * mantissa * 2 ** exponent;
}

/** Converts option text to the typed value, with the CLI's rules. */
export function parseOptionText(name: string, type: OptionType | 'unknown', text: string): OptionValue {
  const fail = (expected: string): never => {
    throw new LoaderError('option', `--${name}: expected ${expected}, found "${text}"`);
  };
  const integer = INTEGER_BITS[type as OptionType];
  if (integer) {
    if (!/^[+-]?\d+$/.test(text)) {
      return fail(`a decimal ${type}`);
    }
    let value = BigInt(text);
    if (!integer.signed && value < 0n && integer.bits === 64n && value >= -(2n ** 63n)) {
      value = BigInt.asUintN(64, value); // strtoull wraps negatives, as the CLI does
    }
    const min = integer.signed ? -(2n ** (integer.bits - 1n)) : 0n;
    const max = integer.signed ? 2n ** (integer.bits - 1n) - 1n : 2n ** integer.bits - 1n;
    if (value < min || value > max) {
      return fail(`a ${type} between ${min} and ${max}`);
    }
    return integer.bits === 64n ? value : Number(value);
  }
  switch (type) {
    case 'float':
    case 'double': {
      const trimmed = text.trim();
      const value = /^[+-]?(inf|infinity)$/i.test(trimmed)
        ? (trimmed.startsWith('-') ? -Infinity : Infinity)
        : /^[+-]?nan$/i.test(trimmed)
          ? NaN
          : trimmed !== '' && /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed)
            ? Number(trimmed)
            : parseHexFloat(trimmed);
      return value ?? fail(`a ${type}`);
    }
    case 'string':
      return text;
    case 'toggle':
      throw new LoaderError('option', `option ${name} doesn't need arguments.`);
    default:
      return fail('an option of a supported type');
  }
}

export interface ParsedOption {
  name: string;
  text: string | undefined;
}

/**
 * Splits command-line style arguments into option settings. Every argument
 * must be an option of the plug-in: `--name`, `--name value` or `--name=value`.
 */
export function splitOptionArguments(args: readonly string[], isToggle: (name: string) => boolean): ParsedOption[] {
  const out: ParsedOption[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--') || arg === '--') {
      throw new LoaderError('option', `expected an option such as --name=value, found "${arg}"`);
    }
    const eq = arg.indexOf('=');
    if (eq >= 0) {
      out.push({ name: arg.slice(2, eq), text: arg.slice(eq + 1) });
      continue;
    }
    const name = arg.slice(2);
    const next = args[i + 1];
    if (isToggle(name) || next === undefined || next.startsWith('-')) {
      out.push({ name, text: undefined }); // dash-leading values need the = form, as in the CLI
    } else {
      out.push({ name, text: next });
      i++;
    }
  }
  return out;
}
