/**
 * Models preloaded with the nn-preload option and loaded by name, as
 * upstream's --nn-preload NAME:ENCODING:TARGET:PATH (several entries
 * separated by commas in our single-value option).
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeWithPytorch, Errno, MODELS, NnGuest } from './nn-guest.ts';
import { readExpected } from './tensors.ts';

const LINEAR = join(MODELS, 'linear.pt');
const MULTI = join(MODELS, 'multi.pt');

describeWithPytorch('nn-preload and load_by_name', () => {
  it('loads preloaded models by name and caches the id per name', async () => {
    const guest = await NnGuest.create(`lin:pytorch:cpu:${LINEAR},multi:PyTorch:AUTO:${MULTI},`);
    expect(guest.loadByName('lin')).toEqual({ err: Errno.success, id: 0 });
    expect(guest.loadByName('lin')).toEqual({ err: Errno.success, id: 0 });
    expect(guest.loadByName('multi')).toEqual({ err: Errno.success, id: 1 });
    const context = guest.initContext(0);
    expect(context.err).toBe(Errno.success);
    const { inputs, outputs } = readExpected('linear');
    expect(guest.setInput(context.id, 0, inputs[0]!)).toBe(Errno.success);
    expect(guest.compute(context.id)).toBe(Errno.success);
    expect(guest.getOutput(context.id, 0).bytes.length).toBe(4 * outputs[0]!.tensor.values.length);
  });

  it('answers a name no entry has with NotFound (8)', async () => {
    const guest = await NnGuest.create(`lin:pytorch:cpu:${LINEAR}`);
    expect(guest.loadByName('other').err).toBe(Errno.notFound);
    expect(guest.loadByName('').err).toBe(Errno.notFound);
    expect(guest.loadByName('lin\0').err).toBe(Errno.notFound);
  });

  it('drops entries with an unknown encoding or target, or too few fields', async () => {
    const guest = await NnGuest.create(`a:caffe:cpu:${LINEAR},b:pytorch:npu:${LINEAR},c:pytorch,ok:pytorch:cpu:${LINEAR}`);
    for (const name of ['a', 'b', 'c']) {
      expect(guest.loadByName(name).err, name).toBe(Errno.notFound);
    }
    expect(guest.loadByName('ok')).toEqual({ err: Errno.success, id: 0 });
  });

  it('answers an unreadable model, an entry without path and an AOTInductor path with InvalidArgument (1), uncached', async () => {
    const guest = await NnGuest.create(`gone:pytorch:cpu:/nonexistent/model.pt,nopath:pytorch:cpu,aoti:pytorchaoti:cpu:/opt/m.so`);
    for (const name of ['gone', 'gone', 'nopath', 'aoti']) {
      expect(guest.loadByName(name).err, name).toBe(Errno.invalidArgument);
    }
    expect(guest.load([new Uint8Array(0)]).err).toBe(Errno.invalidArgument);
  });

  it('answers an entry whose backend is not in this artifact with 1, and autodetect with 2', async () => {
    const guest = await NnGuest.create('ov:openvino:cpu:/m.xml:/m.bin,tfl:tensorflowlite:cpu:/m.tflite,auto:autodetect:cpu:/m');
    expect(guest.loadByName('ov').err).toBe(Errno.invalidArgument);
    expect(guest.loadByName('tfl').err).toBe(Errno.invalidArgument);
    expect(guest.loadByName('auto').err).toBe(Errno.invalidEncoding);
  });

  it('lets the first of two entries with the same name win', async () => {
    const guest = await NnGuest.create(`m:pytorch:cpu:${LINEAR},m:pytorch:cpu:${MULTI}`);
    const context = guest.initContext(guest.loadByName('m').id);
    expect(guest.setInput(context.id, 1, readExpected('linear').inputs[0]!)).toBe(Errno.invalidArgument); // linear has one input
  });

  it('appends a non-empty config as an extra builder (PyTorch then refuses), ignored for a cached name', async () => {
    const guest = await NnGuest.create(`lin:pytorch:cpu:${LINEAR},two:pytorch:cpu:${LINEAR}`);
    expect(guest.loadByName('two', '{"threads":2}').err).toBe(Errno.invalidArgument);
    expect(guest.loadByName('two', '')).toEqual({ err: Errno.success, id: 0 });
    expect(guest.loadByName('lin')).toEqual({ err: Errno.success, id: 1 });
    expect(guest.loadByName('lin', '{"threads":2}')).toEqual({ err: Errno.success, id: 1 });
  });

  it('loads a name again, under a new id, after its graph was unloaded', async () => {
    const guest = await NnGuest.create(`lin:pytorch:cpu:${LINEAR}`);
    expect(guest.loadByName('lin').id).toBe(0);
    expect(guest.exports.unload!(0)).toBe(Errno.success);
    expect(guest.loadByName('lin')).toEqual({ err: Errno.success, id: 1 });
  });

  it('checks the whole name and config ranges and the graph-id pointer', async () => {
    const guest = await NnGuest.create(`lin:pytorch:cpu:${LINEAR}`);
    const size = guest.bytes.length;
    const [name, len] = guest.put('lin');
    const id = guest.alloc(4);
    expect(guest.exports.load_by_name!(size - 2, 3, id)).toBe(Errno.invalidArgument);
    expect(guest.exports.load_by_name!(name, 0xffffffff, id)).toBe(Errno.invalidArgument);
    expect(guest.exports.load_by_name!(name, len, size - 3)).toBe(Errno.invalidArgument);
    expect(guest.exports.load_by_name_with_config!(name, len, size - 2, 3, id)).toBe(Errno.invalidArgument);
    expect(guest.exports.load_by_name_with_config!(name, len, 0, 0x7fffffff, id)).toBe(Errno.invalidArgument);
    expect(guest.exports.load_by_name!(name, len, id)).toBe(Errno.success);
  });

  it('copies the option when the module instance is created', async () => {
    const before = await NnGuest.create(`lin:pytorch:cpu:${LINEAR}`);
    const after = await NnGuest.create('');
    expect(before.loadByName('lin').err).toBe(Errno.success);
    expect(after.loadByName('lin').err).toBe(Errno.notFound);
  });
});
