import { describe, expect, it } from 'vitest';
import { dropRuntimeLogLines, readTrapCode, substitute, type ConformanceCase } from '../src/conformance/run-case.ts';

describe('run-case helpers', () => {
  it('readTrapCode reads the 24-bit code of the runtime\'s failure line, whatever its phase', () => {
    expect(readTrapCode('[2026-01-01 00:00:00.000] [error] execution failed: unreachable, Code: 0x40a\n')).toBe(0x40a);
    expect(readTrapCode('[error] user defined failed: user defined error code, Code: 0x007')).toBe(7);
    expect(readTrapCode('hello\n')).toBeUndefined();
  });

  it('dropRuntimeLogLines keeps the guest\'s lines only', () => {
    expect(dropRuntimeLogLines('a\n[2026-01-01 00:00:00.000] [info] x\nb\n')).toBe('a\nb\n');
  });

  it('substitute fills ${name} in options, args and env, and leaves unknown names alone', () => {
    const c: ConformanceCase = { name: 'n', wasm: 'w', options: ['--ca=${caFile}'], args: ['${port}', '${other}'], env: { X: '${port}' } };
    expect(substitute(c, { caFile: '/ca.pem', port: '8443' })).toEqual({
      name: 'n', wasm: 'w', options: ['--ca=/ca.pem'], args: ['8443', '${other}'], env: { X: '8443' },
    });
  });
});
