import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeHostTarget, readHostFacts } from '@wasmedge-plugins/common';
import { copyWorkspace } from './workspace-copy.ts';

let ws: string;

function run(args: string[]) {
  const result = spawnSync('npx', args, {
    cwd: ws,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: '0', NO_COLOR: '1', SOURCE_DATE_EPOCH: '1700000000' },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function manifestEntry(name: string) {
  const manifest = JSON.parse(readFileSync(join(ws, 'release-manifest.json'), 'utf8'));
  return manifest.plugins.find((p: { name: string }) => p.name === name);
}

beforeAll(() => {
  ws = copyWorkspace(['plugin-api', 'common', 'loader', 'test-support']);
});

// Each test runs several nx commands that build a package from scratch: minutes on a busy 2-core machine.
describe('nx g @wasmedge-plugins/tools:plugin', { timeout: 300_000 }, () => {
  it('adds a package and a manifest entry, and nothing else', () => {
    const result = run(['nx', 'g', '@wasmedge-plugins/tools:plugin', 'my_plugin', '--no-interactive']);
    expect(result.status, result.output).toBe(0);
    for (const file of ['CMakeLists.txt', 'README.md', 'package.json', 'src/my_plugin.c', 'test/my_plugin.test.ts', 'test/guests/my_plugin.wat']) {
      expect(existsSync(join(ws, 'packages/my_plugin', file)), file).toBe(true);
    }
    expect(manifestEntry('my_plugin')).toEqual({
      name: 'my_plugin',
      package: 'my_plugin',
      library: 'libwasmedgePluginMyPlugin.so',
      version: '0.1.0',
      description: 'The my_plugin plug-in (module my_plugin).',
      targets: ['host'],
    });
  });

  it('refuses a name that is not a C identifier, or one that exists', () => {
    const bad = run(['nx', 'g', '@wasmedge-plugins/tools:plugin', '9lives', '--no-interactive']);
    expect(bad.status).not.toBe(0);
    expect(bad.output).toContain('plug-in name "9lives" is not a valid C identifier in lowercase');
    const again = run(['nx', 'g', '@wasmedge-plugins/tools:plugin', 'my_plugin', '--no-interactive']);
    expect(again.status).not.toBe(0);
    expect(again.output).toContain('release-manifest.json already has a plug-in named "my_plugin"');
  });

  it('gives a package whose build, test and package targets pass, with a row in the release index', () => {
    for (const target of ['my_plugin:build', 'my_plugin:test', 'my_plugin:package', 'tools:package']) {
      const result = run(['nx', 'run', target, '--outputStyle=stream']);
      expect(result.status, `${target}\n${result.output}`).toBe(0);
    }
    const platform = describeHostTarget(readHostFacts()).platform;
    const index = JSON.parse(readFileSync(join(ws, 'dist/release/index.json'), 'utf8'));
    expect(index.assets).toEqual([
      expect.objectContaining({
        plugin: 'my_plugin',
        backend: null,
        version: '0.1.0',
        platform,
        library: 'libwasmedgePluginMyPlugin.so',
        file: `WasmEdge-plugin-my_plugin-0.1.0-${platform}.tar.gz`,
      }),
    ]);
    expect(readFileSync(join(ws, 'dist/release/SHA256SUMS'), 'utf8')).toContain(`WasmEdge-plugin-my_plugin-0.1.0-${platform}.tar.gz`);
  });

  it('writes a C++ plug-in with --language cpp that builds and passes its test', () => {
    const generated = run(['nx', 'g', '@wasmedge-plugins/tools:plugin', 'cpp_plugin', '--module', 'cpp_module', '--language', 'cpp', '--no-interactive']);
    expect(generated.status, generated.output).toBe(0);
    expect(existsSync(join(ws, 'packages/cpp_plugin/src/cpp_plugin.cpp'))).toBe(true);
    for (const target of ['cpp_plugin:build', 'cpp_plugin:test']) {
      const result = run(['nx', 'run', target, '--outputStyle=stream']);
      expect(result.status, `${target}\n${result.output}`).toBe(0);
    }
  });
});
