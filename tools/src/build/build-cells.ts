/**
 * Builds the cells (plug-in × backend) of one package for one target: check
 * every requirement first, then one CMake run per cell, then a summary that
 * lists what was built and what was skipped and why. Packaging reads that
 * summary, so a skipped backend is never dropped silently.
 */
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeHostTarget, resolveTarget, type BundledLibrary, type HostFacts, type ReleaseTarget, type ResolvedTarget } from '@wasmedge-plugins/common';
import type { ReleaseManifest } from '../manifest/schema.ts';
import { expandMatrix, type MatrixCell } from '../matrix.ts';
import { dependenciesFor, loadDependencies, type NativeDependency } from '../deps/dependency.ts';
import { ensureStaticDependency } from '../deps/static-deps.ts';
import type { BuildLog } from './build-log.ts';
import { runCMakeCell } from './cmake.ts';
import { findMissing, hostToolRequirements, type ProbeEnv, type Requirement } from './requirements.ts';
import { cellId, layoutFor } from './layout.ts';
import { getVariant, layoutKey } from './variants.ts';
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
  probeEnv: ProbeEnv;
  log: BuildLog;
  dryRun?: boolean;
  /** A build variant (variants.ts), `host` only: built into `<target>-<variant>`. */
  variant?: string;
  /** Replaced in tests; runs CMake by default. */
  runCell?: typeof runCMakeCell;
}

export interface BuiltCell extends MatrixCell {
  id: string;
  installDir: string;
  /** Native dependencies built from pinned sources and linked in statically. */
  bundled?: BundledLibrary[];
}

export interface BuildSummary {
  target: string;
  platform: string;
  arch: string;
  built: BuiltCell[];
  skipped: { id: string; plugin: string; backend: string | null; reason: string }[];
}

/** The languages a package's CMake project enables, from its project() line. */
export function readProjectLanguages(sourceDir: string): ('C' | 'CXX')[] {
  const text = readFileSync(join(sourceDir, 'CMakeLists.txt'), 'utf8');
  const project = /project\s*\(\s*[\w-]+([^)]*)\)/i.exec(text)?.[1] ?? '';
  const langs = (['C', 'CXX'] as const).filter((l) => new RegExp(`\\b${l}\\b`).test(project));
  return langs.length > 0 ? [...langs] : ['C', 'CXX'];
}

/** What the manifest says a cell needs (plug-in and backend `requires`). */
function cellRequirements(manifest: ReleaseManifest, cell: MatrixCell): Requirement[] {
  const plugin = manifest.plugins.find((p) => p.name === cell.plugin);
  const backend = plugin?.backends?.find((b) => b.name === cell.backend);
  return [
    ...(plugin?.requires ?? []).map((r) => ({ ...r, neededBy: cell.plugin })),
    ...(backend?.requires ?? []).map((r) => ({ ...r, neededBy: `the ${cell.backend} backend of ${cell.plugin}` })),
  ];
}

function selectCells(request: BuildRequest): MatrixCell[] {
  const { cells } = expandMatrix(request.manifest, { targets: [request.target] });
  const chosen = cells.filter(
    (c) =>
      (request.package === undefined || c.package === request.package) &&
      (request.plugin === undefined || c.plugin === request.plugin) &&
      (request.backend === undefined || c.backend === request.backend),
  );
  if (chosen.length === 0) {
    const what = [request.package && `package ${request.package}`, request.plugin && `plug-in ${request.plugin}`, request.backend && `backend ${request.backend}`]
      .filter(Boolean)
      .join(', ');
    throw new BuildError(`release-manifest.json ships nothing for ${what || 'this request'} on target ${request.target}`);
  }
  return chosen;
}

export function resolveBuildTarget(name: string, hostFacts: HostFacts): ResolvedTarget {
  return name === 'host' ? describeHostTarget(hostFacts) : resolveTarget(name, hostFacts);
}

export async function buildCells(request: BuildRequest): Promise<BuildSummary> {
  const { workspaceRoot, log } = request;
  const target = resolveBuildTarget(request.target, request.hostFacts);
  const toolchainVariables: Record<string, string> = {};
  if (target.toolchain === 'zig') {
    const zig = findZig();
    if (zig === undefined) {
      throw new BuildError(`target ${request.target} is built with zig's C compiler, which is not installed: ${ZIG_INSTALL}`);
    }
    const dir = join(workspaceRoot, 'build', 'toolchains', target.name);
    toolchainVariables.CMAKE_TOOLCHAIN_FILE = await writeZigToolchain(dir, zig, target as ReleaseTarget & { name: string });
  }
  const variant = request.variant ? getVariant(request.variant) : undefined;
  if (variant !== undefined) {
    if (target.toolchain !== 'system') {
      throw new BuildError(`the ${variant.name} variant is built for target host only, not ${request.target}`);
    }
    toolchainVariables.CMAKE_C_COMPILER = variant.cCompiler;
    toolchainVariables.CMAKE_CXX_COMPILER = variant.cxxCompiler;
  }
  const dirKey = layoutKey(request.target, request.variant);
  const explicit = request.plugin !== undefined;
  const summary: BuildSummary = { target: dirKey, platform: target.platform, arch: target.arch, built: [], skipped: [] };
  const runCell = request.runCell ?? runCMakeCell;
  const available = loadDependencies(workspaceRoot);

  for (const cell of selectCells(request)) {
    const id = cellId(cell);
    const layout = layoutFor(workspaceRoot, dirKey, cell);
    const sourceDir = join(workspaceRoot, 'packages', cell.package);
    if (!existsSync(join(sourceDir, 'CMakeLists.txt'))) {
      throw new BuildError(`${id}: packages/${cell.package}/CMakeLists.txt does not exist (release-manifest.json names package "${cell.package}")`);
    }
    // What the plug-in links: the system's development package on `host`,
    // a static build from a pinned source for a release target (the
    // system's copy is for this machine only).
    const linked: NativeDependency[] = cell.links?.length ? dependenciesFor(cell.links, available) : [];
    const systemRequirements: Requirement[] =
      target.toolchain === 'system'
        ? linked.flatMap((d) => d.system.files.map((name) => ({ kind: 'file' as const, name, install: d.system.install, neededBy: `${cell.plugin} (links ${d.name})` })))
        : [];
    const missing = findMissing(
      [...hostToolRequirements(readProjectLanguages(sourceDir)), ...(variant?.requirements ?? []), ...cellRequirements(request.manifest, cell), ...systemRequirements],
      request.probeEnv,
    );
    if (missing.length > 0) {
      if (explicit) {
        throw new BuildError(`cannot build ${id} for ${request.target}:\n  ${missing.join('\n  ')}`);
      }
      summary.skipped.push({ id, plugin: cell.plugin, backend: cell.backend, reason: missing.join('; ') });
      continue;
    }
    const bundled: BundledLibrary[] = [];
    const licenses: { from: string; name: string }[] = [];
    const dependencyVariables: Record<string, string> = {};
    if (target.toolchain !== 'system' && !request.dryRun) {
      for (const dependency of linked) {
        const built = await ensureStaticDependency({ workspaceRoot, dependency, target: request.target, log });
        Object.assign(dependencyVariables, built.cmakeVariables);
        bundled.push({ name: built.name, version: built.version });
        licenses.push({ from: built.licenseFile, name: `LICENSE-${built.name}.txt` });
      }
    }
    await log.group(`build ${id} for ${dirKey}`, async () => {
      if (request.dryRun) {
        log.info(`(dry run) would configure ${sourceDir} into ${layout.buildDir}`);
        return;
      }
      await rm(layout.installDir, { recursive: true, force: true });
      const cacheVariables: Record<string, string> = {
        ...toolchainVariables,
        ...dependencyVariables,
        WASMEDGE_PLUGIN_FILE_NAME: cell.library,
        WASMEDGE_PLUGIN_VERSION: cell.version,
      };
      if (cell.backend !== null) {
        cacheVariables.WASMEDGE_PLUGIN_BACKEND = cell.backend;
      }
      try {
        await runCell({ sourceDir, buildDir: layout.buildDir, installDir: layout.installDir, cacheVariables, workspaceRoot, flags: variant?.flags });
      } catch (cause) {
        throw new BuildError(`building ${id} for ${request.target} failed (CMake output above)`, { cause });
      }
      // What is linked in ships with its license, next to the plug-in's own.
      for (const license of licenses) await copyFile(license.from, join(layout.installDir, license.name));
    });
    summary.built.push({ ...cell, id, installDir: layout.installDir, ...(bundled.length ? { bundled } : {}) });
  }
  if (!request.dryRun) {
    const dir = layoutFor(workspaceRoot, dirKey, selectCells(request)[0]!).packageDir;
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'build-summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  }
  return summary;
}

export function formatSummary(summary: BuildSummary): string {
  const lines = [`target ${summary.target} (${summary.platform}):`];
  for (const b of summary.built) lines.push(`  built    ${b.id} -> ${b.installDir}`);
  for (const s of summary.skipped) lines.push(`  skipped  ${s.id}: ${s.reason}`);
  return lines.join('\n');
}
