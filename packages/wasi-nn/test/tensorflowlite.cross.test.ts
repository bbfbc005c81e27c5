/**
 * The tensorflowlite artifact built for a release target of another
 * architecture (aarch64), run under qemu-user through the plug-in API's test
 * driver against the pinned wheel's libLiteRt.so for that architecture
 * (setup.sh extracts it into the shared cache). `nx run wasi-nn:test -c
 * manylinux2014_aarch64`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTarget } from '@wasmedge-plugins/common';
import { builtPluginPath, CrossDriver, testTarget } from '@wasmedge-plugins/test-support';
import { Encoding, Errno, modelDir, readModel, Target, TensorType } from './nn-guest.ts';
import { expectOutput, manifestRuntime, runtimeLibraryDir } from './runtime-backends.ts';
import { readExpectedFile, tensorBytes, type TensorData } from './tensors.ts';

const runtime = manifestRuntime('tensorflowlite');
const arch = testTarget() === 'host' ? process.arch.replace('x64', 'x86_64').replace('arm64', 'aarch64') : getTarget(testTarget()).arch;
const runtimeDir = runtimeLibraryDir(runtime, arch);
const expected = readExpectedFile(join(modelDir('tensorflowlite'), 'expected.json'), 'multi');

// Guest memory layout (the driver's 1 MiB): fixed addresses per kind of argument.
const MODEL = 0x10000;
const BUILDERS = 0x100;
const IDS = 0x200; // graph id, context id, bytes written
const TENSORS = 0x1000; // tensor structs, dims and data, 0x400 apart
const OUT = 0x8000;

async function startDriver(libraryPath: string): Promise<{ driver: CrossDriver; m: number }> {
  const driver = await CrossDriver.start(testTarget(), builtPluginPath({ plugin: 'wasi_nn', backend: 'tensorflowlite' }), { [runtime.variable]: libraryPath });
  return { driver, m: await driver.module('wasi_nn') };
}

async function load(driver: CrossDriver, m: number): Promise<number> {
  const model = readModel('multi.tflite', 'tensorflowlite');
  await driver.write(MODEL, model);
  const builder = Buffer.alloc(8);
  builder.writeUInt32LE(MODEL, 0);
  builder.writeUInt32LE(model.length, 4);
  await driver.write(BUILDERS, builder);
  return Number((await driver.call(m, 'load', BUILDERS, 1, Encoding.tensorflowlite, Target.cpu, IDS)).results[0]);
}

async function setInput(driver: CrossDriver, m: number, context: number, index: number, tensor: TensorData, typeNumber = TensorType[tensor.dtype]): Promise<number> {
  const base = TENSORS + index * 0x400;
  const data = tensorBytes(tensor);
  const struct = Buffer.alloc(20 + 4 * tensor.shape.length);
  struct.writeUInt32LE(base + 20, 0);
  struct.writeUInt32LE(tensor.shape.length, 4);
  struct.writeUInt32LE(typeNumber, 8);
  struct.writeUInt32LE(base + 0x100, 12);
  struct.writeUInt32LE(data.length, 16);
  tensor.shape.forEach((d, i) => struct.writeUInt32LE(d, 20 + 4 * i));
  await driver.write(base, struct);
  await driver.write(base + 0x100, data);
  return Number((await driver.call(m, 'set_input', context, index, base)).results[0]);
}

describe(`wasi_nn tensorflowlite for ${testTarget()} under qemu, with the ${arch} libLiteRt.so`, () => {
  let driver: CrossDriver;
  let m: number;
  let context: number;
  beforeAll(async () => {
    ({ driver, m } = await startDriver(runtimeDir));
  });
  afterAll(async () => {
    const { code, stderr } = await driver.close();
    expect(code, stderr).toBe(0);
  });

  it('loads the model and runs it: every output equals what LiteRT computed in Python', async () => {
    expect(await load(driver, m), 'load').toBe(Errno.success);
    const graph = (await driver.read(IDS, 4)).readUInt32LE(0);
    expect(Number((await driver.call(m, 'init_execution_context', graph, IDS + 4)).results[0])).toBe(Errno.success);
    context = (await driver.read(IDS + 4, 4)).readUInt32LE(0);
    for (const [i, input] of expected.inputs.entries()) expect(await setInput(driver, m, context, i, input)).toBe(Errno.success);
    expect(Number((await driver.call(m, 'compute', context)).results[0])).toBe(Errno.success);
    for (const [i, output] of expected.outputs.entries()) {
      expect(Number((await driver.call(m, 'get_output', context, i, OUT, 4096, IDS + 8)).results[0])).toBe(Errno.success);
      const written = (await driver.read(IDS + 8, 4)).readUInt32LE(0);
      expectOutput(new Uint8Array(await driver.read(OUT, written)), output);
    }
  });

  it('answers bad input with its error number: another type, a buffer too small', async () => {
    expect(await setInput(driver, m, context, 0, expected.inputs[0]!, TensorType.i32)).toBe(Errno.invalidArgument);
    expect(Number((await driver.call(m, 'get_output', context, 0, OUT, 3, IDS + 8)).results[0])).toBe(Errno.invalidArgument);
    expect(Number((await driver.call(m, 'get_output', context, expected.outputs.length, OUT, 4096, IDS + 8)).results[0])).toBe(Errno.invalidArgument);
  });
});

describe(`wasi_nn tensorflowlite for ${testTarget()} under qemu, without the runtime`, () => {
  it('load returns 1 and says on one line how to get the runtime', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'wasi-nn-no-runtime-'));
    const { driver, m } = await startDriver(empty);
    expect(await load(driver, m)).toBe(Errno.invalidArgument);
    const { code, stderr } = await driver.close();
    expect(code).toBe(0);
    const lines = stderr.split('\n').filter((l) => l.startsWith('wasi_nn'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`pip install ${runtime.package}==${runtime.version}`);
  });
});
