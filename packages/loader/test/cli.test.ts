import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileWat } from '@wasmedge-plugins/test-support';
import { instantiateWithPlugins, openPlugin } from '../src/index.ts';
import { copyFileSync, mkdirSync } from 'node:fs';
import { buildFixturePlugin } from '@wasmedge-plugins/test-support/fixtures';
import { cli } from './helpers/run-cli.ts';
import { LIBRARY, makeRelease, readIndex, scratch, serveDirectory, writeIndex } from '@wasmedge-plugins/test-support/fixtures';

let release: string;
let url: string;
let close: () => void;

beforeAll(async () => {
  release = await makeRelease(['1.0.0', '1.1.0']);
  const served = await serveDirectory(release);
  url = served.url;
  close = () => served.server.close();
});
afterAll(() => close());

describe('wasmedge-plugins', () => {
  it('prints help with commands, examples and exit codes', async () => {
    const help = await cli(['--help'], scratch('home-'));
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: wasmedge-plugins <command> \[options\]/);
    for (const command of ['install', 'list', 'upgrade', 'uninstall', 'inspect', 'doctor', 'platform']) {
      expect(help.stdout).toContain(`  ${command} `);
    }
    expect(help.stdout).toMatch(/exit codes:\n {2}0 {2}success/);
    const install = await cli(['install', '--help'], scratch('home-'));
    expect(install.stdout).toMatch(/^usage: wasmedge-plugins install <plugin>\[@<range>\]/);
    expect(install.stdout).toContain('examples:');
    // Every option is described, shared ones included.
    for (const option of ['--backend B', '--force', '--index URL|DIR', '--runtime V', '--platform P', '--timeout S', '--dir D', '--dry-run', '--json', '-q, --quiet', '-h, --help']) {
      expect(install.stdout).toMatch(new RegExp(`^ +${option.replace(/[|]/g, '\\|')} +\\S`, 'm'));
    }
  });

  it('refuses an unknown command and bad flags with exit code 2 and a hint', async () => {
    const unknown = await cli(['instal'], scratch('home-'));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('error: unknown command "instal" (commands: platform, available, install, list, upgrade, uninstall, inspect, doctor, run, build-host)\n  hint: see wasmedge-plugins --help\n');
    const flag = await cli(['list', '--colour'], scratch('home-'));
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/^error: Unknown option '--colour'/);
  });

  it('installs into ~/.wasmedge/plugin by default, lists, upgrades and uninstalls, with --json', async () => {
    const home = scratch('home-');
    const installed = await cli(['install', 'fixture@~1.0.0', '--index', url, '--runtime', '0.17.1', '--json'], home);
    expect(installed.code, installed.stderr).toBe(0);
    expect(JSON.parse(installed.stdout)).toMatchObject({ changed: true, record: { plugin: 'fixture', version: '1.0.0' } });
    expect(existsSync(join(home, '.wasmedge', 'plugin', 'fixture', LIBRARY))).toBe(true);

    const listed = await cli(['list', '--json'], home);
    expect(JSON.parse(listed.stdout).map((r: { plugin: string; version: string }) => [r.plugin, r.version])).toEqual([['fixture', '1.0.0']]);
    expect((await cli(['list'], home)).stdout).toMatch(/^fixture 1.0.0 \S+\n$/);

    const upgraded = await cli(['upgrade', '--index', url, '--runtime', '0.17.1'], home);
    expect(upgraded.stdout).toContain('fixture 1.0.0 is up to date'); // ~1.0.0 keeps it at 1.0.x

    const removed = await cli(['uninstall', 'fixture'], home);
    expect(removed.stdout).toBe('removed fixture 1.0.0\n');
    const again = await cli(['uninstall', 'fixture', '--json'], home);
    expect(again.code).toBe(14);
    expect(JSON.parse(again.stdout).error.kind).toBe('not-installed');
  });

  it('lists the libraries a plug-in has built in, as its release index names them', async () => {
    const bundledRelease = await makeRelease(['2.0.0']);
    writeIndex(bundledRelease, readIndex(bundledRelease).assets.map((a) => ({ ...a, bundled: [{ name: 'openssl', version: '3.5.5' }] })));
    const home = scratch('home-');
    const installed = await cli(['install', 'fixture', '--index', bundledRelease, '--runtime', '0.17.1'], home);
    expect(installed.code, installed.stderr).toBe(0);
    expect((await cli(['list'], home)).stdout).toMatch(/^fixture 2\.0\.0 \S+ {2}\(built in: openssl 3\.5\.5\)\n$/);
    expect(JSON.parse((await cli(['list', '--json'], home)).stdout)[0].bundled).toEqual([{ name: 'openssl', version: '3.5.5' }]);
  });

  it('refuses a runtime the release was not made for, listing why', async () => {
    const result = await cli(['install', 'fixture', '--index', url, '--runtime', '0.16.0'], scratch('home-'));
    expect(result.code).toBe(10);
    expect(result.stderr).toMatch(/no release of fixture fits:\n {2}WasmEdge-plugin-fixture-1.0.0-\S+: made for WasmEdge >=0.17.0 <0.18.0, not 0.16.0/);
  });

  it('installs a plug-in that Node then loads and calls from wasm', async () => {
    const home = scratch('home-');
    const dir = join(home, 'plugins');
    const result = await cli(['install', 'fixture', '--index', release, '--dir', dir, '--runtime', '0.17.1'], home);
    expect(result.code, result.stderr).toBe(0);
    const plugin = openPlugin(join(dir, 'fixture', LIBRARY));
    const wasm = await compileWat(`(module
      (import "fixture_env" "add_i32" (func $add (param i32 i32) (result i32)))
      (memory (export "memory") 1)
      (func (export "run") (result i32) (call $add (i32.const 40) (i32.const 2))))`);
    const instance = await instantiateWithPlugins(wasm, [plugin.createModule('fixture')]);
    expect((instance.exports.run as () => number)()).toBe(42);
  });

  it('reports the platform', async () => {
    const result = await cli(['platform', '--json'], scratch('home-'));
    expect(result.code).toBe(0);
    const platform = JSON.parse(result.stdout);
    expect(platform.os).toBe('linux');
    expect(platform.platforms.length).toBeGreaterThan(0);
  });

  it('inspects a plug-in file: ELF facts and the descriptor', async () => {
    const result = await cli(['inspect', buildFixturePlugin(), '--json'], scratch('home-'));
    expect(result.code, result.stderr).toBe(0);
    const inspection = JSON.parse(result.stdout);
    expect(inspection.descriptor).toMatchObject({ name: 'fixture', apiVersion: 5, version: '1.2.3.4' });
    expect(inspection.elf.exports).toEqual(['WasmEdge_Plugin_GetDescriptor']);
    expect((await cli(['inspect', buildFixturePlugin()], scratch('home-'))).stdout).toMatch(/plug-in: +fixture 1.2.3.4 \(API version 5\)/);
  });

  it('inspects an installed plug-in by the name list prints, and says when nothing of that name is installed', async () => {
    const home = scratch('home-');
    const dir = join(home, 'plugins');
    expect((await cli(['install', 'fixture', '--index', release, '--dir', dir, '--runtime', '0.17.1'], home)).code).toBe(0);
    const result = await cli(['inspect', 'fixture', '--dir', dir, '--json'], home);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ path: join(dir, 'fixture', LIBRARY), descriptor: { name: 'fixture', version: '1.2.3.4' } });
    const missing = await cli(['inspect', 'wasmedge_process', '--dir', dir], home);
    expect(missing.code).toBe(14);
    expect(missing.stderr).toContain(`error: wasmedge_process is neither a file nor a plug-in installed by wasmedge-plugins in ${dir}\n`);
  });

  it('doctors the search path: a good plug-in passes, one for another API version is explained', async () => {
    const dir = scratch('plugin-path-');
    mkdirSync(join(dir, 'old'));
    copyFileSync(buildFixturePlugin(5), join(dir, 'libgood.so'));
    copyFileSync(buildFixturePlugin(4), join(dir, 'old', 'libold.so'));
    const result = await cli(['doctor', '--runtime', '0.17.1', '--json'], scratch('home-'), { WASMEDGE_PLUGIN_PATH: dir });
    const report = JSON.parse(result.stdout);
    const byFile = Object.fromEntries(report.findings.map((f: { path: string; status: string; problems: { kind: string }[] }) => [f.path, f]));
    expect(byFile[join(dir, 'libgood.so')].status).toBe('ok');
    expect(byFile[join(dir, 'old', 'libold.so')].problems.map((p: { kind: string }) => p.kind)).toContain('api-version');
    expect(result.code).toBe(4);
  });

  it('inspect and doctor exit 3 when they cannot check a plug-in for want of the native host', async () => {
    const noHost = { WASMEDGE_HOST_ADDON: '/nonexistent/wasmedge_host.node' };
    const inspected = await cli(['inspect', buildFixturePlugin()], scratch('home-'), noHost);
    expect(inspected.code).toBe(3);
    expect(inspected.stdout).toContain('error:       the native plug-in host is not built');
    const dir = scratch('plugin-path-');
    copyFileSync(buildFixturePlugin(5), join(dir, 'libgood.so'));
    const doctored = await cli(['doctor', '--runtime', '0.17.1'], scratch('home-'), { ...noHost, WASMEDGE_PLUGIN_PATH: dir });
    expect(doctored.stdout).toMatch(/^cannot-check +\S+ +\S*libgood\.so$/m);
    expect(doctored.code).toBe(3);
  });
});

describe('wasmedge-plugins install --platform', () => {
  it('installs the asset of another platform only when it is named (as into a directory an emulator loads from)', async () => {
    const foreign = await makeRelease(['1.0.0'], 'manylinux_2_28_aarch64');
    const served = await serveDirectory(foreign);
    try {
      const home = scratch('cli-platform-');
      const dir = join(home, 'plugins');
      const detected = await cli(['install', 'fixture', '--index', served.url, '--dir', dir, '--runtime', '0.17.1'], home);
      expect(detected.code).not.toBe(0);
      const named = await cli(['install', 'fixture', '--index', served.url, '--dir', dir, '--runtime', '0.17.1', '--platform', 'manylinux_2_28_aarch64', '--json'], home);
      expect(named.code, named.stderr).toBe(0);
      expect(JSON.parse(named.stdout).record).toMatchObject({ plugin: 'fixture', version: '1.0.0', platform: 'manylinux_2_28_aarch64' });
    } finally {
      served.server.close();
    }
  });
});
