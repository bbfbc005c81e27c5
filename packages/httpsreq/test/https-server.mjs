// The servers the httpsreq tests talk to, run in a child process started by
// test-servers.ts. They cannot live in the test process: a send_data call
// blocks that process's only thread until the reply is complete, so an
// in-process server would never get to answer.
//
// argv[2] is the certificate directory (certificates.ts). When every server
// listens, the ports are sent to the parent over the IPC channel; the process
// exits when that channel closes, so it never outlives the test run.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer } from 'node:net';
import { join } from 'node:path';

const dir = process.argv[2];
const tlsFiles = (name) => ({ key: readFileSync(join(dir, `${name}.key`)), cert: readFileSync(join(dir, `${name}.pem`)) });

/** n bytes where byte i is i % 251, so the test can check every byte. */
function pattern(n) {
  const out = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) out[i] = i % 251;
  return out;
}

/** A complete reply with a Content-Length (no chunked encoding to undo in the tests). */
function reply(res, type, body) {
  const data = Buffer.from(body);
  res.writeHead(200, { 'content-type': type, 'content-length': data.length });
  res.end(data);
}

function ignoreErrors(socket) {
  return socket.on('error', () => {});
}

const routes = {
  '/hello': (req, res) => reply(res, 'text/plain', 'hello from https'),
  '/echo': (req, res, body) => {
    const sha256 = createHash('sha256').update(body).digest('hex');
    const echoed = body.length <= 1024 ? body.toString('latin1') : null;
    reply(res, 'application/json', JSON.stringify({ method: req.method, length: body.length, sha256, body: echoed }));
  },
  '/bytes': (req, res, body, url) => {
    const data = pattern(Number(url.searchParams.get('n')));
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': data.length });
    res.end(data);
  },
  // Promises 1000 bytes, sends 12, then drops the connection without a TLS close_notify.
  '/close-early': (req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 1000 });
    res.write('partial body', () => setTimeout(() => res.socket.destroy(), 20));
  },
  // Never answers (the read-timeout case).
  '/stall': () => {},
  // Promises 100000 bytes and sends one every 100 ms (for a minute at most):
  // each gap is well inside any read timeout, so only a deadline for the
  // whole request ends the call early.
  '/drip': (req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 100000 });
    let sent = 0;
    const timer = setInterval(() => {
      if (++sent > 600 || res.destroyed) clearInterval(timer);
      else res.write('x');
    }, 100);
    res.on('close', () => clearInterval(timer));
  },
};

function handle(req, res) {
  const url = new URL(req.url, 'https://localhost');
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const route = routes[url.pathname];
    if (route) {
      route(req, res, Buffer.concat(chunks), url);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
}

const servers = {
  trusted: createHttpsServer(tlsFiles('server'), handle),
  // The same on IPv6 loopback; its port is 0 when the machine has no IPv6.
  trusted6: createHttpsServer(tlsFiles('server'), handle),
  otherhost: createHttpsServer(tlsFiles('otherhost'), handle),
  untrusted: createHttpsServer(tlsFiles('untrusted'), handle),
  // Accepts TCP and never speaks TLS: the handshake cannot finish.
  silent: createTcpServer(ignoreErrors),
  // Answers the ClientHello with plain text: the handshake fails.
  plaintext: createTcpServer((socket) => ignoreErrors(socket).end('HTTP/1.1 400 Bad Request\r\n\r\n')),
};
// Clients that give up reset their connections; that is expected here and
// must not end this process.
for (const server of Object.values(servers)) {
  server.on('tlsClientError', () => {});
  server.on('clientError', (error, socket) => socket.destroy());
}

const ports = {};
await Promise.all(
  Object.entries(servers).map(
    ([name, server]) =>
      new Promise((resolve) => {
        const host = name === 'trusted6' ? '::1' : '127.0.0.1';
        server.once('error', () => resolve((ports[name] = 0)));
        server.listen(0, host, () => resolve((ports[name] = server.address().port)));
      }),
  ),
);
process.on('disconnect', () => process.exit(0));
process.send({ ports });
