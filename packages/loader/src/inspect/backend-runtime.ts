/**
 * A backend's runtime (libtorch, OpenVINO, LiteRT) as the release index
 * records it for an installed plug-in, checked against what would be found
 * on this machine: each library missing, of another version, or built with
 * the other libstdc++ ABI is named with the fix, and so is a glibc below the
 * runtime's own floor (which can be above the plug-in's: 2.34 for LiteRT on
 * aarch64, against 2.17). The most common failure of a backend plug-in is a
 * runtime of another version or ABI (a libtorch from a distribution beside a
 * plug-in built for PyPI's). A `linked` runtime stops the plug-in from
 * loading, so its problems are errors; a `dlopen` one only fails the first
 * model load, so they are warnings.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { compareDottedVersions, readElf, type BackendRuntime } from '@wasmedge-plugins/common';
import { createProblem, type DoctorProblem } from './problems.ts';

/** One runtime library as the dynamic linker would resolve it. */
export interface FoundLibrary {
  soname: string;
  path: string;
  /** The file's own SONAME (a development symlink may point at another version's file). */
  ownSoname: string | null;
  /** The version of the package it belongs to, when a pip install's dist-info beside it says so. */
  version: string | null;
  /** The file the path resolves to (through symlinks). */
  realPath: string;
  cxxAbi: 'cxx11' | 'pre-cxx11' | null;
}

export interface LibrarySearch {
  /** LD_LIBRARY_PATH's directories, in order. */
  libraryPath: string[];
  /** The loader cache (`ldconfig -p`): soname to path. */
  cache: Map<string, string>;
  /** The default directories searched last. */
  defaults: string[];
}

const DEFAULT_DIRS = ['/lib/x86_64-linux-gnu', '/usr/lib/x86_64-linux-gnu', '/lib/aarch64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/lib64', '/usr/lib64', '/lib', '/usr/lib'];

/** This process's search: LD_LIBRARY_PATH, then the ldconfig cache, then the default directories. */
export function currentLibrarySearch(env: NodeJS.ProcessEnv = process.env): LibrarySearch {
  const cache = new Map<string, string>();
  try {
    const listing = execFileSync('/sbin/ldconfig', ['-p'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    for (const match of listing.matchAll(/^\s+(\S+) \(([^)]*)\) => (\S+)$/gm)) {
      // Only this machine's word size: x86-64 or AArch64 entries.
      if (!cache.has(match[1]!) && /x86-64|AArch64/.test(match[2]!)) cache.set(match[1]!, match[3]!);
    }
  } catch {
    // no ldconfig (a minimal container): the directories below still count
  }
  return { libraryPath: (env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean), cache, defaults: DEFAULT_DIRS };
}

/**
 * Where `soname` resolves: `first` (a plug-in's own directory, which a dlopen backend searches
 * first), then the dynamic linker's order, with the needing library's RUNPATH after
 * LD_LIBRARY_PATH.
 */
export function resolveLibrary(soname: string, search: LibrarySearch, first: readonly string[] = [], runpath: readonly string[] = []): string | null {
  for (const dir of first) if (existsSync(join(dir, soname))) return join(dir, soname);
  for (const dir of search.libraryPath) if (existsSync(join(dir, soname))) return join(dir, soname);
  for (const dir of runpath) if (existsSync(join(dir, soname))) return join(dir, soname);
  const cached = search.cache.get(soname);
  if (cached !== undefined && existsSync(cached)) return cached;
  for (const dir of search.defaults) if (existsSync(join(dir, soname))) return join(dir, soname);
  return null;
}

const CXX11_IMPORT = /St7__cxx11|B5cxx11/;
const PRE_CXX11_IMPORT = /^_ZNK?Ss|[RP]KSs/;

/**
 * The package version a library belongs to: a `<package>-<version>.dist-info`
 * within two directories above it (a wheel installed by pip). Other installs
 * (a distribution's package) show their version in the SONAME instead.
 */
export function versionOf(path: string, pkg: string): string | null {
  const wanted = new RegExp(`^${pkg.replace(/[-_.]+/g, '[-_.]')}-([^-]+)\\.dist-info$`, 'i');
  let dir = dirname(path);
  for (let up = 0; up < 3; up++) {
    try {
      for (const name of readdirSync(dir)) {
        const match = wanted.exec(name);
        if (match) return match[1]!;
      }
    } catch {
      // unreadable: look further up
    }
    dir = dirname(dir);
  }
  return null;
}

export function inspectLibrary(soname: string, path: string, pkg: string): FoundLibrary {
  const elf = readElf(readFileSync(path), path);
  const imported = elf.symbols.filter((s) => !s.defined).map((s) => s.name);
  const cxxAbi = imported.some((n) => CXX11_IMPORT.test(n)) ? 'cxx11' : imported.some((n) => PRE_CXX11_IMPORT.test(n)) ? 'pre-cxx11' : null;
  return { soname, path, realPath: realpathSync(path), ownSoname: elf.soname, version: versionOf(path, pkg), cxxAbi };
}

/** Versions equal up to a local label (2.15.0+cu130 is 2.15.0). */
function sameVersion(found: string, wanted: string): boolean {
  return found.split('+')[0] === wanted.split('+')[0];
}

function installAdvice(runtime: BackendRuntime, context: RuntimeContext): string {
  if (context.fix !== undefined) return `run \`${context.fix}\`, which installs the ${runtime.package} ${runtime.version} runtime beside the plug-in`;
  return (
    `install ${runtime.package} ${runtime.version} (pip install ${runtime.package}==${runtime.version}) and put the directories holding ` +
    `${runtime.libraries.join(', ')} on LD_LIBRARY_PATH` +
    (runtime.linkage === 'dlopen' ? ", or set the backend's library path variable (the plug-in's README names it)" : '')
  );
}

/** What doctor knows of the machine and the plug-in beside the runtime's libraries. */
export interface RuntimeContext {
  /** This machine's glibc version; null when not glibc or unknown. */
  glibc: string | null;
  /** The one command that installs the runtime beside the plug-in, when this tool installed it. */
  fix?: string;
}

/** The problems of `runtime` given what each of its libraries resolves to (null: not found). */
export function judgeBackendRuntime(runtime: BackendRuntime, found: ReadonlyMap<string, FoundLibrary | null>, context: RuntimeContext = { glibc: null }): DoctorProblem[] {
  const severity = runtime.linkage === 'linked' ? 'error' : 'warning';
  const problems: DoctorProblem[] = [];
  const wanted = `${runtime.package} ${runtime.version} (${runtime.cxxAbi ?? 'C'} ABI)`;
  const missing = runtime.libraries.filter((l) => found.get(l) == null);
  if (missing.length > 0) {
    problems.push(
      createProblem('backend-runtime-missing', {
        found: `the dynamic linker finds no ${missing.join(', ')}: the ${runtime.package} runtime this plug-in needs is not installed, not beside the plug-in and not on the library path`,
        required: `${wanted}: ${runtime.libraries.join(', ')}`,
        action: installAdvice(runtime, context),
      }, severity),
    );
  }
  for (const library of runtime.libraries) {
    const lib = found.get(library);
    if (lib == null) continue;
    const otherSoname = lib.ownSoname !== null && lib.ownSoname !== library;
    if ((lib.version !== null && !sameVersion(lib.version, runtime.version)) || otherSoname) {
      const what = [lib.version !== null ? `${runtime.package} ${lib.version}` : null, otherSoname ? `${basename(lib.realPath)} with SONAME ${lib.ownSoname}` : null].filter(Boolean).join(', ');
      problems.push(
        createProblem('backend-runtime-mismatch', {
          found: `${library} resolves to ${lib.path}, which is ${what}, not ${runtime.package} ${runtime.version}`,
          required: wanted,
          action: context.fix !== undefined ? installAdvice(runtime, context) : `${installAdvice(runtime, context)}, ahead of ${dirname(lib.path)}`,
        }, severity),
      );
    } else if (runtime.cxxAbi !== null && lib.cxxAbi !== null && lib.cxxAbi !== runtime.cxxAbi) {
      problems.push(
        createProblem('backend-runtime-mismatch', {
          found: `${library} at ${lib.path} uses the ${lib.cxxAbi} C++ ABI, and the plug-in the ${runtime.cxxAbi} one: strings passed between them would be misread`,
          required: wanted,
          action: `${installAdvice(runtime, context)}; a libtorch built with _GLIBCXX_USE_CXX11_ABI=${runtime.cxxAbi === 'cxx11' ? 0 : 1} does not work with this plug-in`,
        }, severity),
      );
    }
  }
  if (runtime.glibcFloor !== null && context.glibc !== null && compareDottedVersions(context.glibc, runtime.glibcFloor) < 0) {
    problems.push(
      createProblem('backend-runtime-glibc', {
        found: `the ${runtime.package} ${runtime.version} runtime needs glibc ${runtime.glibcFloor}, and this machine has ${context.glibc}`,
        required: `glibc ${runtime.glibcFloor} or newer for this backend`,
        action: 'run this backend on a newer system, or use another backend of the plug-in',
      }, severity),
    );
  }
  return problems;
}

/** The plug-in's RUNPATH as directories ($ORIGIN is its own); [] when it has none or cannot be read. */
function runpathOf(pluginPath: string): string[] {
  try {
    return readElf(readFileSync(pluginPath), pluginPath).runpath.map((entry) => entry.replaceAll('$ORIGIN', dirname(pluginPath)).replaceAll('${ORIGIN}', dirname(pluginPath)));
  } catch {
    return [];
  }
}

/**
 * Checks `runtime` for the plug-in at `pluginPath` on this machine (or against
 * `search`). A dlopen runtime is also looked for beside the plug-in, where
 * the plug-in itself looks before the system.
 */
export function checkBackendRuntime(
  runtime: BackendRuntime,
  pluginPath: string,
  context: RuntimeContext,
  search: LibrarySearch = currentLibrarySearch(),
): DoctorProblem[] {
  const found = new Map<string, FoundLibrary | null>();
  const first = runtime.linkage === 'dlopen' ? [dirname(pluginPath)] : [];
  const runpath = runtime.linkage === 'linked' ? runpathOf(pluginPath) : [];
  for (const library of runtime.libraries) {
    const path = resolveLibrary(library, search, first, runpath);
    let lib: FoundLibrary | null = null;
    if (path !== null) {
      try {
        lib = inspectLibrary(library, path, runtime.package);
      } catch {
        lib = { soname: library, path, realPath: path, ownSoname: null, version: null, cxxAbi: null };
      }
    }
    found.set(library, lib);
  }
  return judgeBackendRuntime(runtime, found, context);
}
