/**
 * Serves one directory's files over HTTP on 127.0.0.1 (a random port), as a
 * release host would: GET of a plain file name, nothing else. The rehearsal
 * installs from it; the loader downloads over a real socket.
 *
 * `serveDirInChild` runs the server in its own process: smoke programs call
 * host functions that block (a TLS handshake against this server), which
 * would stall a server on the same event loop.
 */
import { fork } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ServedDir {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function serveDir(dir: string): Promise<ServedDir> {
  const server: Server = createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice(1));
    const path = join(dir, name);
    // Only plain names inside dir: no traversal, no listing.
    if (req.method !== 'GET' || name === '' || name.includes('/') || name.startsWith('.') || !existsSync(path) || !statSync(path).isFile()) {
      res.writeHead(404).end('not found\n');
      return;
    }
    res.writeHead(200, { 'content-length': statSync(path).size });
    createReadStream(path).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The same server in a child process; resolves once it listens. */
export async function serveDirInChild(dir: string): Promise<ServedDir> {
  // This file is TypeScript: the child loads it through tsx, whoever started the parent.
  const child = fork(fileURLToPath(import.meta.url), [dir], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`the release server for ${dir} exited with ${code} before listening`)));
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () => new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill();
    }),
  };
}

// Run as the child: serve argv[2] and report the port to the parent.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) {
  const served = await serveDir(process.argv[2]!);
  process.send({ port: served.port });
}
