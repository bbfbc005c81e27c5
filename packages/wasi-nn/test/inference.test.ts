/**
 * The plug-in library, and TorchScript models run from wasm through the
 * Node host, compared with what models/make_model.py computed with torch.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { exportedSymbols, readElf } from '@wasmedge-plugins/common';
import { readFunctionImports } from '@wasmedge-plugins/loader';
import { builtPluginPath, compileWatFile, descriptorVersion } from '@wasmedge-plugins/test-support';
import { describeWithPytorch, Errno, GUESTS, NnGuest, nnPlugin, readModel } from './nn-guest.ts';
import { byteLength, decodeTensor, readExpected, type ExpectedTensor } from './tensors.ts';

/** Output bytes equal the recorded values (floats to 1e-6 relative, i64 exactly). */
function expectOutput(bytes: Uint8Array, expected: ExpectedTensor): void {
  const { tensor } = expected;
  expect(bytes.length).toBe(byteLength(tensor.dtype, tensor.shape));
  const got = decodeTensor(tensor.dtype, bytes);
  tensor.values.forEach((want, i) => {
    if (tensor.dtype === 'i64') {
      expect(got[i]).toBe(BigInt(want));
    } else if (tensor.dtype === 'f32' || tensor.dtype === 'f16') {
      const w = Math.fround(Number(want));
      expect(Math.abs(Number(got[i]) - w)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(w)));
    } else {
      expect(got[i]).toBe(Number(want));
    }
  });
}

describeWithPytorch('the plug-in library', () => {
  it('exports only WasmEdge_Plugin_GetDescriptor', () => {
    const elf = readElf(readFileSync(builtPluginPath({ plugin: 'wasi_nn', backend: 'pytorch' })));
    expect(exportedSymbols(elf).map((s) => s.name)).toEqual(['WasmEdge_Plugin_GetDescriptor']);
  });

  it('describes itself with upstream names, API version 5, the manifest version and nn-preload', () => {
    const d = nnPlugin().descriptor;
    expect(d.name).toBe('wasi_nn');
    expect(d.apiVersion).toBe(5);
    expect(d.version).toBe(descriptorVersion('wasi_nn'));
    expect(d.modules.map((m) => m.name)).toEqual(['wasi_nn']);
    expect(d.options.map((o) => [o.name, o.type, o.hasDefault])).toEqual([['nn-preload', 'string', true], ['nn-preload-only', 'toggle', false]]);
  });

  it('creates module wasi_ephemeral_nn with the twelve upstream functions and signatures', async () => {
    const module = nnPlugin().createModule('wasi_nn');
    expect(module.name).toBe('wasi_ephemeral_nn');
    const wasm = await compileWatFile(join(GUESTS, 'nn-calls.wat'));
    const wanted = readFunctionImports(wasm).map(({ name, params, results }) => ({ name, params, results }));
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(wanted).toHaveLength(12);
    expect([...module.functions].sort(byName)).toEqual(wanted.sort(byName));
    module.dispose();
  });
});

describeWithPytorch('running TorchScript models from wasm', () => {
  it('runs the linear model in one guest call (load, context, input, compute, output)', async () => {
    const guest = await NnGuest.create();
    const { inputs, outputs } = readExpected('linear');
    const [builders, count] = guest.putBuilders([readModel('linear.pt')]);
    const tensor = guest.putTensor(inputs[0]!);
    const out = guest.alloc(4096);
    const written = guest.alloc(4);
    const ids = guest.alloc(8);
    expect(guest.exports.run_model!(builders, count, tensor, out, 4096, written, ids)).toBe(Errno.success);
    expect([guest.u32(ids), guest.u32(ids + 4)]).toEqual([0, 0]);
    expectOutput(guest.bytes.slice(out, out + guest.u32(written)), outputs[0]!);
  });

  it('passes five inputs of five types and reads six outputs, float64 sent back as float32', async () => {
    const guest = await NnGuest.create();
    const { context } = guest.contextFor('multi.pt');
    const { inputs, outputs } = readExpected('multi');
    inputs.forEach((input, i) => expect(guest.setInput(context, i, input)).toBe(Errno.success));
    expect(guest.compute(context)).toBe(Errno.success);
    expect(outputs.map((o) => o.torchDtype)).toEqual(['float32', 'int32', 'float16', 'int64', 'uint8', 'float64']);
    outputs.forEach((expected, i) => {
      const { err, bytes } = guest.getOutput(context, i);
      expect(err).toBe(Errno.success);
      expectOutput(bytes, expected);
    });
    expect(guest.getOutput(context, outputs.length).err).toBe(Errno.invalidArgument);
  });

  it('accepts any batch size and replaces the outputs at each compute', async () => {
    const guest = await NnGuest.create();
    const { context } = guest.contextFor('linear.pt');
    const row = readExpected('linear').inputs[0]!;
    expect(guest.setInput(context, 0, row)).toBe(Errno.success);
    expect(guest.compute(context)).toBe(Errno.success);
    const two = guest.getOutput(context, 0).bytes;
    const first = { dtype: 'f32' as const, shape: [1, 64], values: row.values.slice(0, 64) };
    expect(guest.setInput(context, 0, first)).toBe(Errno.success);
    expect(guest.compute(context)).toBe(Errno.success);
    const one = guest.getOutput(context, 0).bytes;
    expect(one.length).toBe(32);
    const expectedRow = { torchDtype: 'float32', tensor: { dtype: 'f32' as const, shape: [1, 8], values: decodeTensor('f32', two.slice(0, 32)) } };
    expectOutput(one, expectedRow); // to rounding: batch 1 and 2 may use other kernels
  });

  it('keeps contexts of one graph independent of each other', async () => {
    const guest = await NnGuest.create();
    const { graph, context: a } = guest.contextFor('linear.pt');
    const b = guest.initContext(graph);
    expect(b).toEqual({ err: Errno.success, id: 1 });
    const row = readExpected('linear').inputs[0]!;
    const zeros = { dtype: 'f32' as const, shape: [1, 64], values: new Array(64).fill(0) };
    expect(guest.setInput(a, 0, row)).toBe(Errno.success);
    expect(guest.setInput(b.id, 0, zeros)).toBe(Errno.success);
    expect(guest.compute(a)).toBe(Errno.success);
    expect(guest.getOutput(b.id, 0).err).toBe(Errno.invalidArgument); // b not computed yet
    expect(guest.compute(b.id)).toBe(Errno.success);
    expect(guest.getOutput(a, 0).bytes.length).toBe(64);
    expect(guest.getOutput(b.id, 0).bytes.length).toBe(32);
  });

  it('numbers graphs and contexts from 0, never reusing an id after unload or finalize', async () => {
    const guest = await NnGuest.create();
    const model = readModel('linear.pt');
    expect(guest.load([model])).toEqual({ err: Errno.success, id: 0 });
    expect(guest.load([model])).toEqual({ err: Errno.success, id: 1 });
    expect(guest.exports.unload!(0)).toBe(Errno.success);
    expect(guest.exports.unload!(0)).toBe(Errno.invalidArgument);
    expect(guest.initContext(0).err).toBe(Errno.invalidArgument);
    expect(guest.load([model])).toEqual({ err: Errno.success, id: 2 });
    expect(guest.initContext(2)).toEqual({ err: Errno.success, id: 0 });
    expect(guest.exports.finalize_execution_context!(0)).toBe(Errno.success);
    expect(guest.exports.finalize_execution_context!(0)).toBe(Errno.invalidArgument);
    expect(guest.compute(0)).toBe(Errno.invalidArgument);
    expect(guest.initContext(2)).toEqual({ err: Errno.success, id: 1 });
  });

  it('keeps a context working after its graph is unloaded', async () => {
    const guest = await NnGuest.create();
    const { graph, context } = guest.contextFor('linear.pt');
    expect(guest.exports.unload!(graph)).toBe(Errno.success);
    expect(guest.setInput(context, 0, readExpected('linear').inputs[0]!)).toBe(Errno.success);
    expect(guest.compute(context)).toBe(Errno.success);
    expect(guest.getOutput(context, 0).err).toBe(Errno.success);
  });

  it('keeps ids per module instance', async () => {
    const first = await NnGuest.create();
    const second = await NnGuest.create();
    first.contextFor('linear.pt');
    expect(second.load([readModel('linear.pt')])).toEqual({ err: Errno.success, id: 0 });
    expect(second.compute(0)).toBe(Errno.invalidArgument); // first's context 0 is not second's
  });
});
