/**
 * Builds the cells (plug-in × backend) of one package for one target: check
 * every requirement first, then one CMake run per cell, then a summary that
 * lists what was built and what was skipped and why. Packaging reads that
 * summary, so a skipped backend is never dropped silently.
 */
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HostFacts, ReleaseTarget, ResolvedTarget } from '@wasmedge-plugins/common';
import type { ReleaseManifest } from '../manifest/schema.ts';
import { cellLayout, expandMatrix, packageLayout, resolveCell, resolveTargetRow, type Cell, type ResolvedCell } from '../cells/cells.ts';
import { dependenciesFor, loadDependencies, type NativeDependency } from '../deps/dependency.ts';
import { ensureStaticDependency } from '../deps/static-deps.ts';
import type { BuildLog } from './build-log.ts';
import { runCMakeCell } from './cmake.ts';
import { findMissing, hostToolRequirements, type ProbeEnv, type Requirement } from './requirements.ts';
import { getVariant, layoutKey } from './variants.ts';
import { ensureBuildRoot, inRootCommand, MMDEBSTRAP_INSTALL, type BuildRoot } from '../build-roots/build-root.ts';
import { describeWheelRuntime } from '../deps/runtime-sources.ts';
import { ensureSdk, type BackendRuntime } from '../deps/sdks.ts';
import { findZig, writeZigToolchain, ZIG_INSTALL } from './zig-toolchain.ts';

export class BuildError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BuildError';
  }
}

export interface BuildRequest {
  workspaceRoot: string;
  manifest: ReleaseManifest;
  target: string;
  /** Build every cell of this package ... */
  package?: string;
  /** ... or only this plug-in (and backend): then a missing requirement is an error. */
  plugin?: string;
  backend?: string;
  hostFacts: HostFacts;
  /** A build variant (variants.ts), `host` only: built into `<target>-<variant>`. */
  variant?: string;
  probeEnv: ProbeEnv;
  log: BuildLog;
  dryRun?: boolean;
  /** Replaced in tests; runs CMake by default. */
  runCell?: typeof runCMakeCell;
  /** Replaced in tests; makes (or reuses) a cell's build root. */
  ensureRoot?: typeof ensureBuildRoot;
}

/** A native dependency as the build linked it: what the audit expects to find in the library. */
export interface LinkedDependency {
  name: string;
  version: string;
  identity: NativeDependency['identity'];
  /** Built from the pinned source into the library, or the system's shared library (host). */
  linkage: 'static' | 'system';
}

/** A built cell as packaging receives it: the resolved cell and what was linked. */
export interface BuiltCell extends ResolvedCell {
  /** The native dependencies it links (its manifest `links`); the audit checks each against the ELF. */
  linked?: LinkedDependency[];
  /** The backend runtime the library needs at run time (the SDK it links, or the runtime it opens), from pinned wheels. */
  backendRuntime?: BackendRuntime;
}

export interface BuildSummary {
  target: string;
  /** The target's row as the build resolved it; packaging uses it as is. */
  row: ResolvedTarget;
  built: BuiltCell[];
  /** Cells not built, with why: the manifest's own (planned, excluded) and what this machine lacks. */
  skipped: { id: string; plugin: string; backend: string | null; reason: string }[];
}

/** The languages a package's CMake project enables, from its project() line. */
export function readProjectLanguages(sourceDir: string): ('C' | 'CXX')[] {
  const text = readFileSync(join(sourceDir, 'CMakeLists.txt'), 'utf8');
  const project = /project\s*\(\s*[\w-]+([^)]*)\)/i.exec(text)?.[1] ?? '';
  const langs = (['C', 'CXX'] as const).filter((l) => new RegExp(`\\b${l}\\b`).test(project));
  return langs.length > 0 ? [...langs] : ['C', 'CXX'];
}

function selectCells(request: BuildRequest): { cells: Cell[]; skipped: BuildSummary['skipped'] } {
  // Layout paths stay relative to the workspace root, in the summary too, so
  // a moved checkout or a build restored elsewhere still finds its files.
  const matrix = expandMatrix(request.manifest, { targets: [request.target] });
  const matches = (c: Cell) =>
    (request.package === undefined || c.package === request.package) &&
    (request.plugin === undefined || c.plugin === request.plugin) &&
    (request.backend === undefined || c.backend === request.backend);
  const chosen = matrix.cells.filter(matches);
  const skipped = matrix.skipped.filter(matches).map(({ id, plugin, backend, reason }) => ({ id, plugin, backend, reason }));
  if (chosen.length === 0) {
    const what = [request.package && `package ${request.package}`, request.plugin && `plug-in ${request.plugin}`, request.backend && `backend ${request.backend}`]
      .filter(Boolean)
      .join(', ');
    const why = skipped.length ? ` (${skipped.map((s) => `${s.id}: ${s.reason}`).join('; ')})` : '';
    throw new BuildError(`release-manifest.json ships nothing for ${what || 'this request'} on target ${request.target}${why}`);
  }
  return { cells: chosen, skipped };
}

export async function buildCells(request: BuildRequest): Promise<BuildSummary> {
  const { workspaceRoot, log } = request;
  const row = resolveTargetRow(request.target, request.hostFacts);
  const toolchainVariables: Record<string, string> = {};
  // zig builds a release target's cells, except those that build in a root.
  const selected = selectCells(request);
  if (row.toolchain === 'zig' && selected.cells.some((c) => c.buildEnv.root === null)) {
    const zig = findZig();
    if (zig === undefined) {
      throw new BuildError(`target ${request.target} is built with zig's C compiler, which is not installed: ${ZIG_INSTALL}`);
    }
    const dir = join(workspaceRoot, 'build', 'toolchains', row.name);
    toolchainVariables.CMAKE_TOOLCHAIN_FILE = await writeZigToolchain(dir, zig, row as ReleaseTarget & { name: string });
  }
  const variant = request.variant ? getVariant(request.variant) : undefined;
  if (variant !== undefined) {
    if (row.toolchain !== 'system') {
      throw new BuildError(`the ${variant.name} variant is built for target host only, not ${request.target}`);
    }
    toolchainVariables.CMAKE_C_COMPILER = variant.cCompiler;
    toolchainVariables.CMAKE_CXX_COMPILER = variant.cxxCompiler;
  }
  // A variant's cells live in their own directories (`<target>-<variant>`), never packaged.
  const dirKey = layoutKey(request.target, request.variant);
  const explicit = request.plugin !== undefined;
  if (dirKey !== request.target) {
    for (const c of selected.cells) c.layout = { ...cellLayout('', dirKey, c), library: join(cellLayout('', dirKey, c).installDir, c.library) };
  }
  const summary: BuildSummary = { target: dirKey, row, built: [], skipped: [...selected.skipped] };
  const runCell = request.runCell ?? runCMakeCell;
  const available = loadDependencies(workspaceRoot);

  for (const cell of selected.cells.map((c) => resolveCell(c, row))) {
    const { id, layout } = cell;
    const at = (path: string) => join(workspaceRoot, path);
    if (!existsSync(join(at(layout.sourceDir), 'CMakeLists.txt'))) {
      throw new BuildError(`${id}: ${layout.sourceDir}/CMakeLists.txt does not exist (release-manifest.json names package "${cell.package}")`);
    }
    // What the plug-in links: the system's development package on `host`,
    // a static build from a pinned source for a release target (the
    // system's copy is for this machine only).
    const linked: NativeDependency[] = cell.links.length ? dependenciesFor(cell.links, available) : [];
    const systemRequirements: Requirement[] =
      row.toolchain === 'system'
        ? linked.flatMap((d) => d.system.files.map((name) => ({ kind: 'file' as const, name, install: d.system.install, neededBy: `${cell.plugin} (links ${d.name})` })))
        : [];
    // A cell built in a root needs only what makes and enters the root here.
    const toolRequirements = cell.buildEnv.root ? buildRootRequirements(cell.id) : hostToolRequirements(readProjectLanguages(at(layout.sourceDir)));
    const missing = findMissing([...toolRequirements, ...(variant?.requirements ?? []), ...cell.requires, ...systemRequirements], request.probeEnv);
    if (missing.length > 0) {
      if (explicit) {
        throw new BuildError(`cannot build ${id} for ${request.target}:\n  ${missing.join('\n  ')}`);
      }
      summary.skipped.push({ id, plugin: cell.plugin, backend: cell.backend, reason: missing.join('; ') });
      continue;
    }
    const linkage = row.toolchain === 'system' ? 'system' : 'static';
    const linkedDependencies: LinkedDependency[] = linked.map(({ name, version, identity }) => ({ name, version, identity, linkage }));
    const licenses: { from: string; name: string }[] = [];
    const dependencyVariables: Record<string, string> = {};
    if (row.toolchain !== 'system' && !request.dryRun) {
      for (const dependency of linked) {
        const built = await ensureStaticDependency({ workspaceRoot, dependency, target: request.target, log });
        Object.assign(dependencyVariables, built.cmakeVariables);
        licenses.push({ from: built.licenseFile, name: `LICENSE-${built.name}.txt` });
      }
    }
    let backendRuntime: BackendRuntime | undefined;
    await log.group(`build ${id} for ${dirKey}`, async () => {
      if (request.dryRun) {
        const where = cell.buildEnv.root ? ` inside build root ${cell.buildEnv.root.name} (Debian ${cell.buildEnv.root.suite})` : '';
        log.info(`(dry run) would configure ${layout.sourceDir} into ${layout.buildDir}${where}`);
        return;
      }
      await rm(at(layout.installDir), { recursive: true, force: true });
      const envVariables: Record<string, string> = {};
      const binds = [workspaceRoot];
      let wrap: ((argv: string[]) => string[]) | undefined;
      if (cell.buildEnv.sdk !== null) {
        const sdk = await ensureSdk(workspaceRoot, cell.buildEnv.sdk, (line) => log.info(line));
        Object.assign(envVariables, sdk.cmakeVariables);
        binds.push(sdk.dir);
        backendRuntime = sdk.runtime;
      } else if (cell.runtime !== null) {
        // The runtime the plug-in opens itself, read from its pinned wheel for this architecture.
        backendRuntime = await describeWheelRuntime(workspaceRoot, cell.runtime, row.arch, (line) => log.info(line));
      }
      if (cell.buildEnv.root !== null) {
        const { name, ...spec } = cell.buildEnv.root;
        const root: BuildRoot = await (request.ensureRoot ?? ensureBuildRoot)({ name, ...spec }, { workspaceRoot, log: (line) => log.info(line) });
        if (!root.created) log.info(`build root ${name}: reusing ${root.dir}`);
        envVariables.CMAKE_C_COMPILER = spec.cCompiler;
        envVariables.CMAKE_CXX_COMPILER = spec.cxxCompiler;
        wrap = (argv) => inRootCommand(root, argv, { binds });
      }
      const cacheVariables: Record<string, string> = {
        ...(cell.buildEnv.root ? {} : toolchainVariables),
        ...envVariables,
        ...dependencyVariables,
        WASMEDGE_PLUGIN_FILE_NAME: cell.library,
        WASMEDGE_PLUGIN_VERSION: cell.version,
        // A bundled library's version text is read back from the ELF by the audit: keep it linked in.
        WASMEDGE_PLUGIN_KEEP_SYMBOLS: linkage === 'static' ? linked.map((d) => d.identity.symbol).join(';') : '',
      };
      if (cell.backend !== null) {
        cacheVariables.WASMEDGE_PLUGIN_BACKEND = cell.backend;
      }
      try {
        await runCell(
          { sourceDir: at(layout.sourceDir), buildDir: at(layout.buildDir), installDir: at(layout.installDir), cacheVariables, workspaceRoot, flags: variant?.flags, wrap },
          (line) => log.info(line),
        );
      } catch (cause) {
        throw new BuildError(`building ${id} for ${request.target} failed (CMake output above)`, { cause });
      }
      // What is linked in ships with its license, next to the plug-in's own.
      for (const license of licenses) await copyFile(license.from, join(at(layout.installDir), license.name));
    });
    summary.built.push({
      ...cell,
      ...(linkedDependencies.length ? { linked: linkedDependencies } : {}),
      ...(backendRuntime ? { backendRuntime } : {}),
    });
  }
  if (!request.dryRun) {
    const path = join(workspaceRoot, selected.cells[0]!.layout.buildSummary);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, `${JSON.stringify(summary, null, 2)}\n`);
  }
  return summary;
}

/** What this machine needs to make a build root and build inside it. */
function buildRootRequirements(id: string): Requirement[] {
  const neededBy = `${id} (built in a Debian root)`;
  return [
    { kind: 'command', name: 'mmdebstrap', install: MMDEBSTRAP_INSTALL, neededBy },
    { kind: 'command', name: 'unshare', install: 'apt-get install util-linux', neededBy },
    { kind: 'command', name: 'chroot', install: 'apt-get install coreutils', neededBy },
    // Without root, mmdebstrap's unshare mode maps the root's users onto subordinate ids through these.
    ...(process.getuid?.() === 0
      ? []
      : [
          { kind: 'command' as const, name: 'newuidmap', install: 'apt-get install uidmap', neededBy },
          { kind: 'command' as const, name: 'newgidmap', install: 'apt-get install uidmap', neededBy },
        ]),
  ];
}

/** Where a package's build summary for a target lives, relative to the workspace root. */
export function buildSummaryPath(target: string, pkg: string): string {
  return packageLayout('', target, pkg).buildSummary;
}

export function formatSummary(summary: BuildSummary): string {
  const lines = [`target ${summary.target} (${summary.row.platform}):`];
  for (const b of summary.built) lines.push(`  built    ${b.id} -> ${b.layout.library}`);
  for (const s of summary.skipped) lines.push(`  skipped  ${s.id}: ${s.reason}`);
  return lines.join('\n');
}
