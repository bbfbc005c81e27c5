/**
 * wasi_nn (PyTorch backend) per-inference latency: set_input + compute +
 * get_output from wasm through the plug-in, against the same model and
 * input run directly through libtorch (packages/wasi-nn/bench/
 * torch_direct.cpp, built here with CMake) in the same run. µs/inference.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { NnGuest, MODELS } from '../../packages/wasi-nn/test/nn-guest.ts';
import { workspaceRoot } from '../../tools/src/cli/cli-support.ts';
import { compare, type Row } from '../measure.ts';

const BATCH = 512;
const PER_RUN = 200;
const RUNS = 7;

function buildDirect(root: string): string {
  const buildDir = join(root, 'build', 'bench', 'wasi-nn');
  execFileSync('cmake', ['-S', join(root, 'packages', 'wasi-nn', 'bench'), '-B', buildDir, '-G', 'Ninja', '-DCMAKE_BUILD_TYPE=Release'], { stdio: 'ignore' });
  execFileSync('cmake', ['--build', buildDir], { stdio: 'ignore' });
  return join(buildDir, 'torch_direct');
}

export async function benchWasiNn(): Promise<Row[]> {
  const root = workspaceRoot();
  const direct = JSON.parse(
    execFileSync(buildDirect(root), [join(MODELS, 'linear.pt'), String(BATCH), String(PER_RUN), String(RUNS), '2'], { encoding: 'utf8' }),
  ) as { values: number[] };

  const loop = (await NnGuest.create()).linearInferenceLoop(BATCH);
  const repeat = (n: number) => {
    if (loop.repeat(n) !== 0) throw new Error('inference failed');
  };
  repeat(PER_RUN * 2); // warm-up, as torch_direct does
  const plugin: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    repeat(PER_RUN);
    plugin.push(((performance.now() - start) * 1000) / PER_RUN);
  }
  return compare('wasi_nn linear.pt', 'µs/inference', { subject: 'libtorch directly (C++)', values: direct.values }, { subject: 'wasi_nn plug-in from wasm', values: plugin });
}
