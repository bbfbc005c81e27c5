/**
 * The problems doctor reports, and how a dynamic linker's error text maps to
 * them. Each problem says what was found, what was required and what to do,
 * and `message` joins those into sentences for the reader.
 */

export type ProblemKind =
  | 'wrong-architecture'
  | 'glibc-too-new'
  | 'library-too-old'
  | 'missing-library'
  | 'backend-runtime-missing'
  | 'backend-runtime-mismatch'
  | 'unresolved-symbol'
  | 'api-version'
  | 'duplicate'
  | 'not-a-plugin'
  | 'crashed'
  | 'hung'
  | 'load-failed'
  | 'not-searched-by-wasmedge'
  | 'backend-runtime-glibc';

export interface DoctorProblem {
  kind: ProblemKind;
  /** error: WasmEdge will not load it (or will crash); warning: it loads, but see the action. */
  severity: 'error' | 'warning';
  found: string;
  required: string;
  action: string;
  /** found, required and action as sentences. */
  message: string;
}

/** Builds a problem; `message` is derived so the three parts and the sentence never disagree. */
export function createProblem(
  kind: ProblemKind,
  parts: { found: string; required: string; action: string },
  severity: DoctorProblem['severity'] = 'error',
): DoctorProblem {
  const message = `${toSentence(parts.found)} ${toSentence(`Required: ${parts.required}`)} ${toSentence(parts.action)}`;
  return { kind, severity, ...parts, message };
}

interface LoadErrorRow {
  pattern: RegExp;
  explain(match: RegExpExecArray, pluginPath: string): DoctorProblem | null;
}

const LIBRARY_PATH_ADVICE =
  'install the package that provides it, or add the directory that holds it to LD_LIBRARY_PATH ' +
  '(a backend such as libtorch or OpenVINO needs its own runtime libraries installed)';

// glibc's dynamic linker messages, most specific first; the first row whose
// pattern matches and whose explain returns a problem is used.
const LOAD_ERROR_ROWS: LoadErrorRow[] = [
  {
    // "<lib>: version `GLIBCXX_3.4.30' not found (required by <plugin>)"
    pattern: /([^\s:]+): version `([A-Z]+)_([\d.]+)' not found/,
    explain: ([, library, family, version]) =>
      family === 'GLIBC'
        ? createProblem('glibc-too-new', {
            found: `it needs GLIBC_${version}, which this machine's ${library} does not provide`,
            required: `glibc ${version} or newer`,
            action: 'install the build of this plug-in for a platform this machine runs (wasmedge-plugins platform lists them)',
          })
        : createProblem('library-too-old', {
            found: `it needs ${family}_${version}, which this machine's ${library} does not provide`,
            required: `a ${library} that provides ${family}_${version}`,
            action: 'install the build of this plug-in for a platform this machine runs, or a newer C++ runtime library',
          }),
  },
  {
    // "<lib>: cannot open shared object file: No such file or directory"
    pattern: /([^\s:]+): cannot open shared object file/,
    explain: ([, library], pluginPath) =>
      library === pluginPath
        ? null
        : createProblem('missing-library', {
            found: `the library it needs, ${library}, is not found by the dynamic linker`,
            required: `${library} on the library search path (DT_NEEDED of the plug-in)`,
            action: `${LIBRARY_PATH_ADVICE}`,
          }),
  },
  {
    // "<plugin>: undefined symbol: foo"
    pattern: /undefined symbol: (\S+)/,
    explain: ([, symbol]) =>
      createProblem('unresolved-symbol', {
        found: `it uses ${symbol}, which no library loaded with it defines (the first such symbol; there may be more)`,
        required: 'every symbol it uses defined at load time; WasmEdge binds lazily, so the first call that uses it would crash',
        action: symbol!.startsWith('WasmEdge_')
          ? `it needs a WasmEdge C API function this host does not provide; install the build made for your runtime`
          : 'it was built against other versions of the libraries it needs; install the build that matches them, or those library versions',
      }),
  },
  {
    pattern: /(wrong ELF class|ELF file's machine|invalid ELF header|file too short)/,
    explain: ([, why]) =>
      createProblem('wrong-architecture', {
        found: `the dynamic linker refuses the file (${why})`,
        required: 'a shared library for this machine',
        action: 'install the build of this plug-in for this machine',
      }),
  },
];

/** Turns a dynamic linker error text into a problem; unknown texts become 'load-failed'. */
export function explainLoadError(text: string, pluginPath: string): DoctorProblem {
  for (const row of LOAD_ERROR_ROWS) {
    const match = row.pattern.exec(text);
    const problem = match === null ? null : row.explain(match, pluginPath);
    if (problem !== null) return problem;
  }
  return createProblem('load-failed', {
    found: `it cannot be opened: ${text}`,
    required: 'a shared library the dynamic linker can load',
    action: 'check the file and run ldd on it to see what it needs',
  });
}

function toSentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
