import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeHostTarget, readHostFacts } from '@wasmedge-plugins/common';
import { linkageOf, packageAsset, sha256File } from '../src/package/package-asset.ts';
import { checkFragmentsAgainstCells, insideDir, readAssetFragments, writeAssetFragment, writeReleaseFiles } from '../src/package/release-files.ts';
import { resolveSourceDateEpoch, writeReproducibleTarball } from '../src/package/reproducible-tarball.ts';
import { cellOf } from '../src/cells/cells.ts';

const EPOCH = new Date(1_700_000_000 * 1000);
const HOST = { ...describeHostTarget(readHostFacts()), platform: 'debian12_x86_64' };
// Shaped like a plug-in for the audit: one exported descriptor function, and a
// versioned glibc reference (snprintf, strlen) so the index has a glibc floor.
const PLUGIN_SOURCE = `#include <string.h>
#include <stdio.h>
int f(char *d, const char *s) { return snprintf(d, 8, "%s", s) + (int)strlen(s); }
__attribute__((visibility("default"))) const void *WasmEdge_Plugin_GetDescriptor(void) { return (const void *)f; }
`;
let installDir: string;

const CELL = cellOf({ plugin: 'fixture_plugin', package: 'fixture', library: 'libwasmedgePluginFixture.so', version: '1.0.0' }, HOST);

function scratch(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

beforeAll(() => {
  // A real shared library with a GLIBC need, and a license notice, as the build installs them.
  installDir = scratch('install-');
  const src = join(installDir, 'lib.c');
  writeFileSync(src, PLUGIN_SOURCE);
  execFileSync('cc', ['-shared', '-fPIC', '-fvisibility=hidden', src, '-o', join(installDir, CELL.library)]);
  execFileSync('rm', [src]);
  writeFileSync(join(installDir, 'LICENSE'), 'license text\n');
  chmodSync(join(installDir, 'LICENSE'), 0o600);
});

async function packageInto(outDir: string) {
  return packageAsset({
    cell: CELL,
    installDir,
    outDir,
    runtime: { range: '>=0.17.0 <0.18.0', pluginApiVersion: 5 },
    mtime: EPOCH,
  });
}

describe('packageAsset', () => {
  it('names the tarball as WasmEdge does and describes it for the index', async () => {
    const asset = await packageInto(scratch('out-'));
    expect(asset).toMatchObject({
      plugin: 'fixture_plugin',
      backend: null,
      version: '1.0.0',
      platform: 'debian12_x86_64',
      file: 'WasmEdge-plugin-fixture_plugin-1.0.0-debian12_x86_64.tar.gz',
      runtime: '>=0.17.0 <0.18.0',
      pluginApiVersion: 5,
      library: 'libwasmedgePluginFixture.so',
      licenses: ['LICENSE'],
      needed: ['libc.so.6'],
    });
    expect(asset.runtimeFiles).toBeUndefined();
    expect(asset.glibcFloor).toMatch(/^2\.\d+(\.\d+)?$/);
    expect(asset.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives byte-identical tarballs from two runs on the same inputs', async () => {
    const [a, b] = [await packageInto(scratch('out-')), await packageInto(scratch('out-'))];
    expect(a.sha256).toBe(b.sha256);
    expect(a.size).toBe(b.size);
  });

  it('writes sorted entries with fixed owner, modes and mtime, and a gzip header without time or name', async () => {
    const out = scratch('out-');
    const asset = await packageInto(out);
    const file = join(out, asset.file);
    const bytes = readFileSync(file);
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    expect(bytes[3]! & 0x08).toBe(0); // FLG.FNAME clear: no file name
    expect(bytes.readUInt32LE(4)).toBe(0); // MTIME 0
    const entries: { path: string; mode: number; uid: number; gid: number; uname: string; mtime: Date }[] = [];
    await tar.t({ file, onReadEntry: (e) => entries.push({ path: e.path, mode: e.mode!, uid: e.uid!, gid: e.gid!, uname: e.uname ?? '', mtime: e.mtime! }) });
    expect(entries.map((e) => e.path)).toEqual(['LICENSE', 'libwasmedgePluginFixture.so']);
    expect(entries.map((e) => (e.mode & 0o7777).toString(8))).toEqual(['644', '755']);
    for (const e of entries) {
      expect([e.uid ?? 0, e.gid ?? 0, e.uname]).toEqual([0, 0, '']);
      expect(e.mtime.getTime()).toBe(EPOCH.getTime());
    }
  });

  it('refuses an install directory without the library', async () => {
    await expect(packageAsset({ ...{ cell: CELL, installDir: scratch('empty-'), outDir: scratch('out-') }, runtime: { range: '*', pluginApiVersion: 5 }, mtime: EPOCH })).rejects.toThrowError(
      /has no libwasmedgePluginFixture.so; build the plug-in first/,
    );
  });

  it('declares a backend\'s other files as runtime files, and refuses them for a plug-in without backends', async () => {
    const withExtra = scratch('install-extra-');
    cpSync(installDir, withExtra, { recursive: true });
    writeFileSync(join(withExtra, 'libruntime.so'), 'runtime');
    const options = { installDir: withExtra, outDir: scratch('out-'), runtime: { range: '*', pluginApiVersion: 5 }, platform: 'p', arch: 'x86_64', mtime: EPOCH, target: HOST };
    const backend = await packageAsset({ ...options, cell: { ...CELL, backend: 'cpu' } });
    expect([backend.licenses, backend.runtimeFiles]).toEqual([['LICENSE'], ['libruntime.so']]);
    await expect(packageAsset({ ...options, cell: CELL })).rejects.toThrowError(/holds libruntime.so, which is neither the library nor a license notice; only a backend ships runtime files/);
  });
});

describe('writeReleaseFiles', () => {
  it('merges fragments into tarballs, a SHA256SUMS that sha256sum -c accepts, and a valid index', async () => {
    const parts = scratch('parts-');
    const asset = await packageInto(join(parts, 'host', 'fixture'));
    await writeAssetFragment(join(parts, 'host', 'fixture'), asset);
    const release = scratch('release-');
    const index = await writeReleaseFiles(release, await readAssetFragments(parts));
    expect(index.assets).toEqual([asset]);
    expect(readFileSync(join(release, 'SHA256SUMS'), 'utf8')).toBe(`${asset.sha256}  ${asset.file}\n`);
    expect(execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: release, encoding: 'utf8' })).toBe(`${asset.file}: OK\n`);
    expect(JSON.parse(readFileSync(join(release, 'index.json'), 'utf8'))).toEqual({ schemaVersion: 1, assets: [asset] });
    expect(await sha256File(join(release, asset.file))).toBe(asset.sha256);
  });

  it('refuses a tarball whose checksum no longer matches its fragment', async () => {
    const parts = scratch('parts-');
    const asset = await packageInto(parts);
    await writeAssetFragment(parts, asset);
    writeFileSync(join(parts, asset.file), 'tampered');
    await expect(writeReleaseFiles(scratch('release-'), await readAssetFragments(parts))).rejects.toThrowError(
      /sha256 is [0-9a-f]{64}, but its index fragment in .* says [0-9a-f]{64}; package it again/,
    );
  });

  it('refuses names that would escape the release directory', async () => {
    expect(() => insideDir('/tmp/release', '../evil.tar.gz')).toThrowError('refusing to write "../evil.tar.gz": it is not a plain file name inside /tmp/release');
    expect(() => insideDir('/tmp/release', 'sub/evil.tar.gz')).toThrowError(/not a plain file name/);
    const parts = scratch('parts-');
    mkdirSync(join(parts, 'x'));
    const asset = { ...(await packageInto(parts)), file: '../outside.tar.gz' };
    await expect(writeAssetFragment(parts, asset)).rejects.toThrowError(/refusing to write/);
  });
});

describe('merging only what this manifest builds', () => {
  it('refuses a leftover part of a removed plug-in or an older version, naming the clean step', async () => {
    const parts = scratch('parts-');
    const current = await packageInto(join(parts, 'host', 'fixture'));
    await writeAssetFragment(join(parts, 'host', 'fixture'), current);
    const removed = { ...current, plugin: 'removed_plugin', file: 'WasmEdge-plugin-removed_plugin-1.0.0-debian12_x86_64.tar.gz' };
    const older = { ...current, version: '0.9.0', file: 'WasmEdge-plugin-fixture_plugin-0.9.0-debian12_x86_64.tar.gz' };
    const fragments = [...(await readAssetFragments(parts)), { asset: removed, dir: join(parts, 'host', 'gone') }, { asset: older, dir: join(parts, 'host', 'fixture') }];
    const message = (() => {
      try {
        checkFragmentsAgainstCells(fragments, [CELL]);
      } catch (err) {
        return (err as Error).message;
      }
      return 'accepted';
    })();
    expect(message).toBe(
      'refusing to merge 2 packaged asset(s) that release-manifest.json does not build:\n' +
        `  ${join(parts, 'host', 'gone', removed.file)} (removed_plugin 1.0.0 for host)\n` +
        `  ${join(parts, 'host', 'fixture', older.file)} (fixture_plugin 0.9.0 for host)\n` +
        'they are left over from an earlier run: npm run release:clean, then package again',
    );
    expect(() => checkFragmentsAgainstCells(fragments.slice(0, 1), [CELL])).not.toThrow();
  });

  it('leaves in the release directory only the tarballs of the index it writes', async () => {
    const parts = scratch('parts-');
    const asset = await packageInto(parts);
    await writeAssetFragment(parts, asset);
    const release = scratch('release-');
    writeFileSync(join(release, 'WasmEdge-plugin-old-0.1.0-debian12_x86_64.tar.gz'), 'an earlier run');
    await writeReleaseFiles(release, await readAssetFragments(parts));
    expect(readdirSync(release).sort()).toEqual([asset.file, 'SHA256SUMS', 'index.json'].sort());
  });
});

describe('writeReproducibleTarball and resolveSourceDateEpoch', () => {
  it("gives the bytes node-tar's own streaming gzip gives for the same entries (it packs in memory, one zlib call)", async () => {
    const out = scratch('bytes-');
    const files = [CELL.library, 'LICENSE'].sort();
    await writeReproducibleTarball({ sourceDir: installDir, files, outFile: join(out, 'memory.tar.gz'), mtime: EPOCH });
    await tar.c(
      {
        file: join(out, 'stream.tar.gz'),
        cwd: installDir,
        portable: true,
        noDirRecurse: true,
        strict: true,
        mtime: EPOCH,
        gzip: { level: 6 },
        onWriteEntry(entry) {
          if (entry.stat) entry.stat.mode = (entry.stat.mode & ~0o7777) | (entry.path.endsWith('.so') ? 0o755 : 0o644);
        },
      },
      files,
    );
    expect(readFileSync(join(out, 'memory.tar.gz')).equals(readFileSync(join(out, 'stream.tar.gz')))).toBe(true);
  });

  it('refuses paths that leave the source directory', async () => {
    const dir = scratch('src-');
    cpSync(join(installDir, 'LICENSE'), join(dir, 'LICENSE'));
    await expect(writeReproducibleTarball({ sourceDir: dir, files: ['../LICENSE'], outFile: join(dir, 'x.tar.gz'), mtime: EPOCH })).rejects.toThrowError(
      /expected a plain path inside .*, found "\.\.\/LICENSE"/,
    );
  });

  it('takes SOURCE_DATE_EPOCH when set and refuses a malformed one', async () => {
    expect((await resolveSourceDateEpoch({ env: { SOURCE_DATE_EPOCH: '1700000000' }, cwd: '/' })).mtime).toEqual(EPOCH);
    await expect(resolveSourceDateEpoch({ env: { SOURCE_DATE_EPOCH: 'yesterday' }, cwd: '/' })).rejects.toThrowError(
      'SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 UTC, found "yesterday"',
    );
  });

  it('falls back to the last commit time', async () => {
    const epoch = await resolveSourceDateEpoch({ env: {}, cwd: '/', readLastCommitTime: async () => 1_700_000_000 });
    expect(epoch).toEqual({ seconds: 1_700_000_000, mtime: EPOCH, source: 'last commit' });
  });
});

describe('linkageOf', () => {
  it('says a linked library is the system one when the .so needs it, else static', () => {
    expect(linkageOf(['libssl', 'libcrypto'], ['libc.so.6', 'libcrypto.so.3'])).toEqual({ libssl: 'static', libcrypto: 'system' });
  });
});
