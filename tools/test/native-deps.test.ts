import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dependenciesFor, identityPattern, loadDependencies, type NativeDependency } from '../src/deps/dependency.ts';
import { fetchPinnedSource, unpackSource } from '../src/deps/source-archive.ts';
import { ensureStaticDependency, floorTargetFor, stampFor, zigVersionOf } from '../src/deps/static-deps.ts';
import { findZig } from '../src/orchestration/zig-toolchain.ts';
import { workspaceRoot } from '../src/cli/cli-support.ts';
import type { BuildLog } from '../src/orchestration/build-log.ts';

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'deps-'));
}

function quietLog(lines: string[] = []): BuildLog {
  return { group: (_name, work) => work(), info: (l) => lines.push(l), warn: (l) => lines.push(l) };
}

const VALID: NativeDependency = {
  name: 'openssl',
  version: '3.5.5',
  description: 'test',
  provides: ['libssl', 'libcrypto'],
  license: 'Apache-2.0',
  identity: { text: 'OpenSSL 3.5.5 27 Jan 2026', family: 'OpenSSL ', symbol: 'OpenSSL_version' },
  source: { url: 'https://example.invalid/openssl.crate', sha256: 'a'.repeat(64), sourceDir: 'src/openssl', licenseFile: 'LICENSE.txt', origin: 'test' },
  system: { files: ['/usr/include/openssl/ssl.h'], install: 'apt-get install libssl-dev' },
};

function workspaceWith(dependency: unknown, dirName = 'openssl'): string {
  const root = scratch();
  mkdirSync(join(root, 'deps', dirName), { recursive: true });
  writeFileSync(join(root, 'deps', dirName, 'dependency.json'), JSON.stringify(dependency));
  return root;
}

describe('deps/<name>/dependency.json', () => {
  it('loads the checked-in OpenSSL pin', () => {
    const openssl = loadDependencies(workspaceRoot()).get('openssl')!;
    expect(openssl.provides).toEqual(['libssl', 'libcrypto']);
    expect(openssl.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(openssl.source.url).toMatch(/^https:\/\/static\.crates\.io\/crates\/openssl-src\//);
    expect(identityPattern(openssl).test(openssl.identity.text)).toBe(true);
  });

  it.each([
    [{ ...VALID, source: { ...VALID.source, sha256: 'ABC' } }, '"source.sha256" must be 64 lowercase hex digits'],
    [{ ...VALID, source: { ...VALID.source, url: 'http://example.com/x' } }, '"source.url" must be an https URL'],
    [{ ...VALID, source: { ...VALID.source, sourceDir: '../x' } }, '"source.sourceDir" must be a relative path inside the archive'],
    [{ ...VALID, source: { ...VALID.source, licenseFile: '/etc/passwd' } }, '"source.licenseFile" must be a relative path inside the archive'],
    [{ ...VALID, provides: [] }, '"provides" must list library names'],
    [{ ...VALID, system: undefined }, '"system" must give "files"'],
    [{ ...VALID, identity: undefined }, '"identity" must give "text"'],
    [{ ...VALID, identity: { ...VALID.identity, text: 'OpenSSL 3.5.4 27 Jan 2026' } }, '"identity.text" is "OpenSSL 3.5.4 27 Jan 2026", which is not version 3.5.5\'s text'],
  ])('refuses a bad pin, naming the file and the field (%#)', (dependency, message) => {
    const root = workspaceWith(dependency);
    expect(() => loadDependencies(root)).toThrow(`${join(root, 'deps/openssl/dependency.json')}: ${message}`);
  });

  it('refuses a pin whose name is not its directory', () => {
    expect(() => loadDependencies(workspaceWith(VALID, 'ssl'))).toThrow('"name" is "openssl" but the directory is deps/ssl');
  });

  it('maps a plug-in\'s links to the dependencies providing them, and names a library nothing provides', () => {
    const available = new Map([['openssl', VALID]]);
    expect(dependenciesFor(['libssl', 'libcrypto'], available)).toEqual([VALID]);
    expect(() => dependenciesFor(['libcrypto', 'libz'], available)).toThrow(/no dependency under deps\/ provides libz .*provided: libssl, libcrypto/);
  });
});

describe('pinned source archives', () => {
  let server: Server;
  let base: string;
  let hits = 0;
  let archive: Buffer;
  const work = scratch();

  beforeAll(async () => {
    mkdirSync(join(work, 'tree', 'src', 'openssl'), { recursive: true });
    mkdirSync(join(work, 'tree', 'src', 'other'), { recursive: true });
    writeFileSync(join(work, 'tree', 'src', 'openssl', 'Configure'), '#!/usr/bin/env perl\n');
    writeFileSync(join(work, 'tree', 'src', 'other', 'README'), 'not needed\n');
    await tar.c({ gzip: true, file: join(work, 'source.tar.gz'), cwd: join(work, 'tree') }, ['src']);
    archive = readFileSync(join(work, 'source.tar.gz'));
    server = createServer((req, res) => {
      hits++;
      if (req.url === '/source.crate') res.end(archive);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server?.close());

  const sha256 = () => createHash('sha256').update(archive).digest('hex');

  it('downloads, verifies and then reuses the cached archive without asking again', async () => {
    const cache = join(work, 'cache-ok');
    const file = await fetchPinnedSource({ url: `${base}/source.crate`, sha256: sha256() }, cache);
    expect(readFileSync(file).equals(archive)).toBe(true);
    const before = hits;
    expect(await fetchPinnedSource({ url: `${base}/source.crate`, sha256: sha256() }, cache)).toBe(file);
    expect(hits).toBe(before);
  });

  it('refuses an archive whose sha256 differs from the pin and keeps nothing of it', async () => {
    const cache = join(work, 'cache-bad');
    const pin = { url: `${base}/source.crate`, sha256: 'b'.repeat(64) };
    await expect(fetchPinnedSource(pin, cache)).rejects.toThrow(`sha256 of the ${archive.length} bytes received is ${sha256()}, but the pin says ${'b'.repeat(64)}`);
    expect(existsSync(join(cache, 'source.crate'))).toBe(false);
    expect(existsSync(join(cache, 'source.crate.partial'))).toBe(false);
  });

  it('replaces a cached file that no longer matches the pin', async () => {
    const cache = join(work, 'cache-stale');
    mkdirSync(cache, { recursive: true });
    writeFileSync(join(cache, 'source.crate'), 'truncated');
    const file = await fetchPinnedSource({ url: `${base}/source.crate`, sha256: sha256() }, cache);
    expect(readFileSync(file).equals(archive)).toBe(true);
  });

  it('says what failed when the server answers an error', async () => {
    await expect(fetchPinnedSource({ url: `${base}/missing.crate`, sha256: sha256() }, join(work, 'cache-404'))).rejects.toThrow(
      /cannot download .*missing\.crate: the server answered 404/,
    );
  });

  it('unpacks only the source directory, and says so when the archive lacks it', async () => {
    const file = await fetchPinnedSource({ url: `${base}/source.crate`, sha256: sha256() }, join(work, 'cache-ok'));
    const root = await unpackSource(file, join(work, 'unpacked'), 'src/openssl');
    expect(existsSync(join(root, 'Configure'))).toBe(true);
    expect(existsSync(join(work, 'unpacked', 'src', 'other'))).toBe(false);
    await expect(unpackSource(file, join(work, 'unpacked2'), 'openssl-3')).rejects.toThrow('has no openssl-3/');
  });
});

describe('static builds per release target', () => {
  it('builds each architecture once, for its lowest glibc', () => {
    expect(floorTargetFor('aarch64')).toMatchObject({ name: 'manylinux2014_aarch64', zigTarget: 'aarch64-linux-gnu.2.17' });
    expect(floorTargetFor('x86_64')).toMatchObject({ name: 'manylinux2014_x86_64', zigTarget: 'x86_64-linux-gnu.2.17' });
  });

  it('keys a build by source, options, architecture and zig version', () => {
    const base = stampFor(VALID, 'aarch64', '0.17.1');
    expect(stampFor(VALID, 'aarch64', '0.17.1').key).toBe(base.key);
    expect(stampFor(VALID, 'x86_64', '0.17.1').key).not.toBe(base.key);
    expect(stampFor(VALID, 'aarch64', '0.18.0').key).not.toBe(base.key);
    expect(stampFor({ ...VALID, source: { ...VALID.source, sha256: 'c'.repeat(64) } }, 'aarch64', '0.17.1').key).not.toBe(base.key);
  });

  it('copies an identical build of a sibling target instead of building again', async () => {
    const zig = findZig();
    expect(zig, 'zig is needed: pip install ziglang==0.17.1').toBeDefined();
    const root = scratch();
    const twin = join(root, 'build', 'deps', 'openssl', 'manylinux2014_aarch64');
    for (const f of ['include/openssl/ssl.h', 'include/openssl/evp.h', 'lib/libssl.a', 'lib/libcrypto.a']) {
      mkdirSync(join(twin, 'prefix', f, '..'), { recursive: true });
      writeFileSync(join(twin, 'prefix', f), f);
    }
    writeFileSync(join(twin, 'stamp.json'), JSON.stringify(stampFor(VALID, 'aarch64', zigVersionOf(zig!))));
    writeFileSync(join(twin, 'LICENSE.txt'), 'license text');
    // Left by a killed build (no process has that pid): removed on the way.
    const abandoned = [join(root, 'build/deps/openssl/.work-aarch64-4000000'), join(root, 'build/deps/openssl/manylinux_2_28_aarch64.tmp-4000000')];
    for (const dir of abandoned) mkdirSync(dir, { recursive: true });
    const lines: string[] = [];
    // The pinned URL is unreachable: a build would fail, a copy must not need it.
    const built = await ensureStaticDependency({ workspaceRoot: root, dependency: VALID, target: 'manylinux_2_28_aarch64', log: quietLog(lines) });
    expect(built.prefix).toBe(join(root, 'build', 'deps', 'openssl', 'manylinux_2_28_aarch64', 'prefix'));
    expect(readFileSync(join(built.prefix, 'lib/libcrypto.a'), 'utf8')).toBe('lib/libcrypto.a');
    expect(built.cmakeVariables).toEqual({ OPENSSL_ROOT_DIR: built.prefix, OPENSSL_USE_STATIC_LIBS: 'ON', CMAKE_FIND_ROOT_PATH: built.prefix });
    expect(readFileSync(built.licenseFile, 'utf8')).toBe('license text');
    for (const dir of abandoned) expect(existsSync(dir), dir).toBe(false);
    expect(lines.join('\n')).toContain('reusing the identical build');
    // and once there, it is up to date
    await ensureStaticDependency({ workspaceRoot: root, dependency: VALID, target: 'manylinux_2_28_aarch64', log: quietLog(lines) });
    expect(lines.at(-1)).toMatch(/up to date/);
  });
});
