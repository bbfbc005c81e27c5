/**
 * Starts https-server.mjs in a child process and hands back its ports, and
 * finds a local port where nothing listens.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export interface TestServers {
  /** trusted6 listens on ::1; it is 0 when the machine has no IPv6. */
  ports: { trusted: number; trusted6: number; otherhost: number; untrusted: number; silent: number; plaintext: number };
  stop(): void;
}

const SCRIPT = fileURLToPath(new URL('./https-server.mjs', import.meta.url));

export function startTestServers(certDir: string): Promise<TestServers> {
  const child: ChildProcess = fork(SCRIPT, [certDir], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`https-server.mjs exited with code ${code} before listening`)));
    child.once('message', (message) => {
      resolve({
        ports: (message as { ports: TestServers['ports'] }).ports,
        stop: () => {
          child.removeAllListeners('exit');
          child.kill();
        },
      });
    });
  });
}

/** A loopback port that was just free: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
