/**
 * The openvino artifact: an IR model (backends/openvino/test-models, written
 * by make_model.py with OpenVINO's Python API) through OpenVINO's C API,
 * from wasm through the Node host.
 */
import { Errno, Target } from './nn-guest.ts';
import { describeRuntimeBackend } from './runtime-backends.ts';

describeRuntimeBackend({
  backend: 'openvino',
  files: ['multi.xml', 'multi.bin'],
  preloadEncoding: 'openvino',
  wrongShapeResult: Errno.runtimeError,
  // TPU is no OpenVINO device; this machine has no GPU, so compiling for it fails.
  refusedTargets: [Target.gpu, Target.tpu],
});
