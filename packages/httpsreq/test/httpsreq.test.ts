import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostFunctionError, instantiateWithPlugins, readFunctionImports } from '@wasmedge-plugins/loader';
import { exportedSymbols, readElf } from '@wasmedge-plugins/common';
import { builtPluginPath, compileWatFile, seededRandom, descriptorVersion } from '@wasmedge-plugins/test-support';
import { makeTestCertificates, type TestCertificates } from './certificates.ts';
import { expectTrap, requestInChild } from './assertions.ts';
import { configure, ERR, GUESTS, HttpsreqGuest, httpRequest, httpsreqPlugin, parseResponse } from './httpsreq-guest.ts';
import { closedPort, startTestServers, type TestServers } from './test-servers.ts';

let certs: TestCertificates;
let servers: TestServers;
let trusted: string[]; // options that trust the test CA

beforeAll(async () => {
  certs = makeTestCertificates();
  servers = await startTestServers(certs.dir);
  trusted = [`--https-ca-file=${certs.caFile}`];
});
afterAll(() => {
  servers?.stop();
  if (certs) rmSync(certs.dir, { recursive: true, force: true });
});

describe('the plug-in library', () => {
  it('exports only WasmEdge_Plugin_GetDescriptor', () => {
    const elf = readElf(readFileSync(builtPluginPath({ plugin: 'wasmedge_httpsreq' })));
    expect(exportedSymbols(elf).map((s) => s.name)).toEqual(['WasmEdge_Plugin_GetDescriptor']);
  });

  it('describes itself with the upstream names, API version 5 and options that all have defaults', () => {
    const d = httpsreqPlugin().descriptor;
    expect([d.name, d.apiVersion, d.version]).toEqual(['wasmedge_httpsreq', 5, descriptorVersion('wasmedge_httpsreq')]);
    expect(d.modules.map((m) => m.name)).toEqual(['wasmedge_httpsreq']);
    expect(d.options.map((o) => [o.name, o.type, o.hasDefault])).toEqual([
      ['https-ca-file', 'string', true],
      ['https-insecure', 'toggle', false],
      ['https-connect-timeout-ms', 'uint32', true],
      ['https-read-timeout-ms', 'uint32', true],
      ['https-request-timeout-ms', 'uint32', true],
      ['https-max-response-bytes', 'uint64', true],
      ['https-quiet', 'toggle', false],
    ]);
  });

  it('creates module wasmedge_httpsreq with the three upstream functions and signatures', async () => {
    const module = httpsreqPlugin().createModule();
    expect(module.name).toBe('wasmedge_httpsreq');
    const wasm = await compileWatFile(join(GUESTS, 'httpsreq-calls.wat'));
    const wanted = readFunctionImports(wasm).map(({ name, params, results }) => ({ name, params, results }));
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect([...module.functions].sort(byName)).toEqual(wanted.sort(byName));
  });
});

describe('requests to a local HTTPS server', () => {
  it('runs a GET from a wasm program the way the Rust crate does', async () => {
    configure(trusted);
    const wasm = await compileWatFile(join(GUESTS, 'fetch.wat'));
    const instance = await instantiateWithPlugins(wasm, [httpsreqPlugin().createModule()]);
    const { fetch, memory } = instance.exports as { fetch: (port: number) => number; memory: WebAssembly.Memory };
    const len = fetch(servers.ports.trusted);
    const reply = parseResponse(Buffer.from(new Uint8Array(memory.buffer, 65536, len)));
    expect(reply.status).toBe(200);
    expect(reply.body.toString()).toBe('hello from https');
  });

  it('POSTs a body and reads the reply; the data stays until the next send_data', async () => {
    const guest = await HttpsreqGuest.create(trusted);
    const reply = parseResponse(guest.request('localhost', servers.ports.trusted, httpRequest('POST', '/echo', 'name=wasm&x=1')));
    expect(JSON.parse(reply.body.toString())).toMatchObject({ method: 'POST', length: 13, body: 'name=wasm&x=1' });
    expect(guest.received().equals(guest.received())).toBe(true);
  });

  it('verifies an IP literal against the certificate and accepts a host name with one trailing NUL', async () => {
    const guest = await HttpsreqGuest.create(trusted);
    expect(parseResponse(guest.request('127.0.0.1', servers.ports.trusted, httpRequest('GET', '/hello'))).status).toBe(200);
    expect(parseResponse(guest.request('localhost\0', servers.ports.trusted, httpRequest('GET', '/hello'))).status).toBe(200);
  });

  it('reaches an IPv6 literal in brackets and verifies it against the certificate', async (context) => {
    if (servers.ports.trusted6 === 0) context.skip('no IPv6 loopback on this machine');
    const guest = await HttpsreqGuest.create(trusted);
    expect(parseResponse(guest.request('[::1]', servers.ports.trusted6, httpRequest('GET', '/hello', undefined, '[::1]'))).status).toBe(200);
  });

  it('receives a 5 MB reply and sends a 3 MB body intact', async () => {
    const guest = await HttpsreqGuest.create(trusted);
    const big = parseResponse(guest.request('localhost', servers.ports.trusted, httpRequest('GET', '/bytes?n=5000000')));
    expect(big.body.length).toBe(5_000_000);
    expect(big.body.every((b, i) => b === i % 251)).toBe(true);
    const upload = Buffer.alloc(3_000_000, 'wasm');
    const echo = parseResponse(guest.request('localhost', servers.ports.trusted, httpRequest('POST', '/echo', upload)));
    expect(JSON.parse(echo.body.toString())).toMatchObject({ length: upload.length, sha256: createHash('sha256').update(upload).digest('hex') });
  });

  it('keeps what arrived when the server drops the connection early (no error: HTTP framing shows the cut)', async () => {
    const guest = await HttpsreqGuest.create(trusted);
    const reply = parseResponse(guest.request('localhost', servers.ports.trusted, httpRequest('GET', '/close-early')));
    expect(reply.headers).toMatch(/content-length: 1000/i);
    expect(reply.body.toString()).toBe('partial body');
  });

  it('trusts the CA file named by WASMEDGE_HTTPSREQ_CA_FILE, read when the module is created', async () => {
    process.env.WASMEDGE_HTTPSREQ_CA_FILE = certs.caFile;
    const guest = await HttpsreqGuest.create([]);
    delete process.env.WASMEDGE_HTTPSREQ_CA_FILE;
    expect(parseResponse(guest.request('localhost', servers.ports.trusted, httpRequest('GET', '/hello'))).status).toBe(200);
  });

  it('copies the options when the module is created', async () => {
    const early = await HttpsreqGuest.create(trusted);
    const later = await HttpsreqGuest.create([]);
    expect(parseResponse(early.request('localhost', servers.ports.trusted, httpRequest('GET', '/hello'))).status).toBe(200);
    expectTrap(() => later.send('localhost', servers.ports.trusted, httpRequest('GET', '/hello')), ERR.certificateRejected);
  });
});

describe('server authentication', () => {
  it('refuses a certificate from an untrusted CA and leaves no received data', async () => {
    const guest = await HttpsreqGuest.create(trusted);
    guest.request('localhost', servers.ports.trusted, httpRequest('GET', '/hello'));
    expectTrap(() => guest.send('localhost', servers.ports.untrusted, httpRequest('GET', '/hello')), ERR.certificateRejected);
    expect(guest.exports.get_rcv_len!()).toBe(0);
  });

  it('refuses a trusted certificate issued for another host name or without the IP address', async () => {
    const guest = await HttpsreqGuest.create(trusted);
    expectTrap(() => guest.send('localhost', servers.ports.otherhost, httpRequest('GET', '/hello')), ERR.certificateRejected);
    expectTrap(() => guest.send('127.0.0.1', servers.ports.otherhost, httpRequest('GET', '/hello')), ERR.certificateRejected);
  });

  it('accepts any certificate with --https-insecure, and says so on stderr', () => {
    const out = requestInChild(['--https-insecure'], 'localhost', servers.ports.untrusted);
    expect(out.resultCode).toBeNull();
    expect(out.response).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(out.stderr).toContain(`wasmedge_httpsreq: warning: --https-insecure is set: the certificate of localhost:${servers.ports.untrusted} is not verified`);
  });

  it('explains a failure on stderr in one line, unless --https-quiet', () => {
    const loud = requestInChild(trusted, 'localhost', servers.ports.untrusted);
    expect(loud.resultCode).toBe(0x01000000 + ERR.certificateRejected);
    expect(loud.stderr).toMatch(new RegExp(`^wasmedge_httpsreq: send_data to localhost:${servers.ports.untrusted} failed with error 7 \\(certificate-rejected\\): the certificate of "localhost" was rejected: .+\n$`, 'm'));
    const quiet = requestInChild([...trusted, '--https-quiet'], 'localhost', servers.ports.untrusted);
    expect(quiet.resultCode).toBe(0x01000000 + ERR.certificateRejected);
    expect(quiet.stderr).not.toContain('wasmedge_httpsreq');
  });

  it('answers an unusable CA file with ca-file-unusable', async () => {
    const notPem = join(certs.dir, 'openssl.cnf');
    for (const file of [join(certs.dir, 'missing.pem'), notPem]) {
      const guest = await HttpsreqGuest.create([`--https-ca-file=${file}`, '--https-quiet']);
      expectTrap(() => guest.send('localhost', servers.ports.trusted, httpRequest('GET', '/hello')), ERR.caFileUnusable);
    }
  });
});

describe('network failures, timeouts and limits', () => {
  it('answers a refused connection with connect-failed', async () => {
    const [guest, port] = [await HttpsreqGuest.create([...trusted, '--https-quiet']), await closedPort()];
    expectTrap(() => guest.send('localhost', port, httpRequest('GET', '/hello')), ERR.connectFailed);
  });

  it('answers a name that does not resolve with resolve-failed', async () => {
    const guest = await HttpsreqGuest.create([...trusted, '--https-quiet']);
    expectTrap(() => guest.send('nonexistent.invalid', 443, httpRequest('GET', '/')), ERR.resolveFailed);
  });

  it('stops waiting for a server that never answers after the read timeout', async () => {
    const guest = await HttpsreqGuest.create([...trusted, '--https-quiet', '--https-read-timeout-ms=300']);
    const started = Date.now();
    expectTrap(() => guest.send('localhost', servers.ports.trusted, httpRequest('GET', '/stall')), ERR.readTimeout);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('ends a reply that trickles in one byte per 100 ms at --https-request-timeout-ms, though no gap reaches the read timeout', async () => {
    const guest = await HttpsreqGuest.create([...trusted, '--https-quiet', '--https-read-timeout-ms=2000', '--https-request-timeout-ms=1000']);
    const started = Date.now();
    expectTrap(() => guest.send('localhost', servers.ports.trusted, httpRequest('GET', '/drip')), ERR.requestTimeout);
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(guest.exports.get_rcv_len!()).toBe(0);
  });

  it('bounds connecting and the TLS handshake by the request deadline when it is the shorter one', async () => {
    const guest = await HttpsreqGuest.create([...trusted, '--https-quiet', '--https-request-timeout-ms=300']);
    const started = Date.now();
    expectTrap(() => guest.send('localhost', servers.ports.silent, httpRequest('GET', '/')), ERR.requestTimeout);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('names the whole-request limit on stderr when it ends a call', () => {
    const { resultCode, stderr } = requestInChild(
      [...trusted, '--https-read-timeout-ms=2000', '--https-request-timeout-ms=500'], 'localhost', servers.ports.trusted, '/drip');
    expect(resultCode).toBe(0x01000000 + ERR.requestTimeout);
    expect(stderr).toMatch(
      /failed with error 14 \(request-timeout\): receiving the response \(\d+ bytes so far\): the whole request did not finish within 500 ms \(--https-request-timeout-ms\)/,
    );
  });

  it('bounds the TLS handshake by the connect timeout', async () => {
    const guest = await HttpsreqGuest.create([...trusted, '--https-quiet', '--https-connect-timeout-ms=300']);
    const started = Date.now();
    expectTrap(() => guest.send('localhost', servers.ports.silent, httpRequest('GET', '/')), ERR.connectTimeout);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('answers a server that does not speak TLS with tls-handshake-failed', async () => {
    const guest = await HttpsreqGuest.create([...trusted, '--https-quiet']);
    expectTrap(() => guest.send('localhost', servers.ports.plaintext, httpRequest('GET', '/')), ERR.tlsHandshakeFailed);
  });

  it('keeps a reply of exactly --https-max-response-bytes and refuses one byte more', async () => {
    const request = httpRequest('GET', '/bytes?n=5000');
    const size = (await HttpsreqGuest.create(trusted)).request('localhost', servers.ports.trusted, request).length;
    const exact = await HttpsreqGuest.create([...trusted, `--https-max-response-bytes=${size}`]);
    expect(exact.request('localhost', servers.ports.trusted, request).length).toBe(size);
    const under = await HttpsreqGuest.create([...trusted, '--https-quiet', `--https-max-response-bytes=${size - 1}`]);
    expectTrap(() => under.send('localhost', servers.ports.trusted, request), ERR.responseTooLarge);
    expect(under.exports.get_rcv_len!()).toBe(0);
  });
});

describe('bad guest ranges are refused with bad-range', () => {
  it('refuses host and body ranges outside memory, including ranges that wrap', async () => {
    const guest = await HttpsreqGuest.create([...trusted, '--https-quiet']);
    const size = guest.memory.length;
    const port = servers.ports.trusted;
    for (const [hostPtr, hostLen, bodyPtr, bodyLen] of [
      [size - 4, 9, 0, 10], [size, 1, 0, 10], [0xffffffff, 2, 0, 10], [0, 9, size - 10, 11], [0, 9, 0xfffffff0, 0x20], [0, 9, size + 1, 0],
    ]) {
      expectTrap(() => guest.exports.send_data!(hostPtr!, hostLen!, port, bodyPtr!, bodyLen!), ERR.badRange);
    }
  });

  it('copies nothing when the get_rcv buffer does not fit', async () => {
    const guest = await HttpsreqGuest.create(trusted);
    guest.send('localhost', servers.ports.trusted, httpRequest('GET', '/hello'));
    const before = Buffer.from(guest.memory);
    expectTrap(() => guest.exports.get_rcv!(guest.memory.length - 10), ERR.badRange);
    expectTrap(() => guest.exports.get_rcv!(-1), ERR.badRange);
    expect(Buffer.from(guest.memory).equals(before)).toBe(true);
  });
});

describe('bad host names and ports are refused with bad-argument', () => {
  it.each([
    ['an empty host name', '', 443],
    ['a NUL inside the host name', 'local\0host', 443],
    ['a host name longer than 253 bytes', 'a'.repeat(254), 443],
    ['brackets around something other than an IPv6 address', '[localhost]', 443],
    ['port 0', 'localhost', 0],
    ['port 65536', 'localhost', 65536],
    ['port -1', 'localhost', -1],
  ])('refuses %s', async (_what, host, port) => {
    const guest = await HttpsreqGuest.create([...trusted, '--https-quiet']);
    expectTrap(() => guest.send(host, port, httpRequest('GET', '/')), ERR.badArgument);
  });
});

describe('callers without memory', () => {
  it('traps with HostFuncError (0x040E) when no memory is attached; get_rcv_len still answers', () => {
    const module = httpsreqPlugin().createModule();
    for (const call of [() => module.imports.wasmedge_httpsreq_send_data!(0, 9, 443, 0, 1), () => module.imports.wasmedge_httpsreq_get_rcv!(0)]) {
      expect(call).toThrowError(HostFunctionError);
      expect(call).toThrowError(/0x0000040e/);
    }
    expect(module.imports.wasmedge_httpsreq_get_rcv_len!()).toBe(0);
  });
});

describe('robustness', () => {
  it('survives thousands of calls with random arguments (fixed seed)', async () => {
    const port = await closedPort();
    const guest = await HttpsreqGuest.create([...trusted, '--https-quiet', '--https-connect-timeout-ms=20', '--https-read-timeout-ms=20']);
    // Host names come either from memory that holds only zeros (so no name
    // is ever looked up in DNS) or are "127.0.0.1" at offset 0.
    guest.put('127.0.0.1');
    const random = seededRandom(0x4854_5053);
    const size = () => guest.memory.length;
    const pick = (): number => {
      const r = random();
      if (r < 0.3) return Math.floor(random() * 0x100000000) | 0;
      if (r < 0.6) return 64 + Math.floor(random() * (size() - 64));
      if (r < 0.8) return Math.floor(random() * 300);
      return [0, -1, 0x7fffffff, -0x80000000, size(), 65536][Math.floor(random() * 6)]!;
    };
    // Never a host range starting inside "127.0.0.1": "27.0", say, is an address on the Internet.
    const hostPtr = () => ((p) => ((p >>> 0) < 64 ? 64 + p : p))(pick());
    const portOf = () => [port, port, 0, -1, 65536, Math.floor(random() * 65536)][Math.floor(random() * 6)]!;
    const codes = new Set(Object.values(ERR).map((code) => 0x01000000 + code));
    const seen = new Map<number, number>();
    for (let i = 0; i < 5000; i++) {
      const which = Math.floor(random() * 4);
      try {
        if (which === 0) guest.exports.send_data!(hostPtr(), pick(), portOf(), pick(), pick());
        else if (which === 1) guest.exports.send_data!(0, 9, portOf(), pick(), pick());
        else if (which === 2) guest.exports.get_rcv!(pick());
        else expect(guest.exports.get_rcv_len!()).toBe(0);
        seen.set(0, (seen.get(0) ?? 0) + 1);
      } catch (error) {
        expect(error).toBeInstanceOf(HostFunctionError);
        const { resultCode } = error as HostFunctionError;
        expect(codes.has(resultCode)).toBe(true);
        seen.set(resultCode & 0xff, (seen.get(resultCode & 0xff) ?? 0) + 1);
      }
    }
    // Every class of outcome the arguments can reach was reached.
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual(expect.arrayContaining([0, ERR.badRange, ERR.badArgument, ERR.connectFailed]));
  });

  it('a thousand requests leave no file descriptors behind', async () => {
    const guest = await HttpsreqGuest.create(trusted);
    const request = httpRequest('GET', '/hello');
    guest.request('localhost', servers.ports.trusted, request);
    const fdsBefore = readdirSync('/proc/self/fd').length;
    for (let i = 0; i < 1000; i++) {
      expect(guest.request('localhost', servers.ports.trusted, request).length).toBeGreaterThan(0);
    }
    expectTrap(() => guest.send('localhost', servers.ports.untrusted, request), ERR.certificateRejected);
    expect(readdirSync('/proc/self/fd').length).toBe(fdsBefore);
  });
});
