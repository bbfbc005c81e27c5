/**
 * wasi_nn (PyTorch backend) per-inference latency: set_input + compute +
 * get_output from wasm through the plug-in, against the same model and
 * input run directly through libtorch (packages/wasi-nn/bench/
 * torch_direct.cpp, built here with CMake against the same libtorch) in the
 * same run. µs/inference. Two builds: `host` (Debian's libtorch) in this
 * process, and ubuntu20.04_x86_64 (torch's wheel) in a child process that
 * starts with the wheel's libraries on LD_LIBRARY_PATH.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { NnGuest, MODELS } from '../../packages/wasi-nn/test/nn-guest.ts';
import { TEST_TARGET_ENV, testTarget } from '../../packages/test-support/src/test-target.ts';
import { runtimeLibraryDirs, runtimeSdkNames, withLibraryPath } from '../../packages/test-support/src/runtime-libraries.ts';
import { workspaceRoot } from '../../tools/src/cli/cli-support.ts';
import { findSdk } from '../../tools/src/deps/sdk-recipes.ts';
import { compare, type Row } from '../measure.ts';

const BATCH = 512;
const PER_RUN = 200;
const RUNS = 7;
/** The release build measured in a child process. */
const RELEASE_TARGET = 'ubuntu20.04_x86_64';

/** torch_direct against the libtorch the target's plug-in was built against. */
function buildDirect(root: string, target: string): string {
  const buildDir = join(root, 'build', 'bench', target === 'host' ? 'wasi-nn' : `wasi-nn-${target}`);
  const sdkVariables = runtimeSdkNames(root, target, 'wasi-nn').flatMap((name) => {
    const sdk = findSdk(root, name);
    if (!sdk) throw new Error(`the ${name} SDK is not in the cache: build with npx nx run wasi-nn:build -c ${target}`);
    return Object.entries(sdk.cmakeVariables).map(([k, v]) => `-D${k}=${v}`);
  });
  execFileSync('cmake', ['-S', join(root, 'packages', 'wasi-nn', 'bench'), '-B', buildDir, '-G', 'Ninja', '-DCMAKE_BUILD_TYPE=Release', ...sdkVariables], { stdio: 'ignore' });
  execFileSync('cmake', ['--build', buildDir], { stdio: 'ignore' });
  return join(buildDir, 'torch_direct');
}

/** Measures the build of WASMEDGE_PLUGINS_TEST_TARGET (host by default) in this process. */
async function measure(): Promise<Row[]> {
  const root = workspaceRoot();
  const target = testTarget();
  const direct = JSON.parse(
    execFileSync(buildDirect(root, target), [join(MODELS, 'linear.pt'), String(BATCH), String(PER_RUN), String(RUNS), '2'], { encoding: 'utf8' }),
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
  const scenario = target === 'host' ? 'wasi_nn linear.pt' : `wasi_nn linear.pt (${target})`;
  return compare(scenario, 'µs/inference', { subject: 'libtorch directly (C++)', values: direct.values }, { subject: 'wasi_nn plug-in from wasm', values: plugin });
}

export async function benchWasiNn(): Promise<Row[]> {
  return measure();
}

/** The ubuntu20.04_x86_64 build with torch 2.15.0 from its wheel, measured in a child process. */
export async function benchWasiNnRelease(): Promise<Row[]> {
  const root = workspaceRoot();
  const env = withLibraryPath(runtimeLibraryDirs(root, RELEASE_TARGET, 'wasi-nn'), { ...process.env, [TEST_TARGET_ENV]: RELEASE_TARGET });
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').pop()!) as Row[];
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === '--child') {
  console.log(JSON.stringify(await measure()));
}
