import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateManifest } from '../src/manifest/load-manifest.ts';
import { computeBump, planVersionFiles } from '../src/release/versions.ts';
import { makeScratchWorkspace, runStep } from './actions-harness.ts';

// The manifest keeps short arrays on one line; a bump must leave that layout alone.
const MANIFEST_TEXT = `{
  "runtime": { "range": ">=0.17.0 <0.18.0", "testedWith": "0.17.1", "pluginApiVersion": 5 },
  "plugins": [
    {
      "name": "alpha_plugin",
      "package": "alpha",
      "library": "libwasmedgePluginAlpha.so",
      "version": "1.4.2",
      "description": "First.",
      "targets": ["host", "manylinux2014_x86_64"]
    },
    {
      "name": "beta_plugin",
      "package": "beta",
      "library": "libwasmedgePluginBeta.so",
      "version": "0.3.0-rc.1",
      "description": "Second.",
      "targets": ["host"]
    }
  ]
}
`;

const packageJson = (name: string, version: string) =>
  `{\n  "name": "@scratch/${name}",\n  "version": "${version}",\n  "private": true,\n  "workspaces": ["x"]\n}\n`;

// The workspace entries of the lock carry each package's version as npm last installed it.
const LOCK_TEXT = `{
  "name": "root",
  "lockfileVersion": 3,
  "packages": {
    "": {
      "name": "root",
      "version": "1.4.2"
    },
    "packages/alpha": {
      "name": "@scratch/alpha",
      "version": "1.4.2"
    },
    "packages/beta": {
      "name": "@scratch/beta",
      "version": "0.3.0-rc.1"
    }
  }
}
`;

function makeVersionWorkspace(): string {
  const ws = makeScratchWorkspace({
    'packages/alpha/package.json': packageJson('alpha', '1.4.2'),
    'packages/beta/package.json': packageJson('beta', '0.3.0-rc.1'),
    'packages/alpha/README.md': '# alpha 1.4.2\n',
    'package.json': packageJson('root', '0.0.0'),
    'package-lock.json': LOCK_TEXT,
  });
  // makeScratchWorkspace lays a manifest out as JSON.stringify does; this one keeps arrays inline.
  writeFileSync(join(ws, 'release-manifest.json'), MANIFEST_TEXT);
  return ws;
}

function snapshot(dir: string): Map<string, string> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  return new Map(files.map((e) => [relative(dir, join(e.parentPath, e.name)), readFileSync(join(e.parentPath, e.name), 'utf8')]));
}

function changedFiles(before: Map<string, string>, after: Map<string, string>): Record<string, string[]> {
  const changed: Record<string, string[]> = {};
  for (const [path, text] of after) {
    const old = before.get(path);
    if (old === text) continue;
    const oldLines = (old ?? '').split('\n');
    changed[path] = text.split('\n').filter((line, i) => line !== oldLines[i]);
  }
  return changed;
}

describe('version bump (command)', () => {
  it('bumps one plug-in in the manifest, its package.json and its lock entry, and changes nothing else', () => {
    const ws = makeVersionWorkspace();
    const before = snapshot(ws);
    const step = runStep('version', ['bump', 'minor', '--plugin', 'alpha_plugin'], { cwd: ws });
    expect(step.status, step.stdout + step.stderr).toBe(0);
    expect(step.stdout).toContain('alpha_plugin: 1.4.2 -> 1.5.0');
    expect(changedFiles(before, snapshot(ws))).toEqual({
      'release-manifest.json': ['      "version": "1.5.0",'],
      'packages/alpha/package.json': ['  "version": "1.5.0",'],
      'package-lock.json': ['      "version": "1.5.0"'],
    });
    expect(step.stdout).toContain('wrote package-lock.json');
    expect(readFileSync(join(ws, 'release-manifest.json'), 'utf8')).toBe(MANIFEST_TEXT.replace('"1.4.2"', '"1.5.0"'));
  });

  it('bumps every plug-in when no --plugin is given, pre-release versions to their release', () => {
    const ws = makeVersionWorkspace();
    const before = snapshot(ws);
    const step = runStep('version', ['bump', 'patch'], { cwd: ws });
    expect(step.status, step.stdout + step.stderr).toBe(0);
    expect(changedFiles(before, snapshot(ws))).toEqual({
      'release-manifest.json': ['      "version": "1.4.3",', '      "version": "0.3.0",'],
      'packages/alpha/package.json': ['  "version": "1.4.3",'],
      'packages/beta/package.json': ['  "version": "0.3.0",'],
      'package-lock.json': ['      "version": "1.4.3"', '      "version": "0.3.0"'],
    });
  });

  it('writes nothing on --dry-run or when the level is unknown', () => {
    const ws = makeVersionWorkspace();
    const before = snapshot(ws);
    const dry = runStep('version', ['bump', 'prerelease', '--preid', 'rc', '--dry-run'], { cwd: ws });
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('alpha_plugin: 1.4.2 -> 1.4.3-rc.0');
    expect(dry.stdout).toContain('beta_plugin: 0.3.0-rc.1 -> 0.3.0-rc.2');
    const wrong = runStep('version', ['bump', 'huge'], { cwd: ws });
    expect(wrong.status).toBe(1);
    expect(wrong.stdout).toContain('bump: expected one level out of major, minor, patch, prerelease, found huge');
    expect(snapshot(ws)).toEqual(before);
  });
});

describe('computeBump', () => {
  const manifest = validateManifest(JSON.parse(MANIFEST_TEXT), 'fixture');

  it('follows semver for each level', () => {
    const bumped = (level: 'major' | 'minor' | 'patch' | 'prerelease', preid?: string) =>
      computeBump(manifest, { level, plugin: 'alpha_plugin', preid })[0]!.to;
    expect([bumped('major'), bumped('minor'), bumped('patch'), bumped('prerelease', 'beta')]).toEqual(['2.0.0', '1.5.0', '1.4.3', '1.4.3-beta.0']);
  });

  it('refuses --preid on a release bump and an unknown plug-in', () => {
    expect(() => computeBump(manifest, { level: 'patch', preid: 'rc' })).toThrowError('--preid applies to prerelease bumps only, not to a patch bump');
    expect(() => computeBump(manifest, { level: 'patch', plugin: 'gamma' })).toThrowError(
      'release-manifest.json has no plug-in "gamma"; plug-ins: alpha_plugin, beta_plugin',
    );
  });

  it('refuses to split the version of a package that builds two plug-ins', () => {
    const shared = structuredClone(manifest);
    shared.plugins[1]!.package = 'alpha';
    shared.plugins[1]!.version = '1.4.2';
    expect(() => computeBump(shared, { level: 'patch', plugin: 'beta_plugin' })).toThrowError(
      'packages/alpha builds several plug-ins, and its package.json can carry only one version, but after this bump they would be at alpha_plugin 1.4.2, beta_plugin 1.4.3; bump them together (leave out --plugin)',
    );
  });
});

describe('planVersionFiles', () => {
  it('reports a package.json that is missing instead of writing a new one', () => {
    const manifest = validateManifest(JSON.parse(MANIFEST_TEXT), 'fixture');
    const changes = computeBump(manifest, { level: 'patch', plugin: 'beta_plugin' });
    expect(() => planVersionFiles({ manifest: MANIFEST_TEXT, packageJson: new Map() }, manifest, changes)).toThrowError(
      'packages/beta/package.json does not exist, but release-manifest.json builds beta_plugin from package "beta"',
    );
  });
});
