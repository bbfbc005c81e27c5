/**
 * The loader's one error type. Each kind carries a message for the reader,
 * the next step to take, and the exit code the CLI uses for it.
 */
export const ERROR_KINDS = {
  'native-host-missing': { exitCode: 3, hint: 'build the native host from source: npx wasmedge-plugins build-host (needs cmake and a C++ compiler)' },
  'plugin-open': { exitCode: 4, hint: 'check the path, the architecture and the libraries it needs (wasmedge-plugins doctor)' },
  'not-a-plugin': { exitCode: 4, hint: 'only shared libraries that export WasmEdge_Plugin_GetDescriptor are plug-ins' },
  'api-version': { exitCode: 4, hint: 'install the build of this plug-in made for your WasmEdge runtime' },
  'option': { exitCode: 2, hint: 'list the plug-in\'s options with wasmedge-plugins inspect <file>' },
  'module': { exitCode: 4, hint: 'list the plug-in\'s modules with wasmedge-plugins inspect <file>' },
  'link': { exitCode: 5, hint: 'the wasm module imports something the plug-in does not provide with that type' },
  'host-call': { exitCode: 6, hint: 'see the plug-in\'s README for the meaning of the result code' },
  'wasm-parse': { exitCode: 5, hint: 'the file is not a valid WebAssembly binary' },
  'platform': { exitCode: 7, hint: 'run wasmedge-plugins platform to see what this machine is' },
  'index': { exitCode: 8, hint: 'check the --index location (a release directory, index.json, or its URL)' },
  'download': { exitCode: 9, hint: 'check the network or proxy settings (HTTPS_PROXY, NO_PROXY) and try again' },
  'resolve': { exitCode: 10, hint: 'list what the index offers: wasmedge-plugins available --index <URL or directory>' },
  'verify': { exitCode: 11, hint: 'the file does not match the release index: do not use this mirror until it is fixed' },
  'install': { exitCode: 12, hint: 'nothing was changed; fix the cause and run the command again' },
  'locked': { exitCode: 13, hint: 'wait for the other installer to finish, or remove a stale lock it names' },
  'not-installed': { exitCode: 14, hint: 'wasmedge-plugins list shows what this tool installed' },
  'usage': { exitCode: 2, hint: 'see wasmedge-plugins --help' },
  'system': { exitCode: 15, hint: 'the operating system refused a file operation; fix the cause named above and run the command again' },
} as const;

export type ErrorKind = keyof typeof ERROR_KINDS;

export class LoaderError extends Error {
  readonly kind: ErrorKind;
  readonly hint: string;
  readonly exitCode: number;

  constructor(kind: ErrorKind, message: string, options?: { cause?: unknown; hint?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LoaderError';
    this.kind = kind;
    this.hint = options?.hint ?? ERROR_KINDS[kind].hint;
    this.exitCode = ERROR_KINDS[kind].exitCode;
  }
}

/** Next steps for the system errors people meet while installing, by errno code. */
const SYSTEM_ERROR_HINTS: Record<string, string> = {
  ENOSPC: 'the disk is full: free some space and run the command again (nothing was changed)',
  EDQUOT: 'your disk quota is used up: free some space and run the command again (nothing was changed)',
  EFBIG: 'a file grew past the size the system allows (ulimit -f); raise the limit and run the command again',
  EACCES: 'permission denied: run as a user who may write there, or choose another place with --dir',
  EPERM: 'the operation is not permitted there: run as a user who may write there, or choose another place with --dir',
  EROFS: 'the file system is read-only: choose another place with --dir',
  EMFILE: 'too many open files: raise the limit (ulimit -n) and run the command again',
  ENFILE: 'the system ran out of file handles: close some programs and run the command again',
  EIO: 'the disk reported an input/output error: check the disk, then run the command again',
};

/**
 * A LoaderError of kind 'system' for an error that carries an errno code
 * (ENOSPC, EACCES, ...), with its own next step; null for anything else, so a
 * full disk is never reported as a bad download or a tampered archive.
 */
export function fromSystemError(cause: unknown, doing: string): LoaderError | null {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string' || !/^E[A-Z0-9]+$/.test(code)) return null;
  const known = SYSTEM_ERROR_HINTS[code];
  // Other codes only from file operations (they name a path), never from sockets.
  if (known === undefined && !(cause as NodeJS.ErrnoException).path) return null;
  return new LoaderError('system', `${doing} failed: ${(cause as Error).message}`, { cause, hint: known });
}

/** At most `limit` lines, then one line counting the rest: errors stay readable whatever the input. */
export function limitLines(lines: readonly string[], limit = 20): string[] {
  return lines.length <= limit ? [...lines] : [...lines.slice(0, limit), `... and ${lines.length - limit} more`];
}

/**
 * A host function returned a failure or terminate result. `resultCode` is the
 * 32-bit WasmEdge_Result code (category in bits 31..24).
 */
export class HostFunctionError extends LoaderError {
  readonly resultCode: number;
  readonly terminated: boolean;

  constructor(message: string, resultCode: number) {
    super('host-call', message);
    this.name = 'HostFunctionError';
    this.resultCode = resultCode;
    this.terminated = resultCode === 1;
  }

  get category(): number {
    return this.resultCode >>> 24;
  }

  get code(): number {
    return this.resultCode & 0xffffff;
  }
}
