import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtPluginPath, CrossDriver } from '../src/index.ts';

// The test driver's protocol, checked natively: the manylinux2014_x86_64
// driver (zig, glibc 2.17) runs here without qemu and drives the host build
// of wasmedge_process. The cross suites of the plug-in packages rely on
// every refusal below being an answer, never a hang or a crash.
describe.runIf(process.arch === 'x64')('the plug-in test driver', () => {
  let driver: CrossDriver;

  beforeAll(async () => {
    driver = await CrossDriver.start('manylinux2014_x86_64', builtPluginPath({ plugin: 'wasmedge_process', target: 'host' }));
  }, 300_000);
  afterAll(async () => {
    const { code, stderr } = await driver.close();
    expect(code, stderr).toBe(0);
  });

  it('reports the descriptor and creates modules by descriptor name', async () => {
    expect(await driver.info()).toEqual({ name: 'wasmedge_process', apiVersion: 5, modules: ['wasmedge_process'] });
    expect(await driver.module('wasmedge_process')).toBe(0);
    expect(await driver.module('wasmedge_process')).toBe(1);
  });

  it('copies bytes in and out of its guest memory, and refuses ranges outside it', async () => {
    await driver.write(100, 'bytes');
    expect((await driver.read(100, 5)).toString()).toBe('bytes');
    expect((await driver.read(100, 0)).length).toBe(0);
    await expect(driver.read(16 * 65536 - 2, 4)).rejects.toThrow('outside the driver\'s memory');
    await expect(driver.write(2 ** 32, 'x')).rejects.toThrow('outside the driver\'s memory');
  });

  it('passes i32 arguments to a host function and returns its results', async () => {
    await driver.option('allow-command', '/bin/true');
    const m = await driver.module('wasmedge_process');
    await driver.write(0, '/bin/true');
    expect(await driver.call(m, 'wasmedge_process_set_prog_name', 0, 9)).toEqual({ results: [] });
    expect(await driver.call(m, 'wasmedge_process_run')).toEqual({ results: [0n] });
  });

  it('says what is wrong with a command instead of guessing', async () => {
    await expect(driver.module('no_such_module')).rejects.toThrow('no module no_such_module');
    await expect(driver.call(0, 'no_such_function')).rejects.toThrow('no function no_such_function');
    await expect(driver.call(0, 'wasmedge_process_set_prog_name', 1)).rejects.toThrow('needs 2 integer arguments');
    await expect(driver.option('allow-command-all', '1')).rejects.toThrow('only String options are supported');
    await expect(driver.option('no-such-option', 'x')).rejects.toThrow('no option no-such-option');
    await expect(driver.send('jump')).rejects.toThrow('unknown command jump');
  });
});
