/**
 * The fuzz seed encoder (tools/src/fuzz/seed-program.ts) against the input
 * format packages/plugin-api/fuzz/plugin_fuzzer.cpp reads, the target table,
 * and how the asan variant reaches CMake.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cmakeConfigureArgs } from '../src/orchestration/cmake.ts';
import { BUILD_VARIANTS, getVariant, layoutKey } from '../src/orchestration/variants.ts';
import { FUZZ_TARGETS, fuzzTargetFiles, getFuzzTarget } from '../src/fuzz/fuzz-targets.ts';
import { encodeSeed, parseFunctionList } from '../src/fuzz/seed-program.ts';
import { workspaceRoot } from '../src/cli/cli-support.ts';

const root = workspaceRoot(import.meta.dirname);
const functions = parseFunctionList('0 add i32,i32->i32\n1 set_u64 i32,i64->\n2 run ->i32\n');

describe('encodeSeed', () => {
  it('writes each step in the driver format: op byte, then little-endian fields', () => {
    const seed = encodeSeed(
      [
        ['write', 0x1234, 'text:ab'],
        ['call', 'add', 7, { load: 0x20 }],
        ['call-without-memory', 'set_u64', { result: 2 }, 0x1_0000_0001],
        ['call', 'run'],
        ['renew'],
        ['call', 'add', { end: 4 }, -1],
      ],
      functions,
      root,
    );
    expect([...seed]).toEqual([
      0, 0x34, 0x12, 2, 0, 0x61, 0x62,
      1, 0, 2, 7, 0, 0, 0, 4, 0x20, 0,
      2, 1, 5, 2, 3, 1, 0, 0, 0, 1, 0, 0, 0,
      1, 2,
      3,
      1, 0, 6, 4, 2, 0xff, 0xff, 0xff, 0xff,
    ]);
  });

  it('names the functions the module has when a seed calls another, and checks the arity', () => {
    expect(() => encodeSeed([['call', 'missing']], functions, root)).toThrow('the module has no function missing; it has add, set_u64, run');
    expect(() => encodeSeed([['call', 'add', 1]], functions, root)).toThrow('add takes 2 arguments, the seed gives 1');
  });

  it('writes a peer step as op 4 with its length, for a target with a peer only', () => {
    expect([...encodeSeed([['peer', 'text:\u0002ok']], functions, root, true)]).toEqual([4, 3, 0, 2, 0x6f, 0x6b]);
    expect(() => encodeSeed([['peer', 'text:ok']], functions, root)).toThrow('a peer step needs a target with a peer');
  });

  it('reads write data from a file relative to the spec, and refuses other prefixes', () => {
    const model = 'packages/wasi-nn/test/models/linear.pt';
    const seed = encodeSeed([['write', 0, `file:${model}`]], functions, root);
    expect(seed.subarray(5)).toEqual(readFileSync(join(root, model)));
    expect(() => encodeSeed([['write', 0, 'raw:x']], functions, root)).toThrow('must start with text:, hex: or file:');
  });
});

describe('fuzz targets', () => {
  it('each has a readable seed spec, written seeds and a dictionary beside its plug-in', () => {
    for (const target of FUZZ_TARGETS) {
      const files = fuzzTargetFiles(root, target);
      expect(existsSync(join(files.dir, 'seeds.json')), target.name).toBe(true);
      expect(existsSync(files.seeds), target.name).toBe(true);
      expect(existsSync(files.dictionary), target.name).toBe(true);
      if (target.peer !== undefined) expect(existsSync(join(files.dir, target.peer.source)), target.name).toBe(true);
    }
  });

  it('names every target when asked for an unknown one', () => {
    expect(() => getFuzzTarget('nope')).toThrow(`unknown fuzz target "nope"; targets: ${FUZZ_TARGETS.map((t) => t.name).join(', ')}`);
  });
});

describe('the asan variant', () => {
  it('builds into its own directory and hands its flags to every compile and link', () => {
    expect(layoutKey('host', 'asan')).toBe('host-asan');
    expect(layoutKey('host', null)).toBe('host');
    const args = cmakeConfigureArgs({ sourceDir: 's', buildDir: 'b', installDir: 'i', cacheVariables: {}, workspaceRoot: '/w', flags: getVariant('asan').flags });
    expect(args).toContain(`-DCMAKE_C_FLAGS=-ffile-prefix-map=/w=. ${BUILD_VARIANTS.asan!.flags.join(' ')}`);
    expect(args).toContain(`-DCMAKE_SHARED_LINKER_FLAGS=${BUILD_VARIANTS.asan!.flags.join(' ')}`);
    expect(() => getVariant('tsan')).toThrow('unknown build variant "tsan"; known variants: asan');
  });
});
