/**
 * Assertions the httpsreq tests share: the exact trap code of a call, and
 * one request made in a child process so its stderr can be checked.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';
import { HostFunctionError } from '@wasmedge-plugins/loader';
import { httpRequest } from './httpsreq-guest.ts';

/** Runs `call` and checks that it trapped with the plug-in's error `code`. */
export function expectTrap(call: () => unknown, code: number): void {
  let caught: unknown;
  try {
    call();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(HostFunctionError);
  expect((caught as HostFunctionError).resultCode.toString(16)).toBe((0x01000000 + code).toString(16));
}

/** One request in a child process, to see the plug-in's stderr. */
export function requestInChild(commandLine: string[], host: string, port: number, path = '/hello', env: NodeJS.ProcessEnv = {}) {
  const args = JSON.stringify({ commandLine, host, port, request: httpRequest('GET', path).toString('latin1') });
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'child-request.ts'), args], {
    cwd: import.meta.dirname,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, ...env },
  });
  expect(child.status, child.stderr).toBe(0);
  return { ...(JSON.parse(child.stdout) as { resultCode: number | null; response: string }), stderr: child.stderr };
}
