/**
 * Every class of bad guest input returns its wasi-nn error number, writes
 * nothing, and never crashes or traps the host (except a caller without
 * memory, which traps as upstream).
 */
import { expect, it } from 'vitest';
import { HostFunctionError } from '@wasmedge-plugins/loader';
import { describeWithPytorch, Encoding, Errno, NnGuest, nnPlugin, readModel, Target, TensorType } from './nn-guest.ts';
import { readExpected } from './tensors.ts';

const SENTINEL = 0xdeadbeef;
const row = () => readExpected('linear').inputs[0]!;

describeWithPytorch('load', () => {
  it('refuses encodings that are not graph encodings with InvalidEncoding (2), using the low byte', async () => {
    const guest = await NnGuest.create();
    for (const encoding of [Encoding.autodetect, 8, 15, 200, 255, 0x105]) {
      expect(guest.load([readModel('linear.pt')], encoding).err, `encoding ${encoding}`).toBe(Errno.invalidEncoding);
    }
    expect(guest.load([readModel('linear.pt')], 0x7fffff03).err).toBe(Errno.success);
  });

  it('answers an encoding whose backend is not in this artifact with InvalidArgument (1)', async () => {
    const guest = await NnGuest.create();
    for (const encoding of [Encoding.openvino, Encoding.onnx, Encoding.tensorflow, Encoding.tensorflowlite, Encoding.ggml, 13, 14]) {
      expect(guest.load([readModel('linear.pt')], encoding).err, `encoding ${encoding}`).toBe(Errno.invalidArgument);
    }
  });

  it('refuses target AUTO and unknown targets, and GPU/TPU in this CPU backend', async () => {
    const guest = await NnGuest.create();
    for (const target of [Target.auto, 4, 0xffffffff, Target.gpu, Target.tpu]) {
      expect(guest.load([readModel('linear.pt')], Encoding.pytorch, target).err, `target ${target}`).toBe(Errno.invalidArgument);
    }
  });

  it('refuses out-of-bounds graph-id pointers, builder arrays and builders, writing nothing', async () => {
    const guest = await NnGuest.create();
    const size = guest.bytes.length;
    const [array, count] = guest.putBuilders([readModel('linear.pt')]);
    const idPtr = guest.alloc(4);
    guest.view.setUint32(idPtr, SENTINEL, true);
    const load = guest.exports.load!;
    expect(load(array, count, Encoding.pytorch, Target.cpu, size - 3)).toBe(Errno.invalidArgument);
    expect(load(array, count, Encoding.pytorch, Target.cpu, -1)).toBe(Errno.invalidArgument);
    expect(load(size - 4, 1, Encoding.pytorch, Target.cpu, idPtr)).toBe(Errno.invalidArgument);
    expect(load(array, 0x20000001, Encoding.pytorch, Target.cpu, idPtr)).toBe(Errno.invalidArgument);
    const bad = guest.alloc(8);
    guest.view.setUint32(bad, size - 10, true);
    guest.view.setUint32(bad + 4, 11, true);
    expect(load(bad, 1, Encoding.pytorch, Target.cpu, idPtr)).toBe(Errno.invalidArgument);
    guest.view.setUint32(bad, 0xffffffff, true);
    guest.view.setUint32(bad + 4, 0xffffffff, true);
    expect(load(bad, 1, Encoding.pytorch, Target.cpu, idPtr)).toBe(Errno.invalidArgument);
    expect(guest.u32(idPtr)).toBe(SENTINEL);
  });

  it('refuses builder counts other than one and more than 64 builders', async () => {
    const guest = await NnGuest.create();
    const model = readModel('linear.pt');
    expect(guest.load([]).err).toBe(Errno.invalidArgument);
    expect(guest.load([model, model]).err).toBe(Errno.invalidArgument);
    expect(guest.load(new Array(65).fill(new Uint8Array(1))).err).toBe(Errno.invalidArgument);
  });

  it('refuses bytes libtorch cannot read, truncated models and AOTInductor libraries', async () => {
    const guest = await NnGuest.create();
    const model = readModel('linear.pt');
    expect(guest.load([new TextEncoder().encode('not a model')]).err).toBe(Errno.invalidArgument);
    expect(guest.load([new Uint8Array(0)]).err).toBe(Errno.invalidArgument);
    for (const cut of [4, 100, 1000, model.length - 22, model.length - 1]) {
      expect(guest.load([model.slice(0, cut)]).err, `cut at ${cut}`).toBe(Errno.invalidArgument);
    }
    expect(guest.load([new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1])]).err).toBe(Errno.invalidArgument);
    // No id was used by the failures.
    expect(guest.load([model])).toEqual({ err: Errno.success, id: 0 });
  });
});

describeWithPytorch('execution contexts and set_input', () => {
  it('refuses unknown graphs and bad context-id pointers', async () => {
    const guest = await NnGuest.create();
    const { graph } = guest.contextFor('linear.pt');
    expect(guest.initContext(99).err).toBe(Errno.invalidArgument);
    expect(guest.exports.init_execution_context!(graph, guest.bytes.length - 2)).toBe(Errno.invalidArgument);
  });

  it('refuses out-of-bounds tensor structs, dimension arrays and data', async () => {
    const guest = await NnGuest.create();
    const { context } = guest.contextFor('linear.pt');
    const size = guest.bytes.length;
    expect(guest.exports.set_input!(context, 0, size - 19)).toBe(Errno.invalidArgument);
    for (const [offset, value] of [[0, size - 4], [4, 0x40000000], [12, size - 100], [16, 0xfffffff0]] as const) {
      const struct = guest.putTensor(row());
      guest.view.setUint32(struct + offset, value, true);
      expect(guest.exports.set_input!(context, 0, struct), `field at ${offset}`).toBe(Errno.invalidArgument);
    }
  });

  it('refuses F64 and unknown tensor types, reading only the low byte of the type field', async () => {
    const guest = await NnGuest.create();
    const { context } = guest.contextFor('linear.pt');
    for (const typeNumber of [TensorType.f64, 6, 0xff]) {
      expect(guest.setInput(context, 0, { ...row(), typeNumber, dtype: 'i64', values: new Array(128).fill(0) })).toBe(Errno.invalidArgument);
    }
    expect(guest.setInput(context, 0, { ...row(), typeNumber: 0xabcd01 })).toBe(Errno.success);
  });

  it('refuses data whose length is not product(dims) * element size, and more than 32 dims', async () => {
    const guest = await NnGuest.create();
    const { context } = guest.contextFor('linear.pt');
    expect(guest.setInput(context, 0, { ...row(), shape: [2, 63] })).toBe(Errno.invalidArgument);
    expect(guest.setInput(context, 0, { ...row(), shape: [2, 65] })).toBe(Errno.invalidArgument);
    expect(guest.setInput(context, 0, { ...row(), shape: [65536, 65536, 65536, 65536, 2], values: [] })).toBe(Errno.invalidArgument);
    expect(guest.setInput(context, 0, { dtype: 'f32', shape: new Array(33).fill(1), values: [1] })).toBe(Errno.invalidArgument);
    expect(guest.setInput(context, 0, { dtype: 'f32', shape: new Array(32).fill(1), values: [1] })).toBe(Errno.success);
  });

  it('refuses unknown contexts and input indices past the model\'s inputs', async () => {
    const guest = await NnGuest.create();
    const { context } = guest.contextFor('linear.pt');
    expect(guest.setInput(context + 1, 0, row())).toBe(Errno.invalidArgument);
    expect(guest.setInput(context, 1, row())).toBe(Errno.invalidArgument);
    const multi = guest.contextFor('multi.pt');
    expect(guest.setInput(multi.context, 5, row())).toBe(Errno.invalidArgument);
  });
});

describeWithPytorch('compute and get_output', () => {
  it('refuses compute on unknown contexts, without inputs, or with inputs missing', async () => {
    const guest = await NnGuest.create();
    const { context } = guest.contextFor('multi.pt');
    const inputs = readExpected('multi').inputs;
    expect(guest.compute(context + 7)).toBe(Errno.invalidArgument);
    expect(guest.compute(context)).toBe(Errno.invalidArgument);
    expect(guest.setInput(context, 0, inputs[0]!)).toBe(Errno.success);
    expect(guest.setInput(context, 2, inputs[2]!)).toBe(Errno.success);
    expect(guest.compute(context)).toBe(Errno.invalidArgument); // gap at input 1
  });

  it('reports a shape or type the model cannot take as RuntimeError (5) and keeps no stale output', async () => {
    const guest = await NnGuest.create();
    const { context } = guest.contextFor('linear.pt');
    expect(guest.setInput(context, 0, row())).toBe(Errno.success);
    expect(guest.compute(context)).toBe(Errno.success);
    expect(guest.setInput(context, 0, { dtype: 'f32', shape: [2, 3], values: [1, 2, 3, 4, 5, 6] })).toBe(Errno.success);
    expect(guest.compute(context)).toBe(Errno.runtimeError);
    expect(guest.getOutput(context, 0).err).toBe(Errno.invalidArgument);
    expect(guest.setInput(context, 0, { dtype: 'i32', shape: [1, 64], values: new Array(64).fill(1) })).toBe(Errno.success);
    expect(guest.compute(context)).toBe(Errno.runtimeError);
  });

  it('refuses a model whose forward returns no tensor', async () => {
    const guest = await NnGuest.create();
    const { context } = guest.contextFor('int_output.pt');
    expect(guest.setInput(context, 0, row())).toBe(Errno.success);
    expect(guest.compute(context)).toBe(Errno.invalidArgument);
  });

  it('refuses bad output indices, bad pointers and too-small buffers, writing nothing', async () => {
    const guest = await NnGuest.create();
    const { context } = guest.contextFor('linear.pt');
    expect(guest.getOutput(context, 0).err).toBe(Errno.invalidArgument); // before compute
    expect(guest.setInput(context, 0, row())).toBe(Errno.success);
    expect(guest.compute(context)).toBe(Errno.success);
    const out = guest.alloc(64);
    const written = guest.alloc(4);
    guest.bytes.fill(0xaa, out, out + 64);
    guest.view.setUint32(written, SENTINEL, true);
    const get = guest.exports.get_output!;
    const size = guest.bytes.length;
    expect(get(context, 1, out, 64, written)).toBe(Errno.invalidArgument);
    expect(get(context + 1, 0, out, 64, written)).toBe(Errno.invalidArgument);
    expect(get(context, 0, size - 32, 64, written)).toBe(Errno.invalidArgument);
    expect(get(context, 0, out, 64, size - 1)).toBe(Errno.invalidArgument);
    expect(get(context, 0, out, 63, written)).toBe(Errno.invalidArgument);
    expect(get(context, 0, out, 0, written)).toBe(Errno.invalidArgument);
    expect(guest.bytes.slice(out, out + 64).every((b) => b === 0xaa)).toBe(true);
    expect(guest.u32(written)).toBe(SENTINEL);
    expect(get(context, 0, out, 64, written)).toBe(Errno.success);
    expect(guest.u32(written)).toBe(64);
  });

  it('answers the token-streaming functions with InvalidArgument, and unknown ids in unload/finalize', async () => {
    const guest = await NnGuest.create();
    const { context } = guest.contextFor('linear.pt');
    const out = guest.alloc(64);
    expect(guest.exports.compute_single!(context)).toBe(Errno.invalidArgument);
    expect(guest.exports.get_output_single!(context, 0, out, 64, out)).toBe(Errno.invalidArgument);
    expect(guest.exports.fini_single!(context)).toBe(Errno.invalidArgument);
    expect(guest.exports.unload!(5)).toBe(Errno.invalidArgument);
    expect(guest.exports.finalize_execution_context!(5)).toBe(Errno.invalidArgument);
  });

  it('traps with HostFuncError when the caller has no memory, in every function', () => {
    const module = nnPlugin().createModule('wasi_nn');
    for (const fn of module.functions) {
      const args = fn.params.map(() => 0);
      expect(() => module.imports[fn.name]!(...args), fn.name).toThrowError(HostFunctionError);
      expect(() => module.imports[fn.name]!(...args), fn.name).toThrowError(/0x0000040e/);
    }
    module.dispose();
  });
});
