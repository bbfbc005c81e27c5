/**
 * Plug-in options as the wasmedge command line treats them, case by case.
 * Each row holds the runtime's answer (plugin ABI §2.3 and the runtime's
 * argument parser): the value the option's storage ends up with, or that the
 * command line is refused. Run against the C API probe's options:
 * --probe-required (int32, no default), --probe-i8 (int8, default 7),
 * --probe-f32 (float, default 0.5).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { openPlugin, parseCommandLine, type Plugin } from '../src/index.ts';
import { buildCapiProbe } from './capi/build-probe.ts';

let plugin: Plugin;

beforeAll(() => {
  plugin = openPlugin(buildCapiProbe().library);
});

type Row = [args: string[], expected: Record<string, number> | { refused: RegExp }];

const REQUIRED = '--probe-required=3';

const ROWS: Row[] = [
  [[REQUIRED, '--probe-i8=-5'], { 'probe-required': 3, 'probe-i8': -5 }],
  [[REQUIRED, '--probe-i8', '12'], { 'probe-i8': 12 }],
  // given without a value and followed by another option: its default
  [['--probe-i8', REQUIRED, '--probe-f32=2'], { 'probe-i8': 7, 'probe-f32': 2 }],
  [['--probe-f32', '--probe-i8=1', REQUIRED], { 'probe-f32': 0.5 }],
  // ... or last on the line
  [['--probe-i8=1', REQUIRED, '--probe-i8'], { 'probe-i8': 7 }],
  // strtol: leading white space and a sign, nothing after the digits
  [[REQUIRED, '--probe-i8= +9'], { 'probe-i8': 9 }],
  [[REQUIRED, '--probe-i8=9 '], { refused: /expected a decimal int8/ }],
  [[REQUIRED, '--probe-i8=128'], { refused: /between -128 and 127/ }],
  [[REQUIRED, '--probe-i8=-129'], { refused: /between -128 and 127/ }],
  // a dash-leading value must use '=': "--opt -5" is the option "-5"
  [[REQUIRED, '--probe-i8', '-5'], { refused: /unknown option: 5/ }],
  // floats: strtof's range (ERANGE on overflow and underflow is refused)
  [[REQUIRED, '--probe-f32', '1e50'], { refused: /float within its range/ }],
  [[REQUIRED, '--probe-f32=-1e39'], { refused: /float within its range/ }],
  [[REQUIRED, '--probe-f32=1e-50'], { refused: /float within its range/ }],
  [[REQUIRED, '--probe-f32=3.4e38'], { 'probe-f32': Math.fround(3.4e38) }],
  [[REQUIRED, '--probe-f32=0x1p3'], { 'probe-f32': 8 }],
  [[REQUIRED, '--probe-f32=inf'], { 'probe-f32': Infinity }],
  [[REQUIRED, '--probe-f32=0'], { 'probe-f32': 0 }],
  [[REQUIRED, '--probe-f32=1.5x'], { refused: /expected a float/ }],
  // an option without a default is mandatory; given without a value it stays missing
  [['--probe-i8=1'], { refused: /requires --probe-required/ }],
  [['--probe-required'], { refused: /requires --probe-required/ }],
  [['--probe-required', '--probe-i8=1'], { refused: /requires --probe-required/ }],
  [[REQUIRED, '--probe-unknown=1'], { refused: /unknown option: probe-unknown/ }],
  [[REQUIRED, '-x'], { refused: /unknown option: x/ }],
];

describe('plug-in options on the command line', () => {
  it.each(ROWS)('%j', (args, expected) => {
    if ('refused' in expected) {
      expect(() => plugin.applyCommandLine(args)).toThrowError(expected.refused as RegExp);
      return;
    }
    plugin.applyCommandLine(args);
    for (const [name, value] of Object.entries(expected)) {
      expect(plugin.getOption(name)).toBe(value);
    }
  });
});

describe('parseCommandLine', () => {
  const options = new Map([
    ['flag', { toggle: true }],
    ['level', { toggle: false }],
  ]);

  it('gives a value-less option followed by the program the program as its value, as the runtime', () => {
    expect(parseCommandLine(['--level', 'prog.wasm', 'arg'], options)).toEqual({
      settings: [{ name: 'level', text: 'prog.wasm' }],
      positionals: ['arg'],
    });
  });

  it('stops at the first positional and after "--"', () => {
    expect(parseCommandLine(['--flag', 'prog.wasm', '--level=1'], options).positionals).toEqual(['prog.wasm', '--level=1']);
    expect(parseCommandLine(['--', '--flag'], options).positionals).toEqual(['--flag']);
  });

  it('refuses a value for a toggle with the runtime message', () => {
    expect(() => parseCommandLine(['--flag=yes'], options)).toThrowError("option flag doesn't need arguments.");
  });
});
