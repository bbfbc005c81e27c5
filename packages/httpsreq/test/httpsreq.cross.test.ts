/**
 * The plug-in built for a release target of another architecture (with its
 * static OpenSSL), run under qemu-user through the plug-in API's test
 * driver against real local HTTPS servers: a verified request and upload,
 * an untrusted certificate refused, and bad guest input answered with a
 * trap code, never a crash. (`nx run httpsreq:test -c manylinux2014_aarch64`.)
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtPluginPath, CrossDriver, testTarget } from '@wasmedge-plugins/test-support';
import { makeTestCertificates, type TestCertificates } from './certificates.ts';
import { ERR, httpRequest, parseResponse } from './httpsreq-guest.ts';
import { startTestServers, type TestServers } from './test-servers.ts';

const MEMORY = 16 * 65536;
let certs: TestCertificates;
let servers: TestServers;
let driver: CrossDriver;
let m: number;

beforeAll(async () => {
  certs = makeTestCertificates();
  servers = await startTestServers(certs.dir);
  driver = await CrossDriver.start(testTarget(), builtPluginPath({ plugin: 'wasmedge_httpsreq' }));
  await driver.option('https-ca-file', certs.caFile);
  m = await driver.module('wasmedge_httpsreq');
});
afterAll(async () => {
  const closed = await driver?.close();
  servers?.stop();
  if (certs) rmSync(certs.dir, { recursive: true, force: true });
  expect(closed?.code, closed?.stderr).toBe(0);
});

/** send_data with the host at 0 and the request at 256; the received bytes, or the trap code. */
async function request(port: number, raw: Buffer, host = 'localhost'): Promise<{ trap?: number; response?: Buffer }> {
  await driver.write(0, host);
  await driver.write(256, raw);
  const sent = await driver.call(m, 'wasmedge_httpsreq_send_data', 0, host.length, port, 256, raw.length);
  if (sent.trap !== undefined) return { trap: sent.trap };
  const [len] = (await driver.call(m, 'wasmedge_httpsreq_get_rcv_len')).results;
  const at = 256 + raw.length;
  await driver.call(m, 'wasmedge_httpsreq_get_rcv', at);
  return { response: await driver.read(at, Number(len)) };
}

describe(`wasmedge_httpsreq for ${testTarget()} under qemu`, () => {
  it('fetches over verified TLS with the CA file option', async () => {
    const { trap, response } = await request(servers.ports.trusted, httpRequest('GET', '/hello'));
    expect(trap).toBeUndefined();
    const reply = parseResponse(response!);
    expect([reply.status, reply.body.toString()]).toEqual([200, 'hello from https']);
  });

  it('uploads a body the server receives intact', async () => {
    const upload = Buffer.alloc(200_000, 'qemu ');
    const { response } = await request(servers.ports.trusted, httpRequest('POST', '/echo', upload));
    expect(JSON.parse(parseResponse(response!).body.toString())).toMatchObject({
      length: upload.length,
      sha256: createHash('sha256').update(upload).digest('hex'),
    });
  });

  it('refuses a certificate from an untrusted CA', async () => {
    expect((await request(servers.ports.untrusted, httpRequest('GET', '/hello'))).trap).toBe(ERR.certificateRejected);
  });

  it('answers ranges outside guest memory with bad-range', async () => {
    expect((await driver.call(m, 'wasmedge_httpsreq_send_data', MEMORY - 4, 9, servers.ports.trusted, 256, 10)).trap).toBe(ERR.badRange);
    expect((await driver.call(m, 'wasmedge_httpsreq_send_data', 0, 9, servers.ports.trusted, 0xffff_fff0, 64)).trap).toBe(ERR.badRange);
  });
});
