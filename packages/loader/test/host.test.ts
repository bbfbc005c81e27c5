import { beforeAll, describe, expect, it } from 'vitest';
import { compileWat } from '@wasmedge-plugins/test-support';
import {
  createImportObject,
  HostFunctionError,
  instantiateWithPlugins,
  LoaderError,
  openPlugin,
  type Plugin,
} from '../src/index.ts';
import { buildFixturePlugin } from '@wasmedge-plugins/test-support/fixtures';

let pluginPath: string;
let plugin: Plugin;

beforeAll(() => {
  pluginPath = buildFixturePlugin();
  plugin = openPlugin(pluginPath);
});

const GUEST = `(module
  (import "fixture_env" "add_i32" (func $add_i32 (param i32 i32) (result i32)))
  (import "fixture_env" "add_i64" (func $add_i64 (param i64 i64) (result i64)))
  (import "fixture_env" "mul_f64" (func $mul_f64 (param f64 f64) (result f64)))
  (import "fixture_env" "half_f32" (func $half_f32 (param f32) (result f32)))
  (import "fixture_env" "swap" (func $swap (param i32 i32) (result i32 i32)))
  (import "fixture_env" "write_hello" (func $write_hello (param i32 i32) (result i32)))
  (import "fixture_env" "sum_bytes" (func $sum_bytes (param i32 i32) (result i32)))
  (import "fixture_env" "grow" (func $grow (param i32) (result i32)))
  (import "fixture_env" "terminate" (func $terminate))
  (import "fixture_env" "fail" (func $fail (param i32)))
  (import "fixture_env" "option_i64" (func $option_i64 (param i32) (result i64)))
  (import "fixture_env" "option_string" (func $option_string (param i32 i32) (result i32)))
  (memory (export "memory") 1 4)
  (func (export "add_i32") (param i32 i32) (result i32) (call $add_i32 (local.get 0) (local.get 1)))
  (func (export "add_i64") (param i64 i64) (result i64) (call $add_i64 (local.get 0) (local.get 1)))
  (func (export "mul_f64") (param f64 f64) (result f64) (call $mul_f64 (local.get 0) (local.get 1)))
  (func (export "half_f32") (param f32) (result f32) (call $half_f32 (local.get 0)))
  (func (export "swap") (param i32 i32) (result i32 i32) (call $swap (local.get 0) (local.get 1)))
  (func (export "write_hello") (param i32 i32) (result i32) (call $write_hello (local.get 0) (local.get 1)))
  (func (export "sum_bytes") (param i32 i32) (result i32) (call $sum_bytes (local.get 0) (local.get 1)))
  (func (export "grow") (param i32) (result i32) (call $grow (local.get 0)))
  (func (export "grow_in_wasm_then_write") (param i32) (result i32)
    (drop (memory.grow (local.get 0)))
    (call $write_hello (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 5)) (i32.const 5)))
  (func (export "terminate") (call $terminate) (unreachable))
  (func (export "fail") (param i32) (call $fail (local.get 0)))
  (func (export "option_i64") (param i32) (result i64) (call $option_i64 (local.get 0)))
  (func (export "option_string") (param i32 i32) (result i32) (call $option_string (local.get 0) (local.get 1)))
)`;

interface GuestExports {
  memory: WebAssembly.Memory;
  [name: string]: any;
}

async function instantiateGuest(source = GUEST) {
  const module = plugin.createModule('fixture');
  const instance = await instantiateWithPlugins(await compileWat(source), [module]);
  return { module, exports: instance.exports as GuestExports };
}

describe('openPlugin reads the descriptor', () => {
  it('returns name, description, API version, version, modules and options', () => {
    const d = plugin.descriptor;
    expect(d).toMatchObject({ name: 'fixture', description: 'host test fixture', apiVersion: 5, version: '1.2.3.4' });
    expect(d.modules.map((m) => m.name)).toEqual(['fixture', 'fixture_other']);
    expect(d.options.map((o) => [o.name, o.type, o.hasDefault])).toEqual([
      ['fixture-flag', 'toggle', false],
      ['fixture-i8', 'int8', true],
      ['fixture-i32', 'int32', true],
      ['fixture-u64', 'uint64', true],
      ['fixture-f32', 'float', true],
      ['fixture-f64', 'double', true],
      ['fixture-text', 'string', true],
    ]);
  });

  it('refuses a plug-in built for another API version, naming both numbers', () => {
    const old = buildFixturePlugin(4);
    expect(() => openPlugin(old)).toThrowError(/built for plug-in API version 4, .*needs exactly version 5/);
    try {
      openPlugin(old);
    } catch (err) {
      expect(err).toBeInstanceOf(LoaderError);
      expect((err as LoaderError).kind).toBe('api-version');
    }
  });

  it('refuses a file that is not a shared library, with the dlopen reason', () => {
    expect(() => openPlugin(new URL(import.meta.url).pathname)).toThrowError(/cannot open plug-in .*host\.test\.ts: .*/);
  });

  it('refuses a shared library that is not a plug-in', () => {
    expect(() => openPlugin('libm.so.6')).toThrowError(/does not export WasmEdge_Plugin_GetDescriptor/);
  });
});

describe('program options', () => {
  it('sets typed values and the plug-in sees them', async () => {
    plugin.setOption('fixture-flag', true);
    plugin.setOption('fixture-i8', -100);
    plugin.setOption('fixture-i32', 123456);
    plugin.setOption('fixture-u64', 2n ** 40n);
    plugin.setOption('fixture-f32', 0.25);
    plugin.setOption('fixture-f64', 1.125);
    const { exports } = await instantiateGuest();
    expect([0, 1, 2, 3, 4, 5].map((i) => exports.option_i64(i))).toEqual([1n, -100n, 123456n, 2n ** 40n, 250n, 1125n]);
  });

  it('parses command-line text with the runtime rules', async () => {
    plugin.applyCommandLine(['--fixture-i32=-42', '--fixture-u64=-1', '--fixture-f64', '0x1p3', '--fixture-text', 'hello world']);
    expect(plugin.getOption('fixture-i32')).toBe(-42);
    expect(plugin.getOption('fixture-u64')).toBe(2n ** 64n - 1n);
    expect(plugin.getOption('fixture-f64')).toBe(8);
    const { exports } = await instantiateGuest();
    expect(exports.option_string(64, 32)).toBe(11);
    expect(Buffer.from(exports.memory.buffer, 64, 11).toString()).toBe('hello world');
  });

  it('refuses values of the wrong type or out of range with the option name', () => {
    expect(() => plugin.setOption('fixture-i8', 200)).toThrowError('--fixture-i8: value out of range');
    expect(() => plugin.setOption('fixture-i32', 1.5)).toThrowError('--fixture-i32: expected an integer');
    expect(() => plugin.setOption('fixture-flag', 1)).toThrowError('--fixture-flag: expected true or false (a toggle)');
    expect(() => plugin.setOption('fixture-text', 5)).toThrowError('--fixture-text: expected a string');
    expect(() => plugin.applyCommandLine(['--fixture-i8=12x'])).toThrowError('--fixture-i8: expected a decimal int8, found "12x"');
    expect(() => plugin.applyCommandLine(['--fixture-i8=300'])).toThrowError('--fixture-i8: expected a int8 between -128 and 127, found "300"');
    expect(() => plugin.applyCommandLine(['--fixture-flag=yes'])).toThrowError("option fixture-flag doesn't need arguments.");
    expect(() => plugin.setOption('no-such', true)).toThrowError(/has no option --no-such \(its options: --fixture-flag/);
  });
});

describe('host functions called from wasm', () => {
  it('pass i32, i64, f32, f64 and multi-value results', async () => {
    const { exports } = await instantiateGuest();
    expect(exports.add_i32(2, 40)).toBe(42);
    expect(exports.add_i32(0x7fffffff, 1)).toBe(-0x80000000);
    expect(exports.add_i64(2n ** 40n, -1n)).toBe(2n ** 40n - 1n);
    expect(exports.mul_f64(1.5, -4)).toBe(-6);
    expect(exports.half_f32(3)).toBe(1.5);
    expect(exports.swap(7, 9)).toEqual([9, 7]);
  });

  it('read and write the caller memory with bounds checks', async () => {
    const { exports } = await instantiateGuest();
    expect(exports.write_hello(100, 5)).toBe(5);
    expect(Buffer.from(exports.memory.buffer, 100, 5).toString()).toBe('hello');
    expect(exports.write_hello(100, 3)).toBe(3);
    new Uint8Array(exports.memory.buffer).set([1, 2, 3, 250], 200);
    expect(exports.sum_bytes(200, 4)).toBe(256);
    expect(exports.write_hello(65535, 5)).toBe(-1);
    expect(exports.sum_bytes(65536, 1)).toBe(-1);
    expect(exports.sum_bytes(65536, 0)).toBe(0);
    expect(exports.sum_bytes(0xffffffff, 2)).toBe(-1);
  });

  it('see the memory after wasm grows it, and can grow it themselves', async () => {
    const { exports } = await instantiateGuest();
    expect(exports.grow_in_wasm_then_write(1)).toBe(5);
    expect(Buffer.from(exports.memory.buffer, 2 * 65536 - 5, 5).toString()).toBe('hello');
    expect(exports.grow(1)).toBe(0);
    expect(exports.memory.buffer.byteLength).toBe(3 * 65536);
    expect(new Uint8Array(exports.memory.buffer)[3 * 65536 - 1]).toBe(0x5a);
    expect(exports.grow(5)).toBe(-1); // beyond the declared maximum of 4 pages
    expect(exports.memory.buffer.byteLength).toBe(3 * 65536);
  });

  it('turn terminate and failure results into errors that carry the code', async () => {
    const { exports } = await instantiateGuest();
    const terminated = (() => {
      try {
        exports.terminate();
      } catch (err) {
        return err;
      }
    })() as HostFunctionError;
    expect(terminated).toBeInstanceOf(HostFunctionError);
    expect(terminated.terminated).toBe(true);
    expect(terminated.resultCode).toBe(1);
    const failed = (() => {
      try {
        exports.fail(0x1234);
      } catch (err) {
        return err;
      }
    })() as HostFunctionError;
    expect(failed.message).toBe('fail failed: user defined error code (result code 0x01001234)');
    expect([failed.category, failed.code, failed.terminated]).toEqual([1, 0x1234, false]);
  });

  it('fail with HostFuncError when the caller has no memory attached', () => {
    const module = plugin.createModule('fixture');
    expect(() => module.imports.write_hello!(0, 5)).toThrowError(/write_hello failed: host function failed \(result code 0x0000040e\)/);
  });
});

describe('linking', () => {
  it('refuses imports whose types differ from the plug-in, listing each', async () => {
    const wasm = await compileWat(`(module
      (import "fixture_env" "add_i32" (func (param i64 i32) (result i32)))
      (import "fixture_env" "nope" (func))
      (import "other" "thing" (func)))`);
    const module = plugin.createModule('fixture');
    expect(() => createImportObject(wasm, [module])).toThrowError(
      'cannot link the wasm module to the plug-in:\n' +
        '  fixture_env.add_i32: wasm imports (i64, i32) -> (i32), plug-in provides (i32, i32) -> (i32)\n' +
        '  fixture_env.nope: the plug-in module has no such function',
    );
  });

  it('gives the first module with an instance name precedence, as the runtime does', async () => {
    const first = plugin.createModule('fixture');
    const second = plugin.createModule('fixture');
    const imports = createImportObject(await compileWat('(module (import "fixture_env" "add_i32" (func (param i32 i32) (result i32))))'), [first, second]);
    expect((imports.fixture_env as Record<string, unknown>).add_i32).toBe(first.imports.add_i32);
  });

  it('composes with other import namespaces in one instance', async () => {
    const wasm = await compileWat(`(module
      (import "env" "double" (func $double (param i32) (result i32)))
      (import "fixture_env" "add_i32" (func $add (param i32 i32) (result i32)))
      (func (export "f") (param i32) (result i32) (call $add (call $double (local.get 0)) (i32.const 1))))`);
    const instance = await instantiateWithPlugins(wasm, [plugin.createModule()], { imports: { env: { double: (x: number) => 2 * x } } });
    expect((instance.exports.f as (x: number) => number)(20)).toBe(41);
  });
});

describe('module lifetime', () => {
  it('runs the finalizer exactly once on dispose, and refuses calls afterwards', async () => {
    const { module, exports } = await instantiateGuest(`(module
      (import "fixture_env" "finalized" (func $f (result i32)))
      (memory (export "memory") 1)
      (func (export "finalized") (result i32) (call $f)))`);
    const before = exports.finalized();
    module.dispose();
    module.dispose();
    const probe = plugin.createModule('fixture_other');
    const watcher = plugin.createModule('fixture');
    expect(watcher.imports.finalized!()).toBe(before + 1);
    expect(() => exports.finalized()).toThrowError('host function finalized called after its module was disposed');
    probe.dispose();
    watcher.dispose();
  });
});
