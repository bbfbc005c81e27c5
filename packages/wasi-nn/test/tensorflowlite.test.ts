/**
 * The tensorflowlite artifact: a .tflite model (backends/tensorflowlite/
 * test-models, written with the tflite schema by make_model.py) through
 * LiteRT's C API, from wasm through the Node host.
 */
import { Errno, Target } from './nn-guest.ts';
import { describeRuntimeBackend } from './runtime-backends.ts';

describeRuntimeBackend({
  backend: 'tensorflowlite',
  files: ['multi.tflite'],
  preloadEncoding: 'tensorflowlite',
  wrongShapeResult: Errno.invalidArgument,
  refusedTargets: [Target.gpu, Target.tpu],
});
