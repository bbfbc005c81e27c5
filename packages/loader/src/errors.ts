/**
 * The loader's one error type. Each kind carries a message for the reader,
 * the next step to take, and the exit code the CLI uses for it.
 */
export const ERROR_KINDS = {
  'native-host-missing': { exitCode: 3, hint: 'build the native host: npx nx run loader:build' },
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
  'resolve': { exitCode: 10, hint: 'list what the index offers with wasmedge-plugins install --list' },
  'verify': { exitCode: 11, hint: 'the file does not match the release index: do not use this mirror until it is fixed' },
  'install': { exitCode: 12, hint: 'nothing was changed; fix the cause and run the command again' },
  'locked': { exitCode: 13, hint: 'wait for the other installer to finish, or remove a stale lock it names' },
  'not-installed': { exitCode: 14, hint: 'wasmedge-plugins list shows what this tool installed' },
  'usage': { exitCode: 2, hint: 'see wasmedge-plugins --help' },
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
