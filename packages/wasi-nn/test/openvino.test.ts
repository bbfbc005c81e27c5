/**
 * The openvino artifact: an IR model (backends/openvino/test-models, written
 * by make_model.py with OpenVINO's Python API) through OpenVINO's C API,
 * from wasm through the Node host.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeWithBackend, Errno, NnGuest, Target } from './nn-guest.ts';
import { describeRuntimeBackend, useRuntime } from './runtime-backends.ts';
import { decodeTensor } from './tensors.ts';

describeRuntimeBackend({
  backend: 'openvino',
  files: ['multi.xml', 'multi.bin'],
  preloadEncoding: 'openvino',
  wrongShapeResult: Errno.runtimeError,
  // TPU is no OpenVINO device; this machine has no GPU, so compiling for it fails.
  refusedTargets: [Target.gpu, Target.tpu],
});

describeWithBackend('openvino', 'openvino: an IR without constants', () => {
  beforeAll(() => useRuntime('openvino'));

  it('loads with an empty weights builder and runs', async () => {
    const guest = await NnGuest.create('', false, 'openvino');
    const { context } = guest.contextFor('add.xml', 'add.bin');
    expect(guest.setInput(context, 0, { dtype: 'f32', shape: [3], values: [1, 2.5, -4] })).toBe(Errno.success);
    expect(guest.setInput(context, 1, { dtype: 'f32', shape: [3], values: [0.5, 0.5, 8] })).toBe(Errno.success);
    expect(guest.compute(context)).toBe(Errno.success);
    expect(decodeTensor('f32', guest.getOutput(context, 0).bytes)).toEqual([1.5, 3, 4]);
  });
});
