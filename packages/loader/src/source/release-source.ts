/**
 * Where releases come from: an http(s) URL or a local directory / file: URL
 * (mirrors, air-gapped installs). Reads and validates the release index, and
 * downloads an asset while hashing it, so nothing unverified is ever kept.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { validateReleaseIndex, type IndexAsset, type ReleaseIndex } from '@wasmedge-plugins/common';
import { LoaderError } from '../errors.ts';
import { httpGet, type HttpOptions } from './http.ts';

export interface ReleaseSource {
  /** Where the index was read from, for messages. */
  indexLocation: string;
  index: ReleaseIndex;
  /** Opens an asset of the index for reading, with its length if known. */
  openAsset(file: string): Promise<{ stream: Readable; length: number | undefined }>;
}

export type Progress = (received: number, total: number) => void;

function isHttp(location: string): boolean {
  return /^https?:\/\//i.test(location);
}

/** A URL or path to the index itself: index.json inside a directory unless a .json is named. */
function indexLocationFor(location: string): { index: string; base: string; http: boolean } {
  if (isHttp(location)) {
    const url = new URL(location);
    if (url.pathname.endsWith('.json')) {
      return { index: url.href, base: new URL('.', url).href, http: true };
    }
    const base = url.href.endsWith('/') ? url.href : `${url.href}/`;
    return { index: new URL('index.json', base).href, base, http: true };
  }
  const path = location.startsWith('file:') ? fileURLToPath(location) : resolve(location);
  if (path.endsWith('.json')) {
    return { index: path, base: dirname(path), http: false };
  }
  return { index: join(path, 'index.json'), base: path, http: false };
}

function assetFileName(file: string): string {
  if (!/^[A-Za-z0-9._+-]+$/.test(file) || file === '.' || file === '..') {
    throw new LoaderError('index', `the release index names an asset "${file}", which is not a plain file name`);
  }
  return file;
}

export async function openReleaseSource(location: string, http: HttpOptions = {}): Promise<ReleaseSource> {
  const where = indexLocationFor(location);
  let text: string;
  try {
    text = where.http ? await (await httpGet(where.index, http)).text() : await readFile(where.index, 'utf8');
  } catch (cause) {
    if (cause instanceof LoaderError) throw cause;
    throw new LoaderError('index', `cannot read the release index ${where.index}: ${(cause as Error).message}`, { cause });
  }
  let index: ReleaseIndex;
  try {
    index = validateReleaseIndex(JSON.parse(text), where.index);
  } catch (cause) {
    throw new LoaderError('index', `${where.index} is not a valid release index: ${(cause as Error).message}`, { cause });
  }
  return {
    indexLocation: where.index,
    index,
    async openAsset(file) {
      const name = assetFileName(file);
      if (where.http) {
        const response = await httpGet(new URL(name, where.base).href, http);
        const length = Number(response.headers.get('content-length') ?? NaN);
        return { stream: Readable.fromWeb(response.body as never), length: Number.isFinite(length) ? length : undefined };
      }
      const path = join(where.base, name);
      const info = await stat(path).catch((cause) => {
        throw new LoaderError('download', `${path} (named by ${where.index}) cannot be read: ${(cause as Error).message}`, { cause });
      });
      return { stream: createReadStream(path), length: info.size };
    },
  };
}

/**
 * Downloads `asset` to `destFile`, hashing as it goes, and refuses (deleting
 * the file) anything whose size or sha256 differs from the index.
 */
export async function downloadVerified(source: ReleaseSource, asset: IndexAsset, destFile: string, onProgress?: Progress): Promise<void> {
  const { stream } = await source.openAsset(asset.file);
  const hash = createHash('sha256');
  let received = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      if (received > asset.size) {
        done(new LoaderError('verify', `${asset.file} is larger than the ${asset.size} bytes the release index declares`));
        return;
      }
      hash.update(chunk);
      onProgress?.(received, asset.size);
      done(null, chunk);
    },
  });
  try {
    await pipeline(stream, meter, createWriteStream(destFile, { mode: 0o600 }));
  } catch (cause) {
    await rm(destFile, { force: true });
    if (cause instanceof LoaderError) throw cause;
    throw new LoaderError('download', `downloading ${asset.file} from ${source.indexLocation} failed: ${(cause as Error).message}`, { cause });
  }
  const sha256 = hash.digest('hex');
  if (received !== asset.size || sha256 !== asset.sha256) {
    await rm(destFile, { force: true });
    throw new LoaderError(
      'verify',
      received !== asset.size
        ? `${asset.file}: received ${received} bytes, the release index declares ${asset.size} (a truncated or altered download)`
        : `${asset.file}: sha256 is ${sha256}, the release index says ${asset.sha256}`,
    );
  }
}

