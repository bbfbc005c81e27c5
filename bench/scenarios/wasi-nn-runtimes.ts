/**
 * wasi_nn OpenVINO and TensorFlow Lite per-inference latency: set_input(0) +
 * compute + get_output(0) from wasm through the plug-in, against the same
 * model and input run directly through the runtime's C API
 * (packages/wasi-nn/bench/runtimes/runtime_direct.cpp, built here with
 * CMake) in the same run, for each backend. µs/inference. The models are
 * the backends' test models: tiny, so the numbers show what the plug-in
 * adds per call rather than the runtime's arithmetic.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { modelDir, NnGuest, type Backend } from '../../packages/wasi-nn/test/nn-guest.ts';
import { useRuntime } from '../../packages/wasi-nn/test/runtime-backends.ts';
import { readExpectedFile, type TensorData } from '../../packages/wasi-nn/test/tensors.ts';
import { workspaceRoot } from '../../tools/src/cli/cli-support.ts';
import { compare, type Row } from '../measure.ts';

const PER_RUN = 500;
const RUNS = 7;
const WARMUP_RUNS = 2;

const MODELS: Record<'openvino' | 'tensorflowlite', string[]> = {
  openvino: ['multi.xml', 'multi.bin'],
  tensorflowlite: ['multi.tflite'],
};

function buildDirect(root: string): string {
  const buildDir = join(root, 'build', 'bench', 'wasi-nn-runtimes');
  execFileSync('cmake', ['-S', join(root, 'packages', 'wasi-nn', 'bench', 'runtimes'), '-B', buildDir, '-G', 'Ninja', '-DCMAKE_BUILD_TYPE=Release'], { stdio: 'ignore' });
  execFileSync('cmake', ['--build', buildDir], { stdio: 'ignore' });
  return join(buildDir, 'runtime_direct');
}

/** The input runtime_direct uses: element i is ((i % 97) - 48) / 16, or (i % 97) - 48 for integers. */
function benchInput(like: TensorData): TensorData {
  const float = like.dtype === 'f32' || like.dtype === 'f16';
  return { ...like, values: like.values.map((_, i) => ((i % 97) - 48) / (float ? 16 : 1)) };
}

async function pluginTimes(backend: Backend, files: string[]): Promise<number[]> {
  useRuntime(backend);
  const guest = await NnGuest.create('', false, backend);
  const { context } = guest.contextFor(...files);
  const { inputs, outputs } = readExpectedFile(join(modelDir(backend), 'expected.json'), 'multi');
  inputs.forEach((input, i) => {
    if (guest.setInput(context, i, benchInput(input)) !== 0) throw new Error(`${backend}: set_input ${i} failed`);
  });
  const tensor = guest.putTensor(benchInput(inputs[0]!));
  const outMax = 1 << 12;
  const out = guest.alloc(outMax);
  const written = guest.alloc(4);
  const repeat = (n: number) => {
    if (guest.exports.infer_repeat!(context, tensor, out, outMax, written, n) !== 0) throw new Error(`${backend}: inference failed`);
  };
  if (outputs.length === 0) throw new Error(`${backend}: the model has no output`);
  const values: number[] = [];
  for (let run = 0; run < WARMUP_RUNS + RUNS; run++) {
    const start = performance.now();
    repeat(PER_RUN);
    if (run >= WARMUP_RUNS) values.push(((performance.now() - start) * 1000) / PER_RUN);
  }
  return values;
}

export async function benchWasiNnRuntimes(): Promise<Row[]> {
  const root = workspaceRoot();
  const direct = buildDirect(root);
  const rows: Row[] = [];
  for (const [backend, files] of Object.entries(MODELS) as [keyof typeof MODELS, string[]][]) {
    const paths = files.map((f) => join(modelDir(backend), f));
    const reference = JSON.parse(
      execFileSync(direct, [backend, ...paths, String(PER_RUN), String(RUNS), String(WARMUP_RUNS)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
    ) as { values: number[] };
    rows.push(
      ...compare(`wasi_nn ${backend} ${files[0]}`, 'µs/inference', { subject: `${backend} C API directly`, values: reference.values }, { subject: 'wasi_nn plug-in from wasm', values: await pluginTimes(backend, files) }),
    );
  }
  return rows;
}
