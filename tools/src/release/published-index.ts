/**
 * Reads a published release index (index.json) from a local path or an http(s) URL, with a
 * timeout, to check before a release that none of its assets is out already.
 * An http 404 means "nothing published there yet" (the release of a new tag has no index);
 * every other failure is an error, because a check that could not look must not pass.
 */
import { readFile } from 'node:fs/promises';
import { validateReleaseIndex, type ReleaseIndex } from '@wasmedge-plugins/common';

export const DEFAULT_INDEX_TIMEOUT_MS = 15_000;

export interface ReadPublishedIndexOptions {
  timeoutMs?: number;
  /** Replaced in tests; the global fetch by default. */
  fetch?: typeof fetch;
}

export interface PublishedIndex {
  source: string;
  /** null when the URL answered 404: nothing is published there. */
  index: ReleaseIndex | null;
}

export function isHttpLocation(location: string): boolean {
  return /^https?:\/\//i.test(location);
}

export async function readPublishedIndex(location: string, options: ReadPublishedIndexOptions = {}): Promise<PublishedIndex> {
  const text = isHttpLocation(location) ? await fetchIndexText(location, options) : await readIndexFile(location);
  if (text === null) return { source: location, index: null };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`published index ${location} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  return { source: location, index: validateReleaseIndex(json, location) };
}

async function readIndexFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the published index ${path}: ${(error as Error).message}`, { cause: error });
  }
}

async function fetchIndexText(url: string, options: ReadPublishedIndexOptions): Promise<string | null> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_INDEX_TIMEOUT_MS;
  const fetchImpl = options.fetch ?? fetch;
  try {
    const response = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    if (response.status === 404) return null;
    if (!response.ok) {
      throw new Error(`HTTP ${response.status} ${response.statusText}`);
    }
    return await response.text();
  } catch (error) {
    const reason =
      (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (error as Error).message;
    throw new Error(
      `cannot read the published index ${url}: ${reason}; the release check cannot tell whether this version is out, so it stops (retry, or pass --timeout-ms)`,
      { cause: error },
    );
  }
}
