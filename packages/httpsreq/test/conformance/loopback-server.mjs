// Setup for the conformance cases: a CA and a localhost certificate made with
// the openssl command line, and a TLS server on 127.0.0.1 that answers every
// request with the same fixed reply (no Date header, so both hosts print the
// same bytes). Sends { vars: { port, caFile } } to the runner when listening;
// the runner kills it after the case.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:tls';

const dir = mkdtempSync(join(tmpdir(), 'httpsreq-conformance-'));
const openssl = (args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
writeFileSync(
  join(dir, 'openssl.cnf'),
  `[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = unused\n` +
    `[ca_ext]\nbasicConstraints = critical, CA:TRUE\nkeyUsage = critical, keyCertSign\n` +
    `[leaf_ext]\nbasicConstraints = CA:FALSE\nextendedKeyUsage = serverAuth\nsubjectAltName = DNS:localhost, IP:127.0.0.1\n`,
);
const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
openssl(['req', '-x509', '-config', 'openssl.cnf', '-extensions', 'ca_ext', ...key, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=conformance CA']);
openssl(['req', '-new', '-config', 'openssl.cnf', ...key, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost']);
openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', '1', '-days', '2', '-extfile', 'openssl.cnf', '-extensions', 'leaf_ext', '-out', 'server.pem']);

const REPLY = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 17\r\nConnection: close\r\n\r\nhello over https\n';
const server = createServer({ key: readFileSync(join(dir, 'server.key')), cert: readFileSync(join(dir, 'server.pem')) }, (socket) => {
  socket.on('error', () => {});
  let request = '';
  socket.on('data', (chunk) => {
    request += chunk.toString('latin1');
    if (request.includes('\r\n\r\n')) socket.end(REPLY);
  });
});
server.on('tlsClientError', () => {});
server.listen(0, '127.0.0.1', () => {
  process.send({ vars: { port: String(server.address().port), caFile: join(dir, 'ca.pem') } });
});
process.on('disconnect', () => process.exit(0));
