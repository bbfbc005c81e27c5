/**
 * Downloads against hostile servers on loopback: redirects that leave https
 * or the index's host, an index without end, a server that drips bytes just
 * fast enough to beat the idle timeout, and numbers no download can honour.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Server } from 'node:net';
import { join } from 'node:path';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoaderError } from '../src/errors.ts';
import { installPlugin } from '../src/install/installer.ts';
import { openReleaseSource } from '../src/source/release-source.ts';
import { HOST_PLATFORM, makeRelease, readIndex, scratch } from '@wasmedge-plugins/test-support/fixtures';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const servers: Server[] = [];
afterAll(() => servers.forEach((s) => s.close()));

let release: string;
let tls: { key: Buffer; cert: Buffer };
let dispatcher: Agent;

/** A certificate for 127.0.0.1 and localhost, trusted only by this file's dispatcher. */
function makeCertificate(): { key: Buffer; cert: Buffer } {
  const dir = scratch('loader-tls-');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
}

/** Serves the release directory, with `routes` taking over some paths. */
function releaseHandler(routes: Record<string, Handler> = {}): Handler {
  return (req, res) => {
    const name = (req.url ?? '/').slice(1);
    if (routes[name]) return routes[name](req, res);
    try {
      const body = readFileSync(join(release, name.replace(/^mirror\//, '')));
      res.writeHead(200, { 'content-length': body.length }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  };
}

async function listen(handler: Handler, secure: boolean): Promise<number> {
  const server = secure ? createHttpsServer(tls, handler) : createHttpServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return (server.address() as { port: number }).port;
}

async function refusal(work: Promise<unknown>): Promise<LoaderError> {
  const err = await work.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(LoaderError);
  return err as LoaderError;
}

beforeAll(async () => {
  release = await makeRelease(['1.0.0']);
  tls = makeCertificate();
  dispatcher = new Agent({ connect: { ca: tls.cert } });
});

describe('redirects', () => {
  it('from https to plain http (even to a host serving a valid index) are refused', async () => {
    const plain = await listen(releaseHandler(), false);
    const port = await listen(releaseHandler({ 'index.json': (_q, res) => res.writeHead(302, { location: `http://localhost:${plain}/index.json` }).end() }), true);
    const err = await refusal(openReleaseSource(`https://127.0.0.1:${port}/`, { dispatcher, attempts: 1 }));
    expect(err.kind).toBe('download');
    expect(err.message).toBe(`GET https://127.0.0.1:${port}/index.json redirected to http://localhost:${plain}/index.json, which is refused: it leaves https for plain http`);
  });

  it('to another host, even over https, are refused', async () => {
    const other = await listen(releaseHandler(), true);
    const port = await listen(releaseHandler({ 'index.json': (_q, res) => res.writeHead(301, { location: `https://localhost:${other}/index.json` }).end() }), true);
    const err = await refusal(openReleaseSource(`https://127.0.0.1:${port}/index.json`, { dispatcher, attempts: 1 }));
    expect(err.message).toMatch(/which is refused: localhost is not 127.0.0.1$/);
  });

  it('within the index host are followed, and the install record names where the bytes came from', async () => {
    const asset = readIndex(release).assets[0]!;
    const port = await listen(releaseHandler({ [asset.file]: (_q, res) => res.writeHead(307, { location: `/mirror/${asset.file}` }).end() }), true);
    const source = await openReleaseSource(`https://127.0.0.1:${port}/`, { dispatcher });
    const pluginDir = join(scratch('home-'), 'plugin');
    const { record } = await installPlugin({ pluginDir, source, request: { plugin: 'fixture', platforms: [HOST_PLATFORM] } });
    expect(record.source).toBe(`https://127.0.0.1:${port}/index.json`);
    expect(record.assetUrl).toBe(`https://127.0.0.1:${port}/mirror/${asset.file}`);
  });
});

describe('sizes and deadlines', () => {
  it('refuses an index body larger than any index, declared or streamed, without reading it all', async () => {
    let sent = 0;
    const port = await listen(releaseHandler({
      'declared/index.json': (_q, res) => res.writeHead(200, { 'content-length': 64 * 1024 ** 2 }).end(),
      'endless/index.json': (_q, res) => {
        res.writeHead(200);
        const chunk = Buffer.alloc(1024 ** 2, 0x20);
        const more = () => {
          while (sent < 256 * 1024 ** 2 && res.write(chunk)) sent += chunk.length;
        };
        res.on('drain', more);
        res.on('close', () => res.off('drain', more));
        more();
      },
    }), false);
    const declared = await refusal(openReleaseSource(`http://127.0.0.1:${port}/declared/`, { attempts: 1 }));
    expect(declared.message).toBe(`http://127.0.0.1:${port}/declared/index.json is larger than 16777216 bytes, more than any release index should be`);
    const endless = await refusal(openReleaseSource(`http://127.0.0.1:${port}/endless/`, { attempts: 1 }));
    expect(endless.message).toMatch(/endless\/index.json is larger than 16777216 bytes/);
    expect(sent).toBeLessThan(128 * 1024 ** 2);
  });

  it('refuses an index file larger than any index, and one that is not a regular file', async () => {
    const dir = scratch('big-index-');
    writeFileSync(join(dir, 'index.json'), Buffer.alloc(17 * 1024 ** 2, 0x20));
    expect((await refusal(openReleaseSource(dir))).message).toMatch(/is 17825792 bytes, more than the 16777216 this reads/);
    expect((await refusal(openReleaseSource('/dev/zero.json'))).kind).toBe('index');
  });

  it('ends a download that drips bytes faster than the idle timeout at its overall deadline', async () => {
    const asset = readIndex(release).assets[0]!;
    const port = await listen(releaseHandler({
      [asset.file]: (_q, res) => {
        res.writeHead(200, { 'content-length': asset.size });
        const drip = setInterval(() => res.write(Buffer.alloc(1)), 100);
        res.on('close', () => clearInterval(drip));
      },
    }), false);
    const source = await openReleaseSource(`http://127.0.0.1:${port}/`, { timeoutMs: 1_000, deadlineMs: 2_000, attempts: 1 });
    const started = Date.now();
    const err = await refusal(installPlugin({ pluginDir: join(scratch('home-'), 'plugin'), source, request: { plugin: 'fixture', platforms: [HOST_PLATFORM] } }));
    expect(err.message).toMatch(/downloading http:\/\/127.0.0.1:\d+\/WasmEdge-plugin-fixture-1.0.0-.* did not finish within its overall deadline of 2 s/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('refuses numbers no download can honour, naming them', async () => {
    for (const [options, message] of [
      [{ timeoutMs: -1000 }, 'timeoutMs must be a number above 0 and at most 86400000, not -1000'],
      [{ timeoutMs: Number.NaN }, 'timeoutMs must be a number above 0 and at most 86400000, not NaN'],
      [{ deadlineMs: Infinity }, 'deadlineMs must be a number above 0 and at most 86400000, not Infinity'],
      [{ attempts: 0 }, 'attempts must be a whole number above 0 and at most 10, not 0'],
    ] as const) {
      const err = await refusal(openReleaseSource('http://127.0.0.1:9/', options));
      expect([err.kind, err.message]).toEqual(['usage', message]);
    }
  });
});
