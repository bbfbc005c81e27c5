/**
 * The tests the backends with a dlopen'ed runtime (openvino, tensorflowlite)
 * share, from wasm through the Node host: each test file calls
 * describeRuntimeBackend once with its model. The runtime's facts (library,
 * variable, package, version) come from the manifest; the library is the one
 * setup.sh takes out of the pinned wheel.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { readElf } from '@wasmedge-plugins/common';
import { builtPluginPath, pinnedRuntimeDir, type PinnedRuntime } from '@wasmedge-plugins/test-support';
import { describeWithBackend, Encoding, Errno, modelDir, NnGuest, readModel, Target, TensorType, type Backend, type Tensor } from './nn-guest.ts';
import { byteLength, decodeTensor, readExpectedFile, type ExpectedTensor, type TensorData } from './tensors.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const WORKSPACE = join(HERE, '..', '..', '..');

/** The backend's runtime record in release-manifest.json. */
export function manifestRuntime(backend: Backend): PinnedRuntime {
  const manifest = JSON.parse(readFileSync(join(WORKSPACE, 'release-manifest.json'), 'utf8')) as {
    plugins: { name: string; backends?: { name: string; runtime?: PinnedRuntime }[] }[];
  };
  const entry = manifest.plugins.find((p) => p.name === 'wasi_nn')?.backends?.find((b) => b.name === backend);
  if (entry?.runtime === undefined) throw new Error(`release-manifest.json has no runtime for the ${backend} backend`);
  return entry.runtime;
}

const HOST_ARCH = process.arch === 'arm64' ? 'aarch64' : 'x86_64';

/** The directory of the pinned runtime's library for `arch` (setup.sh extracts it). */
export function runtimeLibraryDir(runtime: PinnedRuntime, arch: string = HOST_ARCH): string {
  return pinnedRuntimeDir(runtime, arch);
}

/** Points the plug-in at the pinned runtime, for this process (read at the first load). */
export function useRuntime(backend: Backend): void {
  const runtime = manifestRuntime(backend);
  process.env[runtime.variable] = runtimeLibraryDir(runtime);
}

/** Output bytes equal the recorded values (floats to 1e-6 relative, integers exactly). */
export function expectOutput(bytes: Uint8Array, expected: ExpectedTensor): void {
  const { tensor } = expected;
  expect(bytes.length).toBe(byteLength(tensor.dtype, tensor.shape));
  const got = decodeTensor(tensor.dtype, bytes);
  tensor.values.forEach((want, i) => {
    if (tensor.dtype === 'f32' || tensor.dtype === 'f16') {
      const w = Math.fround(Number(want));
      expect(Math.abs(Number(got[i]) - w)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(w)));
    } else {
      expect(got[i]).toEqual(tensor.dtype === 'i64' ? BigInt(want) : Number(want));
    }
  });
}

export interface RuntimeBackendCase {
  backend: Backend;
  /** The model's files, one builder each, in builder order. */
  files: string[];
  /** The nn-preload encoding name. */
  preloadEncoding: string;
  /** What a shape the model does not have gives at set_input (LiteRT checks it: 1; OpenVINO's request refuses it: 5). */
  wrongShapeResult: number;
  /** Targets load refuses for this backend on this machine. */
  refusedTargets: number[];
}

/** Runs the child that loads with the runtime variable pointing at `dir`; returns its stderr and load result. */
function loadInChild(backend: Backend, files: string[], variable: string, dir: string): { err: number; stderr: string } {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(HERE, 'missing-runtime-child.ts'), JSON.stringify({ backend, files })], {
    cwd: HERE,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, [variable]: dir },
  });
  expect(child.status, child.stderr).toBe(0);
  return { err: (JSON.parse(child.stdout) as { err: number }).err, stderr: child.stderr };
}

export function describeRuntimeBackend(c: RuntimeBackendCase): void {
  const { backend } = c;
  const expected = () => readExpectedFile(join(modelDir(backend), 'expected.json'), 'multi');
  const models = () => c.files.map((f) => readModel(f, backend));
  const runtime = manifestRuntime(backend);

  describeWithBackend(backend, `the ${backend} artifact`, () => {
    beforeAll(() => useRuntime(backend));

    it('does not link its runtime: the library opens it on first use', () => {
      const elf = readElf(readFileSync(builtPluginPath({ plugin: 'wasi_nn', backend })));
      expect(elf.needed).not.toContain(runtime.library);
      // zig's glibc 2.31 link (ubuntu20.04_x86_64) also names the dynamic loader.
      expect(elf.needed.every((lib) => /^(libc|libm|libdl|libpthread|libstdc\+\+|libgcc_s)\.so|^ld-linux-(x86-64|aarch64)\.so/.test(lib)), elf.needed.join(' ')).toBe(true);
    });

    it('runs the model from wasm: every output equals what the runtime computed in Python', async () => {
      const guest = await NnGuest.create('', false, backend);
      const { context } = guest.contextFor(...c.files);
      const { inputs, outputs } = expected();
      expect(inputs.length).toBeGreaterThan(1);
      expect(outputs.length).toBeGreaterThan(1);
      inputs.forEach((input, i) => expect(guest.setInput(context, i, input)).toBe(Errno.success));
      expect(guest.compute(context)).toBe(Errno.success);
      outputs.forEach((want, i) => {
        const { err, bytes } = guest.getOutput(context, i);
        expect(err).toBe(Errno.success);
        expectOutput(bytes, want);
      });
      expect(guest.getOutput(context, outputs.length).err).toBe(Errno.invalidArgument);
    });

    it('copies inputs at set_input: changing guest memory afterwards changes nothing', async () => {
      const guest = await NnGuest.create('', false, backend);
      const { context } = guest.contextFor(...c.files);
      const { inputs, outputs } = expected();
      const structs = inputs.map((input) => guest.putTensor(input));
      structs.forEach((s, i) => expect(guest.exports.set_input!(context, i, s)).toBe(Errno.success));
      for (const s of structs) {
        const data = guest.u32(s + 12);
        guest.bytes.fill(0x7f, data, data + guest.u32(s + 16)); // overwrite every input's data
      }
      expect(guest.compute(context)).toBe(Errno.success);
      outputs.forEach((want, i) => expectOutput(guest.getOutput(context, i).bytes, want));
    });

    it('keeps contexts of one graph independent', async () => {
      const guest = await NnGuest.create('', false, backend);
      const { graph, context: a } = guest.contextFor(...c.files);
      const b = guest.initContext(graph);
      expect(b.err).toBe(Errno.success);
      const { inputs, outputs } = expected();
      inputs.forEach((input, i) => expect(guest.setInput(a, i, input)).toBe(Errno.success));
      expect(guest.compute(a)).toBe(Errno.success);
      expect(guest.getOutput(b.id, 0).err).toBe(Errno.invalidArgument); // b never computed
      expect(guest.compute(b.id)).toBe(Errno.invalidArgument); // b has no inputs
      expectOutput(guest.getOutput(a, 0).bytes, outputs[0]!);
    });

    it('loads a model preloaded by name (nn-preload) and caches the name', async () => {
      const paths = c.files.map((f) => join(modelDir(backend), f)).join(':');
      const guest = await NnGuest.create(`tiny:${c.preloadEncoding}:cpu:${paths}`, true, backend);
      const first = guest.loadByName('tiny');
      expect(first.err).toBe(Errno.success);
      expect(guest.loadByName('tiny')).toEqual(first);
      const context = guest.initContext(first.id);
      const { inputs, outputs } = expected();
      inputs.forEach((input, i) => expect(guest.setInput(context.id, i, input)).toBe(Errno.success));
      expect(guest.compute(context.id)).toBe(Errno.success);
      outputs.forEach((want, i) => expectOutput(guest.getOutput(context.id, i).bytes, want));
      expect(guest.loadByName('other').err).toBe(Errno.notFound);
    });
  });

  describeWithBackend(backend, `${backend}: each bad input returns its error number`, () => {
    beforeAll(() => useRuntime(backend));

    it('load: another builder count, bytes that are no model, a refused target: 1', async () => {
      const guest = await NnGuest.create('', false, backend);
      const parts = models();
      expect(guest.load([...parts, parts[0]!]).err).toBe(Errno.invalidArgument);
      expect(guest.load(parts.slice(1)).err).toBe(Errno.invalidArgument);
      const garbage = parts.map(() => new TextEncoder().encode('not a model at all'));
      expect(guest.load(garbage).err).toBe(Errno.invalidArgument);
      for (const target of c.refusedTargets) expect(guest.load(parts, Encoding[backend], target).err).toBe(Errno.invalidArgument);
      expect(guest.load(parts, Encoding[backend], Target.auto).err).toBe(Errno.invalidArgument); // AUTO only through nn-preload
      expect(guest.load(parts).err).toBe(Errno.success);
    });

    it('set_input: index past the inputs, another type, a wrong length, another shape', async () => {
      const guest = await NnGuest.create('', false, backend);
      const { context } = guest.contextFor(...c.files);
      const input = expected().inputs[0]!;
      expect(guest.setInput(context, expected().inputs.length, input)).toBe(Errno.invalidArgument);
      const otherType: TensorData = { ...input, dtype: 'u8', values: input.values.map(() => 1) };
      expect(guest.setInput(context, 0, otherType)).toBe(Errno.invalidArgument);
      const short: Tensor = { ...input, values: input.values.slice(1), shape: input.shape };
      expect(guest.setInput(context, 0, short)).toBe(Errno.invalidArgument);
      const f64: Tensor = { ...input, typeNumber: TensorType.f64 };
      expect(guest.setInput(context, 0, f64)).toBe(Errno.invalidArgument);
      const flat: TensorData = { ...input, shape: [input.values.length] };
      expect(guest.setInput(context, 0, flat)).toBe(c.wrongShapeResult);
      expect(guest.setInput(context, 0, input)).toBe(Errno.success);
    });

    it('compute before every input is set: 1', async () => {
      const guest = await NnGuest.create('', false, backend);
      const { context } = guest.contextFor(...c.files);
      expect(guest.compute(context)).toBe(Errno.invalidArgument);
      expect(guest.setInput(context, 0, expected().inputs[0]!)).toBe(Errno.success);
      expect(guest.compute(context)).toBe(Errno.invalidArgument);
    });

    it('get_output before compute, or into a buffer one byte too small (nothing written): 1', async () => {
      const guest = await NnGuest.create('', false, backend);
      const { context } = guest.contextFor(...c.files);
      const { inputs, outputs } = expected();
      expect(guest.getOutput(context, 0).err).toBe(Errno.invalidArgument);
      inputs.forEach((input, i) => expect(guest.setInput(context, i, input)).toBe(Errno.success));
      expect(guest.compute(context)).toBe(Errno.success);
      const size = byteLength(outputs[0]!.tensor.dtype, outputs[0]!.tensor.shape);
      const out = guest.alloc(size);
      const written = guest.alloc(4);
      guest.bytes.fill(0xa5, out, out + size);
      guest.view.setUint32(written, 0xdeadbeef, true);
      expect(guest.exports.get_output!(context, 0, out, size - 1, written)).toBe(Errno.invalidArgument);
      expect(guest.bytes.slice(out, out + size).every((b) => b === 0xa5)).toBe(true);
      expect(guest.u32(written)).toBe(0xdeadbeef);
      expect(guest.exports.get_output!(context, 0, out, size, written)).toBe(Errno.success);
      expect(guest.u32(written)).toBe(size);
    });
  });

  describeWithBackend(backend, `${backend}: a missing runtime`, () => {
    it(`load returns 1 and says on one line where ${runtime.library} was looked for and how to get it`, () => {
      const empty = mkdtempSync(join(tmpdir(), 'wasi-nn-no-runtime-'));
      const { err, stderr } = loadInChild(backend, c.files, runtime.variable, empty);
      expect(err).toBe(Errno.invalidArgument);
      const lines = stderr.split('\n').filter((l) => l.startsWith('wasi_nn'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(runtime.library);
      expect(lines[0]).toContain(`pip install ${runtime.package}==${runtime.version}`);
      expect(lines[0]).toContain(`${runtime.variable}=${empty}`);
    });

    it('the plug-in still loads and answers without the runtime, and works once the variable names it', () => {
      const { err } = loadInChild(backend, c.files, runtime.variable, runtimeLibraryDir(runtime));
      expect(err).toBe(Errno.success);
    });
  });

  describeWithBackend(backend, `${backend}: memory`, () => {
    beforeAll(() => useRuntime(backend));

    it('a thousand inferences from wasm leave resident memory flat', async () => {
      const guest = await NnGuest.create('', false, backend);
      const { context } = guest.contextFor(...c.files);
      const { inputs, outputs } = expected();
      inputs.forEach((input, i) => expect(guest.setInput(context, i, input)).toBe(Errno.success));
      const tensor = guest.putTensor(inputs[0]!);
      const outMax = byteLength(outputs[0]!.tensor.dtype, outputs[0]!.tensor.shape);
      const out = guest.alloc(outMax);
      const written = guest.alloc(4);
      const repeat = (n: number) => guest.exports.infer_repeat!(context, tensor, out, outMax, written, n);
      expect(repeat(200)).toBe(Errno.success); // warm up
      const before = residentBytes();
      expect(repeat(1000)).toBe(Errno.success);
      const growth = residentBytes() - before;
      expectOutput(guest.bytes.slice(out, out + guest.u32(written)), outputs[0]!);
      expect(growth, `resident memory grew by ${(growth / 1048576).toFixed(1)} MiB`).toBeLessThan(4 * 1048576);
    });

    it('graphs and contexts created and freed a hundred times leave resident memory flat', async () => {
      const guest = await NnGuest.create('', false, backend);
      const cycle = () => {
        guest.resetHeap();
        const { graph, context } = guest.contextFor(...c.files);
        expect(guest.exports.finalize_execution_context!(context)).toBe(Errno.success);
        expect(guest.exports.unload!(graph)).toBe(Errno.success);
      };
      for (let i = 0; i < 20; i++) cycle();
      const before = residentBytes();
      for (let i = 0; i < 100; i++) cycle();
      const growth = residentBytes() - before;
      expect(growth, `resident memory grew by ${(growth / 1048576).toFixed(1)} MiB`).toBeLessThan(8 * 1048576);
    });
  });
}

function residentBytes(): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  if (!match) throw new Error('no VmRSS in /proc/self/status');
  return Number(match[1]) * 1024;
}
