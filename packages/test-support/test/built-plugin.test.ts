import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspaceRoot } from '@wasmedge-plugins/tools';
import { builtPluginPath } from '../src/index.ts';

describe('builtPluginPath', () => {
  it('names the plug-in when the manifest has no such plug-in', () => {
    expect(() => builtPluginPath({ plugin: 'no_such_plugin' })).toThrowError('release-manifest.json has no plug-in named no_such_plugin');
  });

  it('finds the library the host build installed', () => {
    expect(existsSync(builtPluginPath({ plugin: 'wasmedge_process' }))).toBe(true);
  });

  it('says how to build a target whose library is missing', () => {
    const root = mkdtempSync(join(tmpdir(), 'built-plugin-'));
    copyFileSync(join(workspaceRoot(), 'release-manifest.json'), join(root, 'release-manifest.json'));
    expect(() => builtPluginPath({ plugin: 'wasmedge_process', target: 'manylinux2014_aarch64' }, root))
      .toThrowError('build it first with npx nx run process:build -c manylinux2014_aarch64');
  });
});

describe('descriptorVersion', () => {
  it('is the manifest version with build 0, as the descriptor reports it', async () => {
    const { descriptorVersion } = await import('../src/index.ts');
    const root = mkdtempSync(join(tmpdir(), 'descriptor-version-'));
    const manifest = JSON.parse(readFileSync(join(workspaceRoot(), 'release-manifest.json'), 'utf8'));
    manifest.plugins[0].version = '1.2.3-rc.1';
    writeFileSync(join(root, 'release-manifest.json'), JSON.stringify(manifest));
    expect(descriptorVersion(manifest.plugins[0].name, root)).toBe('1.2.3.0');
  });
});
