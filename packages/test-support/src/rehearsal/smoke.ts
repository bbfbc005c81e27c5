/**
 * Smoke programs: each plug-in package states, in test/smoke.json, a short
 * program per cell (memory writes, host calls with their expected results
 * or trap code, memory reads). The same program runs two ways:
 *   - in Node: compiled to a wasm module that imports the plug-in's
 *     functions and exports one function per call, run through the loader;
 *   - on another architecture: sent step by step to the plug-in API's test
 *     driver under qemu-user (CrossDriver).
 * Stating it once keeps the two runs the same program.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { HostFunctionError, instantiateWithPlugins, openPlugin } from '@wasmedge-plugins/loader';
import { CrossDriver } from '../cross-driver.ts';
import { compileWat } from '../index.ts';

type ValueType = 'i32' | 'i64';
/** A literal, a placeholder the runner fills in (`$port`), or the u32 stored at an address. */
type Arg = number | '$port' | { load32: number };

/** A tensor of a model's recorded inputs or outputs (an expected.json beside the model). */
export interface TensorRef {
  from: string;
  model: string;
  input?: number;
  output?: number;
}

export type SmokeStep =
  | { write: number; text?: string; hex?: string; file?: string; u32?: (number | { sizeOf: string })[] }
  /** A wasi-nn tensor struct at `tensor`, its dimensions right after it, its bytes at `data`. */
  | ({ tensor: number; data: number } & TensorRef)
  | { call: string; params?: ValueType[]; args?: Arg[]; results?: ValueType[]; expect?: number[]; trap?: number }
  | { read: number; text?: string; hex?: string }
  /** A recorded output: integers compared exactly, floats to 1e-5 relative (runtimes differ in rounding). */
  | ({ read: number } & TensorRef);

export interface SmokeProgram {
  /** The cell it is for: `<plugin>` or `<plugin>-<backend>`. */
  cell: string;
  /** Program options as typed on the wasmedge command line. */
  options: string[];
  /** The plug-in's module descriptor the calls go to (its instance may import under another name). */
  module: string;
  steps: SmokeStep[];
  /** Directory `file`/`sizeOf` paths are relative to. */
  baseDir: string;
}

export interface SmokeContext {
  /** A loopback port that speaks plain HTTP (the release server), for `$port`. */
  port: number;
}

/** The smoke program for `cellId` from packages/<pkg>/test/smoke.json; throws when there is none. */
export function loadSmokeProgram(packageDir: string, cellId: string): SmokeProgram {
  const file = join(packageDir, 'test', 'smoke.json');
  if (!existsSync(file)) throw new Error(`${file} does not exist: every released cell needs a smoke program`);
  const programs = JSON.parse(readFileSync(file, 'utf8')) as Omit<SmokeProgram, 'baseDir'>[];
  const program = programs.find((p) => p.cell === cellId);
  if (!program) throw new Error(`${file} has no smoke program for ${cellId} (it has: ${programs.map((p) => p.cell).join(', ') || 'none'})`);
  return { ...program, baseDir: dirname(file) };
}

/** The bytes a write step puts into guest memory. */
function bytesOf(step: Extract<SmokeStep, { write: number }>, baseDir: string): Buffer {
  if (step.text !== undefined) return Buffer.from(step.text);
  if (step.hex !== undefined) return Buffer.from(step.hex, 'hex');
  if (step.file !== undefined) return readFileSync(join(baseDir, step.file));
  const words = (step.u32 ?? []).map((w) => (typeof w === 'number' ? w : readFileSync(join(baseDir, w.sizeOf)).length));
  const out = Buffer.alloc(words.length * 4);
  words.forEach((w, i) => out.writeUInt32LE(w, i * 4));
  return out;
}

/** wasi-nn's tensor type codes, by the dtype names expected.json uses. */
const TENSOR_TYPES: Record<string, { code: number; size: number; put: (b: Buffer, v: unknown, at: number) => void }> = {
  float32: { code: 1, size: 4, put: (b, v, at) => b.writeFloatLE(Number(v), at) },
  uint8: { code: 3, size: 1, put: (b, v, at) => b.writeUInt8(Number(v), at) },
  int32: { code: 4, size: 4, put: (b, v, at) => b.writeInt32LE(Number(v), at) },
  int64: { code: 5, size: 8, put: (b, v, at) => b.writeBigInt64LE(BigInt(v as string | number), at) },
};

/** A recorded tensor: its type code, dimensions, bytes and values. */
function recordedTensor(ref: TensorRef, baseDir: string): { code: number; shape: number[]; bytes: Buffer; dtype: string; values: unknown[] } {
  const models = JSON.parse(readFileSync(join(baseDir, ref.from), 'utf8')) as Record<string, { inputs: Tensor[]; outputs: Tensor[] }>;
  type Tensor = { dtype: string; shape: number[]; values: unknown[] };
  const list = ref.input !== undefined ? models[ref.model]?.inputs : models[ref.model]?.outputs;
  const tensor = list?.[ref.input ?? ref.output ?? -1];
  if (!tensor) throw new Error(`${ref.from} has no ${ref.model} ${ref.input !== undefined ? `input ${ref.input}` : `output ${ref.output}`}`);
  const type = TENSOR_TYPES[tensor.dtype];
  if (!type) throw new Error(`${ref.from}: a smoke program cannot write ${tensor.dtype} tensors (only ${Object.keys(TENSOR_TYPES).join(', ')})`);
  const bytes = Buffer.alloc(tensor.values.length * type.size);
  tensor.values.forEach((v, i) => type.put(bytes, v, i * type.size));
  return { code: type.code, shape: tensor.shape, bytes, dtype: tensor.dtype, values: tensor.values };
}

/** The tensor struct (dimensions after it) and the data a tensor step writes. */
function tensorWrites(step: Extract<SmokeStep, { tensor: number }>, baseDir: string): [number, Buffer][] {
  const { code, shape, bytes } = recordedTensor(step, baseDir);
  const header = Buffer.alloc(20 + 4 * shape.length);
  header.writeUInt32LE(step.tensor + 20, 0);
  header.writeUInt32LE(shape.length, 4);
  header.writeUInt32LE(code, 8);
  header.writeUInt32LE(step.data, 12);
  header.writeUInt32LE(bytes.length, 16);
  shape.forEach((d, i) => header.writeUInt32LE(d, 20 + 4 * i));
  return [[step.tensor, header], [step.data, bytes]];
}

/** Floats of recorded outputs are compared to this, relative (at least absolute 1e-5): runtimes round differently. */
const FLOAT_TOLERANCE = 1e-5;

/**
 * What a step that is not a call means in memory: bytes to write, bytes that must be there, or
 * floats that must be there to the tolerance. Both engines (Node, the standalone program) read
 * steps through this, so they check the same thing.
 */
export type StepBytes =
  | { kind: 'write'; writes: [number, Buffer][] }
  | { kind: 'exact'; address: number; bytes: Buffer }
  | { kind: 'floats'; address: number; floats: number[]; tolerance: number };

export function stepBytes(step: Exclude<SmokeStep, { call: string }>, baseDir: string): StepBytes {
  if ('write' in step) return { kind: 'write', writes: [[step.write, bytesOf(step, baseDir)]] };
  if ('tensor' in step) return { kind: 'write', writes: tensorWrites(step, baseDir) };
  if ('from' in step) {
    const want = recordedTensor(step, baseDir);
    if (want.dtype !== 'float32') return { kind: 'exact', address: step.read, bytes: want.bytes };
    return { kind: 'floats', address: step.read, floats: want.values.map((v) => Math.fround(Number(v))), tolerance: FLOAT_TOLERANCE };
  }
  return { kind: 'exact', address: step.read, bytes: step.text !== undefined ? Buffer.from(step.text) : Buffer.from(step.hex ?? '', 'hex') };
}

/** What step `index` checks, for a message saying it did not hold. */
export function smokeStepFailure(program: SmokeProgram, index: number, detail?: string): string {
  const step = program.steps[index]!;
  const what = 'call' in step
    ? `${step.call} did not return [${(step.expect ?? []).join(', ')}]`
    : 'from' in step && 'read' in step
      ? `output ${step.output} of ${step.model} at ${step.read} differs from the recorded one`
      : 'read' in step
        ? `memory at ${step.read} differs from what was expected`
        : 'a write failed';
  return `${program.cell} smoke step ${index + 1}: ${detail ?? what}`;
}

/** The steps a runner performs, whichever engine runs them. */
interface Engine {
  write(address: number, bytes: Buffer): Promise<void>;
  read(address: number, length: number): Promise<Buffer>;
  /** The results, or the trap code. */
  call(index: number, fn: string, args: (number | bigint)[]): Promise<{ trap?: number; results: bigint[] }>;
}

async function runSteps(program: SmokeProgram, engine: Engine, context: SmokeContext): Promise<void> {
  for (const [index, step] of program.steps.entries()) {
    const where = `${program.cell} smoke step ${index + 1}`;
    if (!('call' in step)) {
      const bytes = stepBytes(step, program.baseDir);
      if (bytes.kind === 'write') {
        for (const [address, data] of bytes.writes) await engine.write(address, data);
      } else if (bytes.kind === 'exact') {
        const got = await engine.read(bytes.address, bytes.bytes.length);
        if (!got.equals(bytes.bytes)) throw new Error(smokeStepFailure(program, index, `memory at ${bytes.address} holds ${JSON.stringify(got.toString('latin1'))}, expected ${JSON.stringify(bytes.bytes.toString('latin1'))}`));
      } else {
        const got = await engine.read(bytes.address, 4 * bytes.floats.length);
        bytes.floats.forEach((want, i) => {
          const value = got.readFloatLE(4 * i);
          if (!(Math.abs(value - want) <= bytes.tolerance * Math.max(1, Math.abs(want)))) {
            throw new Error(smokeStepFailure(program, index, `memory at ${bytes.address} holds ${value} at element ${i}, expected ${want}`));
          }
        });
      }
    } else {
      const args: (number | bigint)[] = [];
      for (const [i, arg] of (step.args ?? []).entries()) {
        const value = arg === '$port' ? context.port : typeof arg === 'number' ? arg : (await engine.read(arg.load32, 4)).readUInt32LE(0);
        args.push(step.params?.[i] === 'i64' ? BigInt(value) : value);
      }
      const outcome = await engine.call(index, step.call, args);
      if (step.trap !== undefined) {
        if (outcome.trap !== step.trap) throw new Error(`${where}: ${step.call} should trap with code ${step.trap}, ${outcome.trap === undefined ? 'returned normally' : `trapped with ${outcome.trap}`}`);
      } else if (outcome.trap !== undefined) {
        throw new Error(`${where}: ${step.call} trapped with code ${outcome.trap}`);
      } else if (step.expect !== undefined) {
        const got = outcome.results.map(Number);
        if (JSON.stringify(got) !== JSON.stringify(step.expect)) throw new Error(`${where}: ${step.call} returned [${got.join(', ')}], expected [${step.expect.join(', ')}]`);
      }
    }
  }
}

const PAGES = 16;

/** The wasm module: the plug-in's functions imported, one export per call step that forwards to it. */
export function smokeModuleText(program: SmokeProgram, importName: string): string {
  const calls = program.steps.flatMap((s, i) => ('call' in s ? [{ ...s, index: i }] : []));
  const sig = (s: (typeof calls)[number]) =>
    `${(s.params ?? []).map((t) => ` (param ${t})`).join('')}${(s.results ?? []).map((t) => ` (result ${t})`).join('')}`;
  const imports = calls.map((s) => `  (import ${JSON.stringify(importName)} ${JSON.stringify(s.call)} (func $f${s.index}${sig(s)}))`);
  const exports = calls.map(
    (s) => `  (func (export "step${s.index}")${sig(s)}\n    ${(s.params ?? []).map((_, i) => `local.get ${i} `).join('')}call $f${s.index})`,
  );
  return `(module\n${imports.join('\n')}\n  (memory (export "memory") ${PAGES})\n${exports.join('\n')}\n)\n`;
}

/** Runs the program in Node through the loader, on `library` (a plug-in for this machine). */
export async function runSmokeInNode(program: SmokeProgram, library: string, context: SmokeContext): Promise<void> {
  const plugin = openPlugin(library);
  plugin.applyCommandLine(program.options);
  const module = plugin.createModule(program.module);
  try {
    const wasm = await compileWat(smokeModuleText(program, module.name), `${program.cell}-smoke.wat`);
    const instance = await instantiateWithPlugins(wasm, [module]);
    const memory = instance.exports.memory as WebAssembly.Memory;
    await runSteps(program, {
      async write(address, bytes) {
        new Uint8Array(memory.buffer).set(bytes, address);
      },
      async read(address, length) {
        return Buffer.from(new Uint8Array(memory.buffer, address, length));
      },
      async call(index, _fn, args) {
        try {
          const out = (instance.exports[`step${index}`] as (...a: unknown[]) => unknown)(...args);
          return { results: out === undefined ? [] : [BigInt(out as number | bigint)] };
        } catch (err) {
          if (err instanceof HostFunctionError) return { trap: err.code, results: [] };
          throw err;
        }
      },
    }, context);
  } finally {
    module.dispose();
  }
}

/** Runs the program through the test driver (under qemu-user for another architecture). */
export async function runSmokeInDriver(program: SmokeProgram, target: string, library: string, context: SmokeContext, env: NodeJS.ProcessEnv = {}): Promise<void> {
  const driver = await CrossDriver.start(target, library, env);
  let failure: unknown;
  try {
    for (const option of program.options) {
      const [, name, value] = /^--([^=]+)(?:=(.*))?$/.exec(option) ?? [];
      if (name === undefined) throw new Error(`${program.cell} smoke: option ${JSON.stringify(option)} is not --name[=value]`);
      await driver.option(name, value ?? 'true');
    }
    const m = await driver.module(program.module);
    await runSteps(program, {
      write: (address, bytes) => driver.write(address, bytes),
      read: (address, length) => driver.read(address, length),
      call: (_index, fn, args) => driver.call(m, fn, ...args),
    }, context);
  } catch (err) {
    failure = err;
  }
  const closed = await driver.close();
  if (failure) throw failure;
  if (closed.code !== 0) throw new Error(`${program.cell} smoke: the test driver exited with ${closed.code}: ${closed.stderr}`);
}
