/**
 * doctor: for every plug-in on the search path, whether WasmEdge would load
 * it on this machine and, if not, why and what to do. ELF facts are judged in
 * TypeScript; the library is then opened in a child process with every
 * symbol bound at once (probe.ts), and its descriptor judged against the
 * runtime. Duplicates are judged last, in search order.
 */
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { discoverPlugins, type DiscoveredPlugin } from '../discovery/discover.ts';
import type { PluginSearchPath } from '../discovery/search-path.ts';
import type { PluginDescriptor } from '../host/plugin.ts';
import type { Platform } from '../platform/detect.ts';
import {
  checkApiVersion,
  checkElfFacts,
  checkSearchedByWasmEdge,
  describeRuntimeRequirement,
  type RuntimeRequirement,
} from './checks.ts';
import { readElfFacts, type ElfFacts } from './elf-facts.ts';
import { checkOpenable } from './inspect.ts';
import { findDuplicates } from './duplicates.ts';
import { probeDescriptor, type ProbeError, type ProbeOptions } from './probe.ts';
import { createProblem, explainLoadError, type DoctorProblem } from './problems.ts';
import { checkBackendRuntime, type LibrarySearch } from './backend-runtime.ts';
import { readInstallState, type InstallRecord } from '../install/install-state.ts';
import { defaultPluginDir } from '../install/plugin-dir.ts';

export interface DoctorOptions extends ProbeOptions {
  searchPath: PluginSearchPath;
  /** This machine (detectPlatform()); its arch and glibc are what plug-ins are judged against. */
  platform: Platform;
  /** The installed runtime, e.g. '0.17.1'; without it plug-ins are judged for WasmEdge 0.17.x. */
  runtimeVersion?: string;
  /** Plug-ins opened at the same time (default: up to 4). */
  concurrency?: number;
  /** Where backend runtimes are looked for (default: this process's LD_LIBRARY_PATH, ldconfig cache, system directories). */
  librarySearch?: LibrarySearch;
}

export type FindingStatus = 'ok' | 'warnings' | 'problems' | 'cannot-check';

export interface DoctorFinding {
  path: string;
  entry: DiscoveredPlugin['entry'];
  /** The descriptor's name, when it could be read. */
  name: string | null;
  status: FindingStatus;
  problems: DoctorProblem[];
  /** What could not be checked, and why. */
  unchecked: string[];
  elf: ElfFacts | null;
  descriptor: PluginDescriptor | null;
}

export interface DoctorReport {
  runtimeVersion: string | null;
  /** The APIVersion plug-ins must have; null when the runtime's is not known. */
  requiredApiVersion: number | null;
  findings: DoctorFinding[];
  /** Directories that exist but could not be read (skipped, as WasmEdge skips them). */
  skipped: { path: string; reason: string }[];
  /** Sentences about the search path and the runtime judged against. */
  notes: string[];
}

interface Context extends DoctorOptions, RuntimeRequirement {}

/**
 * Checks every plug-in on the search path.
 *
 * @example
 * const report = await doctor({ searchPath: pluginSearchPath(), platform: detectPlatform(), runtimeVersion: '0.17.1' });
 * for (const f of report.findings) console.log(f.path, f.status, f.problems.map((p) => p.message));
 */
export async function doctor(options: DoctorOptions): Promise<DoctorReport> {
  const skipped: DoctorReport['skipped'] = [];
  const plugins = await discoverPlugins(options.searchPath, {
    onSkipped: (path, error) => {
      if (error.code !== 'ENOENT') skipped.push({ path, reason: error.message });
    },
  });
  const requirement = describeRuntimeRequirement(options.runtimeVersion);
  const { requiredApiVersion } = requirement;
  const context: Context = { ...options, ...requirement };
  const { candidates, runtimeNotes } = await setRuntimeFilesAside(plugins);
  const findings = await mapWithConcurrency(candidates, options.concurrency ?? Math.min(4, availableParallelism()), (plugin) =>
    checkPlugin(plugin, context),
  );
  for (const { index, problem } of findDuplicates(findings, requiredApiVersion)) {
    findings[index]!.problems.push(problem);
  }
  for (const finding of findings) {
    finding.problems.push(...checkSearchedByWasmEdge(finding, options.searchPath));
    finding.status = decideStatus(finding);
  }
  const notes = [...options.searchPath.warnings, ...(requirement.note === null ? [] : [requirement.note]), ...runtimeNotes];
  return { runtimeVersion: options.runtimeVersion ?? null, requiredApiVersion, findings, skipped, notes };
}

/**
 * The discovered files that are plug-in candidates, without the runtime libraries this tool
 * installed beside a plug-in (--with-runtime): they are no plug-ins, and the plug-in's runtime
 * check covers them.
 */
async function setRuntimeFilesAside(plugins: readonly DiscoveredPlugin[]): Promise<{ candidates: DiscoveredPlugin[]; runtimeNotes: string[] }> {
  const states = new Map<string, Promise<InstallRecord[]>>();
  const recordsIn = (pluginDir: string) => {
    if (!states.has(pluginDir)) states.set(pluginDir, readInstallState(pluginDir).then((s) => [...s.installed.values()], () => []));
    return states.get(pluginDir)!;
  };
  const candidates: DiscoveredPlugin[] = [];
  const aside = new Map<InstallRecord, number>();
  for (const plugin of plugins) {
    const dir = dirname(plugin.path);
    const owner = (await recordsIn(dirname(dir))).find((r) => join(dirname(dir), r.dir) === dir && r.runtime?.files.includes(basename(plugin.path)));
    if (owner) aside.set(owner, (aside.get(owner) ?? 0) + 1);
    else candidates.push(plugin);
  }
  const runtimeNotes = [...aside].map(([r, n]) => `${n} librar${n === 1 ? 'y' : 'ies'} of the ${r.runtime!.package} ${r.runtime!.version} runtime installed with ${r.plugin} ${n === 1 ? 'is' : 'are'} no plug-in${n === 1 ? '' : 's'} and ${n === 1 ? 'was' : 'were'} checked as its runtime`);
  return { candidates, runtimeNotes };
}

async function checkPlugin(plugin: DiscoveredPlugin, context: Context): Promise<DoctorFinding> {
  const finding: DoctorFinding = { ...plugin, name: null, status: 'ok', problems: [], unchecked: [], elf: null, descriptor: null };
  try {
    finding.elf = readElfFacts(plugin.path);
  } catch (error) {
    finding.problems.push(
      createProblem('not-a-plugin', {
        found: (error as Error).message,
        required: 'a 64-bit ELF shared library that exports WasmEdge_Plugin_GetDescriptor',
        action: 'remove it from the plug-in directory, or rename it so it does not end in .so',
      }),
    );
    return finding;
  }
  finding.problems.push(...checkElfFacts(finding.elf, context.platform));
  if (finding.problems.some((p) => p.kind === 'wrong-architecture')) {
    return finding;
  }
  // The architecture is judged above; this decides C++ interface and non-plug-ins.
  const refusal = checkOpenable(plugin.path, finding.elf, undefined);
  if (refusal !== null) {
    recordRefusal(finding, refusal);
    return finding;
  }
  const probe = await probeDescriptor(plugin.path, context);
  if (probe.descriptor !== undefined) {
    finding.descriptor = probe.descriptor;
    finding.name = probe.descriptor.name;
    finding.problems.push(...checkApiVersion(probe.descriptor, context));
  } else {
    recordProbeError(finding, probe.error);
  }
  await checkRecordedRuntime(finding, context);
  return finding;
}

/**
 * For a plug-in this tool installed with a backend runtime recorded, what
 * the dynamic linker would find of that runtime. Its problems name the
 * runtime and version to install, so they replace the dynamic linker's
 * generic ones about the same libraries.
 */
async function checkRecordedRuntime(finding: DoctorFinding, context: Context): Promise<void> {
  const record = await installRecordOf(finding.path);
  const runtime = record?.backendRuntime;
  if (record === undefined || runtime === undefined) return;
  const glibc = context.platform.libc.family === 'glibc' ? (context.platform.libc.version ?? null) : null;
  // An index that says where the runtime comes from lets one command install it beside the plug-in.
  const fix = runtime.sources?.length ? reinstallCommand(record, dirname(dirname(finding.path))) : undefined;
  const problems = checkBackendRuntime(runtime, finding.path, { glibc, ...(fix ? { fix } : {}) }, context.librarySearch);
  if (problems.length === 0) return;
  finding.problems = finding.problems.filter((p) => !['missing-library', 'unresolved-symbol', 'load-failed'].includes(p.kind));
  finding.problems.push(...problems);
}

/** A word as a POSIX shell reads it back. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/** The command that installs `record`'s plug-in again, with its backend runtime, from the index it came from. */
export function reinstallCommand(record: InstallRecord, pluginDir: string): string {
  const words = ['wasmedge-plugins', 'install', record.backend ? `${record.plugin}-${record.backend}` : record.plugin, '--with-runtime', '--force', '--index', record.source];
  if (pluginDir !== defaultPluginDir()) words.push('--dir', pluginDir);
  return words.map(shellWord).join(' ');
}

/** The install record of the plug-in at `path` (<plugin dir>/<record dir>/<library>), if this tool installed it. */
async function installRecordOf(path: string) {
  const pluginDir = dirname(dirname(path));
  try {
    const { installed } = await readInstallState(pluginDir);
    return [...installed.values()].find((r) => join(pluginDir, r.dir, r.library) === path);
  } catch {
    return undefined; // an unreadable record: the other checks still stand
  }
}

function recordRefusal(finding: DoctorFinding, refusal: ProbeError): void {
  if (finding.elf?.pluginInterface === 'c++') {
    finding.unchecked.push(`cannot check, C++ interface: ${refusal.message}`);
    return;
  }
  finding.problems.push(
    createProblem('not-a-plugin', {
      found: refusal.message,
      required: 'a library that exports WasmEdge_Plugin_GetDescriptor, the C plug-in entry point',
      action: 'remove it from the plug-in directory if it is not meant to be a plug-in (WasmEdge opens every .so it finds)',
    }),
  );
}

function recordProbeError(finding: DoctorFinding, error: ProbeError): void {
  const { path } = finding;
  const problems = finding.problems;
  switch (error.failure) {
    case 'crashed':
      problems.push(createProblem('crashed', { found: error.message, required: 'a plug-in that opens without crashing', action: error.hint ?? '' }));
      return;
    case 'timed-out':
      problems.push(createProblem('hung', { found: error.message, required: 'a plug-in that opens promptly', action: error.hint ?? '' }));
      return;
    case 'host-missing':
      finding.unchecked.push(`descriptor, API version and symbols: ${error.message}; ${error.hint ?? ''}`.trim());
      if (error.lazyOpen?.ok === false) addLoadProblem(problems, explainLoadError(error.lazyOpen.message, path));
      return;
    default:
      if (error.kind === 'not-a-plugin') {
        recordRefusal(finding, error);
      } else {
        addLoadProblem(problems, explainLoadError(error.message, path));
      }
  }
}

// A glibc need already reported from the ELF facts is not reported again
// when the dynamic linker trips over the same thing.
function addLoadProblem(problems: DoctorProblem[], problem: DoctorProblem): void {
  if (!problems.some((p) => p.kind === problem.kind)) problems.push(problem);
}

function decideStatus(finding: DoctorFinding): FindingStatus {
  if (finding.problems.some((p) => p.severity === 'error')) return 'problems';
  if (finding.unchecked.length > 0) return 'cannot-check';
  return finding.problems.length > 0 ? 'warnings' : 'ok';
}

async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
