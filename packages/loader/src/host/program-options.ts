/**
 * Program options as the wasmedge command line parses them (plug-in ABI
 * §2.2/§2.3): the option types by their C enum value, and the typed value a
 * user's text becomes (command-line.ts splits the arguments).
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
    // strtol/strtoul: leading white space, a sign, decimal digits, nothing after.
    if (!/^[ \t\n\v\f\r]*[+-]?\d+$/.test(text)) {
      return fail(`a decimal ${type}`);
    }
    let value = BigInt(text.trim());
    if (!integer.signed && value < 0n && integer.bits === 64n && value > -(2n ** 64n)) {
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
      const value = parseFloatText(text);
      if (value === undefined) return fail(`a ${type}`);
      // strtof/strtod report ERANGE for overflow and underflow: refused.
      return floatInRange(value, type) ? (type === 'float' ? Math.fround(value.value) : value.value) : fail(`a ${type} within its range`);
    }
    case 'string':
      return text;
    case 'toggle':
      throw new LoaderError('option', `option ${name} doesn't need arguments.`);
    default:
      return fail('an option of a supported type');
  }
}

interface ParsedFloat {
  value: number;
  /** Written as infinity or NaN (no range error for those). */
  special: boolean;
  /** The text has a non-zero digit (so a 0 result is an underflow). */
  nonZero: boolean;
}

/** What strtod accepts: leading spaces, decimal or hex, inf/infinity/nan. */
function parseFloatText(text: string): ParsedFloat | undefined {
  const trimmed = text.replace(/^[ \t\n\v\f\r]+/, '');
  if (/^[+-]?(inf|infinity)$/i.test(trimmed)) {
    return { value: trimmed.startsWith('-') ? -Infinity : Infinity, special: true, nonZero: true };
  }
  if (/^[+-]?nan(\([0-9a-z_]*\))?$/i.test(trimmed)) return { value: NaN, special: true, nonZero: true };
  const hexDigits = /^[+-]?0x([0-9a-f.]*)/i.exec(trimmed)?.[1];
  const nonZero = hexDigits !== undefined ? /[1-9a-f]/i.test(hexDigits) : /[1-9]/.test(/^[+-]?([0-9.]*)/.exec(trimmed)![1]!);
  if (trimmed !== '' && /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed)) {
    return { value: Number(trimmed), special: false, nonZero };
  }
  const hex = parseHexFloat(trimmed);
  return hex === undefined ? undefined : { value: hex, special: false, nonZero };
}

const SMALLEST_NORMAL = { float: 2 ** -126, double: 2 ** -1022 } as const;

function floatInRange(parsed: ParsedFloat, type: 'float' | 'double'): boolean {
  if (parsed.special) return true;
  const v = type === 'float' ? Math.fround(parsed.value) : parsed.value;
  if (!Number.isFinite(v)) return false;
  // Underflow: a non-zero text that becomes 0 or a subnormal it cannot hold exactly.
  if (parsed.nonZero && (v === 0 || (Math.abs(v) < SMALLEST_NORMAL[type] && (type === 'double' || v !== parsed.value)))) return false;
  return true;
}
