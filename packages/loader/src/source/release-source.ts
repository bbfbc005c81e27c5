/**
 * Where releases come from: an http(s) URL or a local directory / file: URL
 * (mirrors, air-gapped installs). Reads and validates the release index, and
 * downloads an asset while hashing it, so nothing unverified is ever kept.
 */
import { createHash } from 'node:crypto';
import { constants, createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { ReleaseIndexError, validateReleaseIndex, type IndexAsset, type ReleaseIndex } from '@wasmedge-plugins/common';
import { fromSystemError, limitLines, LoaderError } from '../errors.ts';
import { readRegularFile } from '../regular-file.ts';
import { checkHttpOptions, describeDeadline, httpGet, readBodyText, type HttpOptions } from './http.ts';

/** No release index comes near this; a larger body is refused unread. */
export const MAX_INDEX_BYTES = 16 * 1024 ** 2;
const LOCATION_SCHEMES = ['http:', 'https:', 'file:'];

export interface ReleaseSource {
  /** Where the index was read from (after redirects), for messages and install records. */
  indexLocation: string;
  index: ReleaseIndex;
  /** Opens an asset of the index for reading, with its length if known and where it really comes from. */
  openAsset(file: string): Promise<OpenedAsset>;
}

export interface OpenedAsset {
  stream: Readable;
  length: number | undefined;
  /** The URL or path the bytes come from, after redirects. */
  location: string;
  /** The overall deadline the stream runs under, if any. */
  deadlineMs?: number;
}

export type Progress = (received: number, total: number) => void;

function isHttp(location: string): boolean {
  return /^https?:\/\//i.test(location);
}

/** A URL or path to the index itself: index.json inside a directory unless a .json is named. */
function indexLocationFor(location: string): { index: string; base: string; http: boolean } {
  if (location === '') throw new LoaderError('usage', 'the release index location is empty: name a release directory, an index.json, or its URL');
  const scheme = /^([a-z][a-z0-9+.-]*:)\/\//i.exec(location)?.[1]?.toLowerCase();
  if (scheme !== undefined && !LOCATION_SCHEMES.includes(scheme)) {
    throw new LoaderError('usage', `${location}: ${scheme.slice(0, -1)} is not a scheme this tool reads; use an https:// or http:// URL, a file: URL, or a directory`);
  }
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

async function readIndexText(where: { index: string; http: boolean }, http: HttpOptions): Promise<{ text: string; location: string }> {
  if (where.http) {
    const answer = await httpGet(where.index, http);
    return { text: await readBodyText(answer, MAX_INDEX_BYTES), location: answer.url };
  }
  try {
    return { text: (await readRegularFile(where.index, MAX_INDEX_BYTES)).toString('utf8'), location: where.index };
  } catch (cause) {
    throw new LoaderError('index', `cannot read the release index ${where.index}: ${(cause as Error).message}`, { cause });
  }
}

function describeInvalid(location: string, cause: unknown): string {
  // An index may hold any number of problems; the reader gets the first few and a count.
  const problems = cause instanceof ReleaseIndexError ? limitLines(cause.problems) : [(cause as Error).message];
  if (cause instanceof ReleaseIndexError && cause.moreBadAssets > 0) problems.push(`... and ${cause.moreBadAssets} more assets with problems`);
  return `${location} is not a valid release index:\n  ${problems.join('\n  ')}`;
}

export async function openReleaseSource(location: string, http: HttpOptions = {}): Promise<ReleaseSource> {
  checkHttpOptions(http);
  const where = indexLocationFor(location);
  const { text, location: indexLocation } = await readIndexText(where, http);
  let index: ReleaseIndex;
  try {
    index = validateReleaseIndex(JSON.parse(text), indexLocation);
  } catch (cause) {
    throw new LoaderError('index', describeInvalid(indexLocation, cause), { cause });
  }
  return {
    indexLocation,
    index,
    async openAsset(file) {
      const name = assetFileName(file);
      if (where.http) {
        // Relative to the index as named, so its origin decides where redirects may go.
        const answer = await httpGet(new URL(name, where.base).href, http);
        const length = Number(answer.response.headers.get('content-length') ?? NaN);
        const stream = Readable.fromWeb(answer.response.body as never);
        return { stream, length: Number.isFinite(length) ? length : undefined, location: answer.url, deadlineMs: answer.deadlineMs };
      }
      const path = join(where.base, name);
      try {
        const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
        const info = await handle.stat();
        if (!info.isFile()) {
          await handle.close();
          throw new Error('not a regular file');
        }
        return { stream: handle.createReadStream(), length: info.size, location: path };
      } catch (cause) {
        throw new LoaderError('download', `${path} (named by ${where.index}) cannot be read: ${(cause as Error).message}`, { cause });
      }
    },
  };
}

/** A file to download and what the index says of it. */
export interface ExpectedFile {
  file: string;
  size: number;
  sha256: string;
}

/**
 * Opens a file named by an absolute location: an http(s) URL (proxies, time limits and redirect
 * rules of http.ts), a file: URL or a local path.
 */
export async function openLocation(location: string, http: HttpOptions = {}): Promise<OpenedAsset> {
  if (isHttp(location)) {
    const answer = await httpGet(location, http);
    const length = Number(answer.response.headers.get('content-length') ?? NaN);
    return { stream: Readable.fromWeb(answer.response.body as never), length: Number.isFinite(length) ? length : undefined, location: answer.url, deadlineMs: answer.deadlineMs };
  }
  const path = location.startsWith('file:') ? fileURLToPath(location) : resolve(location);
  try {
    const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = await handle.stat();
    if (!info.isFile()) {
      await handle.close();
      throw new Error('not a regular file');
    }
    return { stream: handle.createReadStream(), length: info.size, location: path };
  } catch (cause) {
    throw new LoaderError('download', `${path} cannot be read: ${(cause as Error).message}`, { cause });
  }
}

/**
 * Downloads `asset` to `destFile`, hashing as it goes, and refuses (deleting
 * the file) anything whose size or sha256 differs from the index.
 */
export async function downloadVerified(source: ReleaseSource, asset: IndexAsset, destFile: string, onProgress?: Progress): Promise<{ location: string }> {
  return saveVerified(await source.openAsset(asset.file), asset, destFile, onProgress);
}

/** Saves an opened download to `destFile`, refusing (and deleting) it when its size or sha256 is not `expected`'s. */
export async function saveVerified(opened: OpenedAsset, expected: ExpectedFile, destFile: string, onProgress?: Progress): Promise<{ location: string }> {
  const asset = expected;
  const { stream, location, deadlineMs } = opened;
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
    const system = fromSystemError(cause, `writing ${destFile}`);
    if (system) throw system;
    if ((cause as Error).name === 'TimeoutError' && deadlineMs !== undefined) {
      throw new LoaderError('download', describeDeadline(`downloading ${location}`, deadlineMs), { cause });
    }
    throw new LoaderError('download', `downloading ${asset.file} from ${location} failed: ${(cause as Error).message}`, { cause });
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
  return { location };
}

