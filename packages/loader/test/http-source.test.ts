import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReleaseSource } from '../src/source/release-source.ts';
import { makeRelease, serveDirectory } from '@wasmedge-plugins/test-support/fixtures';

const servers: Server[] = [];
afterAll(() => servers.forEach((s) => s.close()));

let release: string;
let origin: string;
beforeAll(async () => {
  release = await makeRelease(['1.0.0']);
  const served = await serveDirectory(release, {
    'moved/index.json': (res) => res.writeHead(302, { location: '/index.json' }).end(),
  });
  servers.push(served.server);
  origin = served.url;
});

/**
 * A forward proxy that records what it was asked for: absolute URLs, or
 * host:port for CONNECT tunnels (which undici's proxy agent uses).
 */
async function startProxy(): Promise<{ url: string; seen: string[] }> {
  const seen: string[] = [];
  const proxy = createServer((req, res) => {
    seen.push(req.url ?? '');
    const target = new URL(req.url ?? '');
    const upstream = httpRequest({ host: target.hostname, port: target.port, path: target.pathname, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  proxy.on('connect', (req, socket, head) => {
    seen.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  servers.push(proxy);
  return { url: `http://127.0.0.1:${(proxy.address() as { port: number }).port}`, seen };
}

function withEnv<T>(vars: Record<string, string | undefined>, work: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  for (const [k, v] of Object.entries(vars)) if (v === undefined) delete process.env[k];
  return work().finally(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
}

describe('openReleaseSource over HTTP', () => {
  it('follows redirects to the index', async () => {
    const source = await openReleaseSource(`${origin}moved/index.json`);
    expect(source.index.assets.map((a) => a.version)).toEqual(['1.0.0']);
  });

  it('goes through HTTP_PROXY, and around it for hosts in NO_PROXY', async () => {
    const proxy = await startProxy();
    await withEnv({ HTTP_PROXY: proxy.url, http_proxy: proxy.url, NO_PROXY: '', no_proxy: '' }, async () => {
      const source = await openReleaseSource(origin, { timeoutMs: 5_000 });
      expect(source.index.assets).toHaveLength(1);
    });
    const { host } = new URL(origin);
    expect(proxy.seen.length).toBeGreaterThan(0);
    expect(proxy.seen.every((s) => s === host || s === `${origin}index.json`)).toBe(true);
    const before = proxy.seen.length;
    await withEnv({ HTTP_PROXY: proxy.url, http_proxy: proxy.url, NO_PROXY: '127.0.0.1', no_proxy: '127.0.0.1' }, async () => {
      await openReleaseSource(origin, { timeoutMs: 5_000 });
    });
    expect(proxy.seen).toHaveLength(before);
  });

  it('retries a transient 503 a bounded number of times', async () => {
    let calls = 0;
    const flaky = createServer((_req, res) => {
      calls++;
      res.writeHead(503, 'Service Unavailable').end();
    });
    await new Promise<void>((r) => flaky.listen(0, '127.0.0.1', r));
    servers.push(flaky);
    const url = `http://127.0.0.1:${(flaky.address() as { port: number }).port}/`;
    await expect(openReleaseSource(url, { attempts: 3 })).rejects.toThrowError(/the server answered 503 Service Unavailable/);
    expect(calls).toBe(3);
  });
});
