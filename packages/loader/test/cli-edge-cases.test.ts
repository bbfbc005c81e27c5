/**
 * The real CLI given inputs that once crashed it, hung it or misled its
 * reader: each gets a clear, bounded error and the exit code of its kind.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeRelease, scratch } from '@wasmedge-plugins/test-support/fixtures';

const BIN = fileURLToPath(new URL('../bin/wasmedge-plugins.mjs', import.meta.url));

/** Runs the real CLI with its own HOME and no inherited settings. */
async function cli(args: string[], home = scratch('home-')) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      env: { ...process.env, HOME: home, WASMEDGE_PLUGINS_DIR: '', WASMEDGE_PLUGINS_INDEX: '', WASMEDGE_PLUGIN_PATH: '', WASMEDGE_BIN: '/nonexistent/wasmedge' },
      timeout: 60_000,
      maxBuffer: 64 * 1024 ** 2,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let release: string;
beforeAll(async () => {
  release = await makeRelease(['1.0.0']);
});

describe('wasmedge-plugins on hostile or mistaken input', () => {
  it('inspect /dev/zero refuses a device instead of reading without end', async () => {
    const result = await cli(['inspect', '/dev/zero']);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^error: cannot read \/dev\/zero: \/dev\/zero is a character device, not a regular file\n/);
  });

  it('an index with 200,000 bad assets gives a short error that counts the rest', async () => {
    const dir = scratch('bad-index-');
    const assets = Array.from({ length: 200_000 }, (_, i) => ({ plugin: 'x', file: `f${i}` }));
    writeFileSync(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 1, assets }));
    const result = await cli(['install', 'x', '--index', dir, '--runtime', '0.17.1']);
    expect(result.code).toBe(8);
    expect(result.stderr.length).toBeLessThan(4_000);
    expect(result.stderr).toMatch(/assets\[0\]: missing field "backend"/);
    expect(result.stderr).toMatch(/\.\.\. and \d+ more\n {2}\.\.\. and 199990 more assets with problems\n/);
  });

  it('uninstall __proto__ says it is not installed', async () => {
    const home = scratch('home-');
    expect((await cli(['install', 'fixture', '--index', release, '--runtime', '0.17.1'], home)).code).toBe(0);
    const result = await cli(['uninstall', '__proto__'], home);
    expect(result.code).toBe(14);
    expect(result.stderr).toMatch(/^error: __proto__ was not installed by wasmedge-plugins in /);
  });

  it('--timeout=-1 and other bad numbers are refused naming the flag', async () => {
    for (const value of ['-1', 'abc', '1e400']) {
      const result = await cli(['install', 'fixture', '--index', release, '--runtime', '0.17.1', `--timeout=${value}`]);
      expect(result.code, value).toBe(2);
      expect(result.stderr).toBe(`error: --timeout must be a number of seconds above 0 and at most 86400, not "${value}"\n  hint: see wasmedge-plugins --help\n`);
    }
  });

  it("--dir '' is refused, not taken as the current directory", async () => {
    for (const args of [['install', 'fixture', '--index', release, '--runtime', '0.17.1'], ['uninstall', 'fixture']]) {
      const result = await cli([...args, '--dir', '']);
      expect(result.code, args[0]).toBe(2);
      expect(result.stderr).toMatch(/^error: the plug-in directory is empty/);
    }
  });

  it('an ftp:// index is refused as a scheme, not read as a relative path', async () => {
    const result = await cli(['install', 'fixture', '--index', 'ftp://example.invalid/releases/', '--runtime', '0.17.1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: ftp:\/\/example.invalid\/releases\/: ftp is not a scheme this tool reads; use an https:\/\/ or http:\/\/ URL, a file: URL, or a directory\n/);
  });
});
