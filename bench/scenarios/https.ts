/**
 * HTTPS requests per second for small requests: the httpsreq plug-in from
 * wasm (a new TLS connection per request, as its interface has) against
 * Node's https.request with a fresh connection each time, to the same local
 * server (run in a child process, since a plug-in call blocks this thread).
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { makeTestCertificates } from '../../packages/httpsreq/test/certificates.ts';
import { HttpsreqGuest, httpRequest } from '../../packages/httpsreq/test/httpsreq-guest.ts';
import { startTestServers } from '../../packages/httpsreq/test/test-servers.ts';
import { median, timeRuns, type Row } from '../measure.ts';

const REQUESTS = 50;

function nodeGet(port: number, ca: Buffer, agent: Agent): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request({ host: 'localhost', port, path: '/hello', ca, agent }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end();
  });
}

export async function benchHttps(): Promise<Row[]> {
  const certs = makeTestCertificates();
  const servers = await startTestServers(certs.dir);
  try {
    const port = servers.ports.trusted;
    const ca = readFileSync(certs.caFile);
    const agent = new Agent({ keepAlive: false, maxCachedSessions: 0 });
    const node = await timeRuns(5, async () => {
      for (let i = 0; i < REQUESTS; i++) await nodeGet(port, ca, agent);
    }, 1);
    const guest = await HttpsreqGuest.create([`--https-ca-file=${certs.caFile}`]);
    const raw = httpRequest('GET', '/hello');
    const wasm = await timeRuns(5, () => {
      for (let i = 0; i < REQUESTS; i++) guest.send('localhost', port, raw);
    }, 1);
    const perSecond = (ms: number[]) => ms.map((t) => (REQUESTS * 1000) / t);
    const ref = perSecond(node);
    const sub = perSecond(wasm);
    // Higher is better here, so the ratio is subject / reference of rates.
    return [
      { scenario: 'https', subject: 'node https.request, new connection each', median: median(ref), unit: 'req/s', runs: ref.length, ratio: 1, reference: true },
      { scenario: 'https', subject: 'httpsreq plug-in from wasm', median: median(sub), unit: 'req/s', runs: sub.length, ratio: median(sub) / median(ref) },
    ];
  } finally {
    servers.stop();
  }
}
