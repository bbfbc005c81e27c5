/**
 * A pinned source archive: downloaded once into a cache directory (through
 * the proxies the environment names), verified against its sha256 before
 * anything reads it, then unpacked with node-tar.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';
import { EnvHttpProxyAgent, fetch } from 'undici';
import { DependencyError } from './dependency.ts';

export interface PinnedSource {
  url: string;
  sha256: string;
}

const TIMEOUT_MS = 60_000;

// Streamed: a pinned file may be hundreds of megabytes (a torch wheel).
export async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Path of the verified archive in `cacheDir`, downloading it when absent or
 * when a cached copy does not match (a partial or altered file is replaced).
 */
export async function fetchPinnedSource(source: PinnedSource, cacheDir: string, onProgress?: (line: string) => void): Promise<string> {
  const file = join(cacheDir, decodeURIComponent(basename(new URL(source.url).pathname)));
  if (existsSync(file) && (await sha256Of(file)) === source.sha256) {
    return file;
  }
  await mkdir(cacheDir, { recursive: true });
  onProgress?.(`downloading ${source.url}`);
  const partial = `${file}.partial`;
  const hash = createHash('sha256');
  let received = 0;
  try {
    const dispatcher = new EnvHttpProxyAgent({ connectTimeout: TIMEOUT_MS, headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS });
    const response = await fetch(source.url, { dispatcher, redirect: 'follow' });
    if (!response.ok || response.body === null) {
      throw new Error(`the server answered ${response.status} ${response.statusText}`);
    }
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        received += chunk.length;
        hash.update(chunk);
        done(null, chunk);
      },
    });
    await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), meter, createWriteStream(partial));
  } catch (cause) {
    await rm(partial, { force: true });
    throw new DependencyError(
      `cannot download ${source.url}: ${(cause as Error).message}. Set HTTPS_PROXY if this machine needs a proxy, or put the verified file at ${file}`,
      { cause },
    );
  }
  const actual = hash.digest('hex');
  if (actual !== source.sha256) {
    await rm(partial, { force: true });
    throw new DependencyError(`${source.url}: sha256 of the ${received} bytes received is ${actual}, but the pin says ${source.sha256}; refusing to build from it`);
  }
  await rename(partial, file);
  return file;
}

/** Unpacks the part of `archive` under `subdir` into `destDir` (node-tar refuses absolute and `..` paths). */
export async function unpackSource(archive: string, destDir: string, subdir: string): Promise<string> {
  await rm(destDir, { recursive: true, force: true });
  await mkdir(destDir, { recursive: true });
  const prefix = `${subdir.replace(/\/+$/, '')}/`;
  await tar.x({ file: archive, cwd: destDir, strict: true, filter: (path) => path.startsWith(prefix) || `${path}/` === prefix });
  const root = join(destDir, subdir);
  if (!existsSync(root)) {
    throw new DependencyError(`${archive} has no ${subdir}/ (dependency.json's source.sourceDir)`);
  }
  return root;
}
