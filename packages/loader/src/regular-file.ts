/**
 * Reading files that someone else may have put in place: only regular files
 * (a FIFO, /dev/zero or a directory is refused, never read without end), up
 * to a size given in advance, and without following a final symbolic link
 * when asked.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';

export class NotRegularFileError extends Error {
  override name = 'NotRegularFileError';
}

const KIND_BY_TEST: [string, (s: import('node:fs').Stats) => boolean][] = [
  ['a directory', (s) => s.isDirectory()],
  ['a character device', (s) => s.isCharacterDevice()],
  ['a block device', (s) => s.isBlockDevice()],
  ['a FIFO', (s) => s.isFIFO()],
  ['a socket', (s) => s.isSocket()],
  ['a symbolic link', (s) => s.isSymbolicLink()],
];

function describeKind(stats: import('node:fs').Stats): string {
  return KIND_BY_TEST.find(([, test]) => test(stats))?.[0] ?? 'not a regular file';
}

// O_NONBLOCK: opening a FIFO must not wait for a writer before fstat can refuse it.
const FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;

function checkStats(path: string, stats: import('node:fs').Stats, maxBytes: number): void {
  if (!stats.isFile()) throw new NotRegularFileError(`${path} is ${describeKind(stats)}, not a regular file`);
  if (stats.size > maxBytes) throw new NotRegularFileError(`${path} is ${stats.size} bytes, more than the ${maxBytes} this reads`);
}

/** The whole of a regular file of at most `maxBytes`. */
export function readRegularFileSync(path: string, maxBytes: number): Buffer {
  const fd = openSync(path, FLAGS);
  try {
    const stats = fstatSync(fd);
    checkStats(path, stats, maxBytes);
    const bytes = Buffer.alloc(stats.size);
    let at = 0;
    while (at < bytes.length) {
      const n = readSync(fd, bytes, at, bytes.length - at, at);
      if (n === 0) break;
      at += n;
    }
    return bytes.subarray(0, at);
  } finally {
    closeSync(fd);
  }
}

/** sha256 of a regular file, never following a final symbolic link. */
export async function hashRegularFile(path: string, maxBytes = Number.MAX_SAFE_INTEGER): Promise<string> {
  const handle = await open(path, FLAGS | constants.O_NOFOLLOW).catch((err: NodeJS.ErrnoException) => {
    throw err.code === 'ELOOP' ? new NotRegularFileError(`${path} is a symbolic link, not a regular file`) : err;
  });
  try {
    checkStats(path, await handle.stat(), maxBytes);
    // Imported here: node:crypto loads some twenty internal modules, and
    // `wasmedge-plugins list` with nothing installed hashes no file.
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256');
    for await (const chunk of handle.createReadStream({ autoClose: false, start: 0 })) hash.update(chunk as Buffer);
    return hash.digest('hex');
  } finally {
    await handle.close();
  }
}

/** The whole of a regular file of at most `maxBytes`, asynchronously. */
export async function readRegularFile(path: string, maxBytes: number): Promise<Buffer> {
  const handle = await open(path, FLAGS);
  try {
    const stats = await handle.stat();
    checkStats(path, stats, maxBytes);
    const bytes = Buffer.alloc(stats.size);
    let at = 0;
    while (at < bytes.length) {
      const { bytesRead } = await handle.read(bytes, at, bytes.length - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return bytes.subarray(0, at);
  } finally {
    await handle.close();
  }
}
