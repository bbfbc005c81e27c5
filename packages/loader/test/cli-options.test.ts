import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LIBRARY, makeRelease, readIndex, scratch, writeIndex } from '@wasmedge-plugins/test-support/fixtures';
import { formatProgress } from '../src/cli/output.ts';
import { cli } from './helpers/run-cli.ts';

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
let release: string;

beforeAll(async () => {
  release = await makeRelease(['1.0.0', '1.1.0']);
});

/** A sandbox home with fixture installed at `spec` into ~/.wasmedge/plugin. */
async function homeWith(spec: string): Promise<string> {
  const home = scratch('home-');
  const installed = await cli(['install', spec, '--index', release, '--runtime', '0.17.1', '-q'], home);
  expect(installed.code, installed.stderr).toBe(0);
  return home;
}

describe('wasmedge-plugins options', () => {
  it('prints its version with --version and -V', async () => {
    for (const flag of ['--version', '-V']) {
      const result = await cli([flag], scratch('home-'));
      expect(result).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
    }
  });

  it('install --dry-run names the asset it would install and changes nothing', async () => {
    const home = scratch('home-');
    const result = await cli(['install', 'fixture', '--index', release, '--runtime', '0.17.1', '--dry-run'], home);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^would install fixture 1\.1\.0 for \S+ into .*\n {2}WasmEdge-plugin-fixture-1\.1\.0-\S+\.tar\.gz, \d+ bytes, sha256 [0-9a-f]{64}\n/);
    expect(result.stdout).toContain('nothing was changed (--dry-run)');
    expect(existsSync(join(home, '.wasmedge'))).toBe(false);
  });

  it('upgrade --dry-run says what it would upgrade and leaves the install as it was', async () => {
    const home = await homeWith('fixture@1.0.0');
    const dry = await cli(['upgrade', '--index', release, '--runtime', '0.17.1', '--dry-run', '--json'], home);
    expect(dry.code, dry.stderr).toBe(0);
    // Installed with the exact range 1.0.0, so it stays; widen the range to see an upgrade.
    expect(JSON.parse(dry.stdout).plan).toEqual([expect.objectContaining({ plugin: 'fixture', from: '1.0.0', to: '1.0.0', changes: false })]);
    const home2 = await homeWith('fixture@1.0.0');
    const state = join(home2, '.wasmedge', 'plugin', '.wasmedge-plugins.json');
    const record = JSON.parse(readFileSync(state, 'utf8'));
    record.installed.fixture.range = '^1.0.0';
    writeFileSync(state, JSON.stringify(record));
    const wider = await cli(['upgrade', '--index', release, '--runtime', '0.17.1', '--dry-run'], home2);
    expect(wider.stdout).toMatch(/^would upgrade fixture 1\.0\.0 to 1\.1\.0 /);
    expect((await cli(['list'], home2)).stdout).toMatch(/^fixture 1\.0\.0 /);
  });

  it('uninstall --dry-run lists what it would remove; uninstall --all removes everything it installed', async () => {
    const home = await homeWith('fixture');
    const dry = await cli(['uninstall', '--all', '--dry-run'], home);
    expect(dry.stdout).toMatch(/^would remove fixture 1\.1\.0: .*fixture \(\d+ files\)\n/);
    expect(existsSync(join(home, '.wasmedge', 'plugin', 'fixture', LIBRARY))).toBe(true);
    const all = await cli(['uninstall', '--all'], home);
    expect(all).toMatchObject({ code: 0, stdout: 'removed fixture 1.1.0\n' });
    expect(existsSync(join(home, '.wasmedge', 'plugin', 'fixture'))).toBe(false);
    const both = await cli(['uninstall', 'fixture', '--all'], home);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('name one plug-in, or pass --all (not both)');
  });

  it('available lists what the index offers, and a failed resolve points at it', async () => {
    const result = await cli(['available', '--index', release, '--runtime', '0.17.1', '--json'], scratch('home-'));
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).offers).toEqual([expect.objectContaining({ plugin: 'fixture', backend: null, versions: ['1.1.0', '1.0.0'] })]);
    const unknown = await cli(['install', 'nope', '--index', release, '--runtime', '0.17.1'], scratch('home-'));
    expect(unknown.code).toBe(10);
    expect(unknown.stderr).toContain('hint: list what the index offers: wasmedge-plugins available --index');
  });

  it('available with no index says how to give one, and nothing else', async () => {
    const result = await cli(['available'], scratch('home-'));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: no release index given: pass --index <URL or directory> or set WASMEDGE_PLUGINS_INDEX\n  hint: see wasmedge-plugins --help\n');
  });

  it('--platform installs for another release platform than this machine runs', async () => {
    const foreign = await makeRelease(['1.0.0'], 'manylinux2014_aarch64');
    const home = scratch('home-');
    const refused = await cli(['install', 'fixture', '--index', foreign, '--runtime', '0.17.1'], home);
    expect(refused.code).toBe(10);
    expect(refused.stderr).toContain('platform manylinux2014_aarch64 does not run here');
    const result = await cli(['install', 'fixture', '--index', foreign, '--runtime', '0.17.1', '--platform', 'manylinux2014_aarch64', '-q'], home);
    expect(result.code, result.stderr).toBe(0);
    expect((await cli(['list'], home)).stdout).toMatch(/^fixture 1\.0\.0 manylinux2014_aarch64/);
  });

  it('install takes the only backend the index has, without --backend', async () => {
    const nn = await makeRelease(['1.0.0']);
    writeIndex(nn, readIndex(nn).assets.map((a) => ({ ...a, backend: 'pytorch' })));
    const result = await cli(['install', 'fixture', '--index', nn, '--runtime', '0.17.1'], scratch('home-'));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('using backend pytorch, the only one the index offers for fixture');
    expect(result.stdout).toMatch(/installed fixture \(pytorch\) 1\.0\.0/);
  });

  it('-q prints only the result', async () => {
    const result = await cli(['install', 'fixture', '--index', release, '-q'], scratch('home-'));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^installed fixture 1\.1\.0 for \S+ in \S+\n$/);
    expect(result.stderr).toBe('');
  });

  it('formats download progress with the rate', () => {
    expect(formatProgress(512 * 1024, 2 * 1024 * 1024, 500)).toBe(' 25% 512.0 KiB of 2.0 MiB, 1.0 MiB/s');
    expect(formatProgress(0, 100, 0)).toBe('  0% 0 B of 100 B, -');
  });
});
