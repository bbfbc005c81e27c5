/**
 * HTTP(S) for the installer: proxies from HTTPS_PROXY/HTTP_PROXY/NO_PROXY,
 * redirects followed, a connect/headers/idle timeout, and a bounded retry of
 * transient failures (network errors, 5xx, 429).
 */
import { EnvHttpProxyAgent, fetch, type Dispatcher } from 'undici';
import { LoaderError } from '../errors.ts';

export interface HttpOptions {
  /** Milliseconds to wait for a connection, for headers, and between body chunks. */
  timeoutMs?: number;
  /** Attempts in all, for transient failures. */
  attempts?: number;
  dispatcher?: Dispatcher;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_ATTEMPTS = 3;

let sharedDispatcher: Dispatcher | undefined;

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

/** GETs `url` and returns the response once its status is 2xx, retrying transient failures. */
export async function httpGet(url: string, options: HttpOptions = {}): Promise<Response> {
  const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
  const dispatcher = dispatcherFor(options);
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = (await fetch(url, { dispatcher, redirect: 'follow' })) as unknown as Response;
      if (response.ok) {
        return response;
      }
      await response.body?.cancel();
      const error = new LoaderError('download', `GET ${url}: the server answered ${response.status} ${response.statusText}`);
      if (!isTransient(response.status)) throw error;
      lastError = error;
    } catch (err) {
      if (err instanceof LoaderError && err.kind === 'download' && !/answered (5\d\d|429)/.test(err.message)) throw err;
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
