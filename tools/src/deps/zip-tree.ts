/**
 * Reading wheels (zip archives) with yauzl: list entries, extract one entry
 * or a whole directory, keeping the executable bits wheels record for their
 * programs. yauzl refuses absolute and `..` entry names.
 */
import { createWriteStream } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';

export type ZipEntry = yauzl.Entry;
export type ZipFile = yauzl.ZipFile;

export function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (error, zip) => (error ? reject(error) : resolve(zip))),
  );
}

export function listEntries(zip: ZipFile): Promise<ZipEntry[]> {
  return new Promise((resolve, reject) => {
    const entries: ZipEntry[] = [];
    zip.on('entry', (entry: ZipEntry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

/** One file entry's bytes, in memory. */
export async function readEntry(zip: ZipFile, entry: ZipEntry): Promise<Buffer> {
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) => zip.openReadStream(entry, (error, s) => (error ? reject(error) : resolve(s))));
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Writes one file entry to `dest`, with its recorded permission bits (0644 when none). */
export async function extractEntry(zip: ZipFile, entry: ZipEntry, dest: string): Promise<void> {
  await mkdir(dirname(dest), { recursive: true });
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) => zip.openReadStream(entry, (error, s) => (error ? reject(error) : resolve(s))));
  await pipeline(stream, createWriteStream(dest));
  const mode = (entry.externalFileAttributes >>> 16) & 0o777;
  await chmod(dest, mode || 0o644);
}

/** Extracts every file under `prefix` (ending in /) of the zip into `destDir`, without the prefix. */
export async function extractZipTree(zipPath: string, prefix: string, destDir: string): Promise<number> {
  const zip = await openZip(zipPath);
  try {
    let count = 0;
    for (const entry of await listEntries(zip)) {
      if (!entry.fileName.startsWith(prefix) || entry.fileName.endsWith('/')) continue;
      await extractEntry(zip, entry, join(destDir, entry.fileName.slice(prefix.length)));
      count++;
    }
    if (count === 0) throw new Error(`${zipPath} has no files under ${prefix}`);
    return count;
  } finally {
    zip.close();
  }
}
