/**
 * HTTP(S) for the installer: proxies from HTTPS_PROXY/HTTP_PROXY/NO_PROXY, a
 * connect/headers/idle timeout, an overall deadline for each download (body
 * included, retries included), a bounded retry of transient failures
 * (network errors, 5xx, 429), and redirects followed only where the first
 * URL allows: https never becomes http, and the host stays the first URL's
 * or one its origin implies (REDIRECT_HOSTS, or the caller's list).
 */
import { EnvHttpProxyAgent, fetch, type Dispatcher } from 'undici';
import { LoaderError } from '../errors.ts';

export interface HttpOptions {
  /** Milliseconds to wait for a connection, for headers, and between body chunks. */
  timeoutMs?: number;
  /** Milliseconds the whole download may take, every attempt and the body included. */
  deadlineMs?: number;
  /** Attempts in all, for transient failures. */
  attempts?: number;
  dispatcher?: Dispatcher;
  /** Hosts a redirect may lead to besides the first URL's own and those its host implies. */
  redirectHosts?: readonly string[];
}

export interface HttpResponse {
  response: Response;
  /** The URL that answered, after redirects. */
  url: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_DEADLINE_MS = 30 * 60_000;
const DEFAULT_ATTEMPTS = 3;
const MAX_REDIRECTS = 5;
/** Limits on the numbers callers pass: a day, and ten attempts. */
const MAX_MS = 24 * 3600_000;
const MAX_ATTEMPTS = 10;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Hosts that serve release downloads on behalf of a release host, by the host the index is on. */
export const REDIRECT_HOSTS: Readonly<Record<string, readonly string[]>> = {
  'github.com': ['objects.githubusercontent.com', 'release-assets.githubusercontent.com'],
};

let sharedDispatcher: Dispatcher | undefined;

function checkNumber(name: string, value: number | undefined, max: number, integer: boolean): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > max || (integer && !Number.isInteger(value))) {
    throw new LoaderError('usage', `${name} must be ${integer ? 'a whole number' : 'a number'} above 0 and at most ${max}, not ${String(value)}`);
  }
}

/** Refuses options no download can honour (a negative or infinite timeout, zero attempts). */
export function checkHttpOptions(options: HttpOptions): void {
  checkNumber('timeoutMs', options.timeoutMs, MAX_MS, false);
  checkNumber('deadlineMs', options.deadlineMs, MAX_MS, false);
  checkNumber('attempts', options.attempts, MAX_ATTEMPTS, true);
}

/** A command-line number of seconds (e.g. --timeout 30) as milliseconds, or a usage error that names the flag. */
export function parseSeconds(flag: string, text: string): number {
  const seconds = /^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : NaN;
  if (!(seconds > 0) || seconds * 1000 > MAX_MS) {
    throw new LoaderError('usage', `${flag} must be a number of seconds above 0 and at most ${MAX_MS / 1000}, not "${text}"`);
  }
  return Math.round(seconds * 1000);
}

function dispatcherFor(options: HttpOptions): Dispatcher {
  if (options.dispatcher) return options.dispatcher;
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (options.timeoutMs !== undefined) {
    return new EnvHttpProxyAgent({ connectTimeout: timeout, headersTimeout: timeout, bodyTimeout: timeout });
  }
  sharedDispatcher ??= new EnvHttpProxyAgent({ connectTimeout: timeout, headersTimeout: timeout, bodyTimeout: timeout });
  return sharedDispatcher;
}

function isTransient(status: number): boolean {
  return status >= 500 || status === 429;
}

/** Why following a redirect from `from` to `to` is refused; null when it may be followed. */
export function redirectProblem(first: URL, to: URL, extraHosts: readonly string[] = []): string | null {
  if (to.protocol !== 'https:' && to.protocol !== 'http:') return `it leads to a ${to.protocol} URL`;
  if (first.protocol === 'https:' && to.protocol !== 'https:') return 'it leaves https for plain http';
  const allowed = new Set([first.hostname, ...(REDIRECT_HOSTS[first.hostname] ?? []), ...extraHosts]);
  if (!allowed.has(to.hostname)) return `${to.hostname} is not ${[...allowed].join(' or ')}`;
  return null;
}

async function getFollowing(start: URL, dispatcher: Dispatcher, signal: AbortSignal, options: HttpOptions): Promise<HttpResponse> {
  let url = start;
  for (let hop = 0; ; hop++) {
    const response = (await fetch(url, { dispatcher, redirect: 'manual', signal })) as unknown as Response;
    if (!REDIRECT_STATUSES.has(response.status)) return { response, url: url.href };
    await response.body?.cancel();
    const location = response.headers.get('location');
    if (location === null) throw new LoaderError('download', `GET ${url.href}: the server answered ${response.status} without a Location`);
    const next = new URL(location, url);
    const problem = redirectProblem(start, next, options.redirectHosts);
    if (problem !== null) {
      throw new LoaderError('download', `GET ${url.href} redirected to ${next.href}, which is refused: ${problem}`, {
        hint: 'a release mirror must serve its files itself over the scheme it was named with: name the final location with --index if you trust it',
      });
    }
    if (hop >= MAX_REDIRECTS) throw new LoaderError('download', `GET ${start.href}: more than ${MAX_REDIRECTS} redirects`);
    url = next;
  }
}

function isDeadline(err: unknown): boolean {
  const e = err as { name?: string; cause?: { name?: string } } | undefined;
  return e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError';
}

/** The message for a download that ran out of its overall time. */
export function describeDeadline(what: string, deadlineMs: number): string {
  return `${what} did not finish within its overall deadline of ${deadlineMs / 1000} s`;
}

/**
 * GETs `url` and returns the response once its status is 2xx, retrying
 * transient failures. Reading the body stays under the same deadline.
 */
export async function httpGet(url: string, options: HttpOptions = {}): Promise<HttpResponse & { deadlineMs: number }> {
  checkHttpOptions(options);
  const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const signal = AbortSignal.timeout(deadlineMs);
  const dispatcher = dispatcherFor(options);
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const answer = await getFollowing(new URL(url), dispatcher, signal, options);
      if (answer.response.ok) {
        return { ...answer, deadlineMs };
      }
      await answer.response.body?.cancel();
      const error = new LoaderError('download', `GET ${answer.url}: the server answered ${answer.response.status} ${answer.response.statusText}`);
      if (!isTransient(answer.response.status)) throw error;
      lastError = error;
    } catch (err) {
      if (err instanceof LoaderError && err.kind === 'download' && !/answered (5\d\d|429)/.test(err.message)) throw err;
      if (isDeadline(err) || signal.aborted) throw new LoaderError('download', describeDeadline(`GET ${url}`, deadlineMs), { cause: err });
      lastError = err;
    }
    if (attempt < attempts) {
      await new Promise((r) => setTimeout(r, 200 * 2 ** (attempt - 1)));
    }
  }
  if (lastError instanceof LoaderError) throw lastError;
  const cause = lastError as Error & { cause?: Error };
  const why = cause?.cause?.message ?? cause?.message ?? String(lastError);
  throw new LoaderError('download', `GET ${url} failed after ${attempts} attempts: ${why}`, { cause: lastError });
}

/** The body as text, refused past `maxBytes` (declared or received) without reading the rest. */
export async function readBodyText(answer: HttpResponse & { deadlineMs: number }, maxBytes: number): Promise<string> {
  const declared = Number(answer.response.headers.get('content-length') ?? NaN);
  const tooLarge = () => new LoaderError('index', `${answer.url} is larger than ${maxBytes} bytes, more than any release index should be`);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await answer.response.body?.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    for await (const chunk of (answer.response.body ?? []) as unknown as AsyncIterable<Uint8Array>) {
      received += (chunk as Uint8Array).length;
      if (received > maxBytes) break; // leaving the loop cancels the stream
      chunks.push(chunk as Uint8Array);
    }
  } catch (err) {
    if (err instanceof LoaderError) throw err;
    if (isDeadline(err)) throw new LoaderError('download', describeDeadline(`GET ${answer.url}`, answer.deadlineMs), { cause: err });
    throw new LoaderError('download', `GET ${answer.url} failed while reading: ${(err as Error).message}`, { cause: err });
  }
  if (received > maxBytes) throw tooLarge();
  return Buffer.concat(chunks).toString('utf8');
}
