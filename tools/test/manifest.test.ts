import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest, ManifestError, validateManifest } from '../src/manifest/load-manifest.ts';
import { releaseManifestSchema } from '../src/manifest/schema.ts';
import { renderSchemaFiles } from '../src/schema-files.ts';
import { workspaceRoot } from '../src/cli/cli-support.ts';

const ROOT_DIR = workspaceRoot();

function base() {
  return {
    runtime: { range: '>=0.17.0 <0.18.0', testedWith: '0.17.1', pluginApiVersion: 5 },
    plugins: [
      {
        name: 'wasmedge_process',
        package: 'process',
        library: 'libwasmedgePluginWasmEdgeProcess.so',
        version: '0.17.1',
        description: 'Run allowed host commands.',
        targets: ['host', 'manylinux2014_x86_64'],
      },
    ],
  } as Record<string, any>;
}

function refusal(edit: (m: Record<string, any>) => void): string {
  const manifest = base();
  edit(manifest);
  try {
    validateManifest(manifest, 'release-manifest.json');
  } catch (err) {
    expect(err).toBeInstanceOf(ManifestError);
    return (err as Error).message;
  }
  throw new Error('the manifest was accepted');
}

describe('loadManifest', () => {
  it('accepts the checked-in release manifest', async () => {
    const manifest = await loadManifest(join(workspaceRoot(), 'release-manifest.json'));
    expect(manifest.runtime.pluginApiVersion).toBe(5);
    expect(manifest.plugins.map((p) => p.name)).toContain('wasmedge_process');
  });

  it('refuses a file that is not JSON, naming the file and the parse error', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'manifest-')), 'release-manifest.json');
    writeFileSync(path, '{ "runtime": ');
    await expect(loadManifest(path)).rejects.toThrowError(new RegExp(`^${path}: not valid JSON: `));
  });

  it('refuses a missing file with the path', async () => {
    await expect(loadManifest('/nonexistent/release-manifest.json')).rejects.toThrowError(
      /^\/nonexistent\/release-manifest.json: cannot read the manifest: ENOENT/,
    );
  });
});

describe('validateManifest refuses each kind of bad manifest with a precise message', () => {
  it('a missing field', () => {
    expect(refusal((m) => delete m.plugins[0].library)).toBe(
      'release-manifest.json: plugins[0]: missing field "library" (expected a file name like libwasmedgePluginX.so)',
    );
  });

  it('a wrong type', () => {
    expect(refusal((m) => (m.plugins[0].targets = 'host'))).toBe(
      'release-manifest.json: plugins[0].targets: expected a list of target names, found "host"',
    );
  });

  it('an unknown target', () => {
    expect(refusal((m) => (m.plugins[0].targets = ['windows']))).toMatch(
      /^release-manifest.json: plugins\[0\].targets\[0\]: expected a target name from the target table \(one of manylinux2014_x86_64, .*host\), found "windows"$/,
    );
  });

  it('a version that is not semver', () => {
    expect(refusal((m) => (m.plugins[0].version = '1.2'))).toBe(
      'release-manifest.json: plugins[0].version: expected a semver version such as 0.17.1, found "1.2"',
    );
  });

  it('a runtime range that is not a semver range', () => {
    expect(refusal((m) => (m.runtime.range = 'not a range'))).toBe(
      'release-manifest.json: runtime.range: expected a semver range of WasmEdge versions such as ">=0.17.0 <0.18.0", found "not a range"',
    );
  });

  it('a plug-in API version other than 5', () => {
    expect(refusal((m) => (m.runtime.pluginApiVersion = 4))).toBe(
      'release-manifest.json: runtime.pluginApiVersion: expected 5 (the plug-in C API version this repository builds against), found 4',
    );
  });

  it('a tested runtime outside the runtime range', () => {
    expect(refusal((m) => (m.runtime.testedWith = '0.16.2'))).toBe(
      'release-manifest.json: runtime.testedWith: expected a version inside runtime.range (>=0.17.0 <0.18.0), found "0.16.2"',
    );
  });

  it('a library file name not shaped like upstream\'s', () => {
    expect(refusal((m) => (m.plugins[0].library = 'process.so'))).toBe(
      'release-manifest.json: plugins[0].library: expected a file name like libwasmedgePluginX.so, found "process.so"',
    );
  });

  it('a duplicate plug-in, listing every clash', () => {
    expect(refusal((m) => m.plugins.push({ ...m.plugins[0] }))).toBe(
      'release-manifest.json: plugins[1].name: expected a unique plug-in name, found "wasmedge_process" again (also at plugins[0].name)\n' +
        'release-manifest.json: plugins[1].library: expected a library no other plug-in uses, found "libwasmedgePluginWasmEdgeProcess.so" again (also at plugins[0].library)',
    );
  });

  it('an unknown field', () => {
    expect(refusal((m) => (m.plugins[0].colour = 'red'))).toBe(
      'release-manifest.json: plugins[0]: unknown field "colour"; allowed fields: name, package, library, version, description, targets, links, requires, backends',
    );
  });

  it('a backend target the plug-in does not ship for', () => {
    expect(refusal((m) => (m.plugins[0].backends = [{ name: 'b', targets: ['ubuntu20.04_x86_64'] }]))).toBe(
      'release-manifest.json: plugins[0].backends[0].targets[0]: expected one of the plug-in\'s targets (host, manylinux2014_x86_64), found "ubuntu20.04_x86_64"',
    );
  });

  it('a per-target backend entry for a target the backend does not ship for, or naming an undeclared build root', () => {
    const message = refusal((m) => {
      m.buildRoots = { bullseye: { suite: 'bullseye', mirror: 'http://deb.debian.org/debian', packages: ['g++'], wheels: [], cCompiler: 'gcc', cxxCompiler: 'g++' } };
      m.plugins[0].backends = [{ name: 'b', targets: ['host'], perTarget: { manylinux2014_x86_64: { buildRoot: 'buster' }, host: { buildRoot: 'bullseye' } } }];
    });
    expect(message.split('\n')).toEqual([
      'release-manifest.json: plugins[0].backends[0].perTarget["manylinux2014_x86_64"]: expected one of the backend\'s targets (host), found "manylinux2014_x86_64"',
      'release-manifest.json: plugins[0].backends[0].perTarget["manylinux2014_x86_64"].buildRoot: expected a name in buildRoots (bullseye), found "buster"',
      'release-manifest.json: plugins[0].backends[0].perTarget["host"].buildRoot: target host builds with this machine\'s compiler, never in a build root',
    ]);
  });

  it('a build root without its compilers', () => {
    expect(refusal((m) => (m.buildRoots = { bullseye: { suite: 'bullseye', mirror: 'http://deb.debian.org/debian', packages: ['g++'], wheels: [] } }))).toMatch(
      /buildRoots\.bullseye: missing field "cCompiler"/,
    );
  });

  it('a requirement of an unknown kind', () => {
    expect(refusal((m) => (m.plugins[0].requires = [{ kind: 'feeling', name: 'x', install: 'y' }]))).toMatch(
      /^release-manifest.json: plugins\[0\].requires\[0\].kind: expected the kind of requirement \(one of command, file, cmake-package\), found "feeling"$/,
    );
  });
});

describe('the committed schema files', () => {
  it('equal what the TypeScript schemas render, so they never drift', () => {
    for (const file of renderSchemaFiles()) {
      expect(readFileSync(file.path, 'utf8'), `${file.path} is stale: run npx tsx tools/src/cli/write-schemas.ts`).toBe(file.text);
    }
    expect(JSON.parse(renderSchemaFiles()[0]!.text)).toEqual(JSON.parse(JSON.stringify(releaseManifestSchema)));
  });
});

describe('the checked-in manifest and the packages', () => {
  it('declares a backend without "planned" only where the package implements it (packages/<package>/backends/<name>/)', async () => {
    const manifest = await loadManifest(join(ROOT_DIR, 'release-manifest.json'));
    for (const plugin of manifest.plugins) {
      for (const backend of plugin.backends ?? []) {
        const dir = join(ROOT_DIR, 'packages', plugin.package, 'backends', backend.name);
        expect(existsSync(dir), `${plugin.name} backend ${backend.name}: ${backend.planned === undefined ? `not planned, so ${dir} must exist` : `planned, so ${dir} must not exist yet`}`).toBe(
          backend.planned === undefined,
        );
      }
    }
  });
});
