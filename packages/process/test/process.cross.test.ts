/**
 * The plug-in built for a release target of another architecture, run
 * under qemu-user through the plug-in API's test driver: commands through
 * it as a guest would run them, and bad guest input answered with an error
 * result, never a crash. (`nx run process:test -c manylinux2014_aarch64`.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtPluginPath, CrossDriver, testTarget } from '@wasmedge-plugins/test-support';

let driver: CrossDriver;
let m: number;

beforeAll(async () => {
  driver = await CrossDriver.start(testTarget(), builtPluginPath({ plugin: 'wasmedge_process' }));
  await driver.option('allow-command', '/bin/echo');
  m = await driver.module('wasmedge_process');
});
afterAll(async () => {
  const { code, stderr } = await driver.close();
  expect(code, stderr).toBe(0);
});

async function put(address: number, text: string): Promise<[number, number]> {
  await driver.write(address, text);
  return [address, Buffer.byteLength(text)];
}

describe(`wasmedge_process for ${testTarget()} under qemu`, () => {
  it('describes itself with the upstream name and API version 5', async () => {
    expect(await driver.info()).toEqual({ name: 'wasmedge_process', apiVersion: 5, modules: ['wasmedge_process'] });
  });

  it('runs an allowed command with arguments and returns its stdout and exit code', async () => {
    await driver.call(m, 'wasmedge_process_set_prog_name', ...(await put(0, '/bin/echo')));
    await driver.call(m, 'wasmedge_process_add_arg', ...(await put(64, 'hello')));
    await driver.call(m, 'wasmedge_process_add_arg', ...(await put(128, 'from qemu')));
    expect((await driver.call(m, 'wasmedge_process_run')).results).toEqual([0n]);
    const [len] = (await driver.call(m, 'wasmedge_process_get_stdout_len')).results;
    expect(len).toBe(16n);
    await driver.call(m, 'wasmedge_process_get_stdout', 1024);
    expect((await driver.read(1024, Number(len))).toString()).toBe('hello from qemu\n');
  });

  it('refuses a command outside the allow list with upstream\'s message on stderr', async () => {
    await driver.call(m, 'wasmedge_process_set_prog_name', ...(await put(0, '/bin/ls')));
    expect((await driver.call(m, 'wasmedge_process_run')).results).toEqual([-1n]);
    const [len] = (await driver.call(m, 'wasmedge_process_get_stderr_len')).results;
    await driver.call(m, 'wasmedge_process_get_stderr', 2048);
    expect((await driver.read(2048, Number(len))).toString()).toContain('/bin/ls');
  });

  it('runs a command with the subreaper watcher as with the default containment', async () => {
    for (const mode of ['subreaper', 'auto']) {
      await driver.option('process-containment', mode);
      const mm = await driver.module('wasmedge_process');
      await driver.call(mm, 'wasmedge_process_set_prog_name', ...(await put(0, '/bin/echo')));
      await driver.call(mm, 'wasmedge_process_add_arg', ...(await put(64, mode)));
      expect((await driver.call(mm, 'wasmedge_process_run')).results, mode).toEqual([0n]);
      const [len] = (await driver.call(mm, 'wasmedge_process_get_stdout_len')).results;
      await driver.call(mm, 'wasmedge_process_get_stdout', 1024);
      expect((await driver.read(1024, Number(len))).toString()).toBe(`${mode}\n`);
    }
  });

  it('answers an argument outside guest memory with -1 on the next run', async () => {
    await driver.call(m, 'wasmedge_process_set_prog_name', ...(await put(0, '/bin/echo')));
    expect((await driver.call(m, 'wasmedge_process_add_arg', 16 * 65536 - 6, 100)).trap).toBeUndefined();
    expect((await driver.call(m, 'wasmedge_process_run')).results).toEqual([-1n]);
  });
});
