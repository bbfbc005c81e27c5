/**
 * Builds the cells (plug-in × backend) of one package for one target: check
 * every requirement first, then one CMake run per cell, then a summary that
 * lists what was built and what was skipped and why. Packaging reads that
 * summary, so a skipped backend is never dropped silently.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeHostTarget, resolveTarget, type HostFacts, type ReleaseTarget, type ResolvedTarget } from '@wasmedge-plugins/common';
import type { ReleaseManifest } from '../manifest/schema.ts';
import { expandMatrix, type MatrixCell } from '../matrix.ts';
import type { BuildLog } from './build-log.ts';
import { runCMakeCell } from './cmake.ts';
import { findMissing, hostToolRequirements, type ProbeEnv, type Requirement } from './requirements.ts';
import { cellId, layoutFor } from './layout.ts';
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
  /** Replaced in tests; runs CMake by default. */
  runCell?: typeof runCMakeCell;
}

export interface BuiltCell extends MatrixCell {
  id: string;
  installDir: string;
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
  const explicit = request.plugin !== undefined;
  const summary: BuildSummary = { target: request.target, platform: target.platform, arch: target.arch, built: [], skipped: [] };
  const runCell = request.runCell ?? runCMakeCell;

  for (const cell of selectCells(request)) {
    const id = cellId(cell);
    const layout = layoutFor(workspaceRoot, request.target, cell);
    const sourceDir = join(workspaceRoot, 'packages', cell.package);
    if (!existsSync(join(sourceDir, 'CMakeLists.txt'))) {
      throw new BuildError(`${id}: packages/${cell.package}/CMakeLists.txt does not exist (release-manifest.json names package "${cell.package}")`);
    }
    const missing = findMissing([...hostToolRequirements(readProjectLanguages(sourceDir)), ...cellRequirements(request.manifest, cell)], request.probeEnv);
    if (target.toolchain !== 'system' && cell.links?.length) {
      // The system's OpenSSL is for this machine only; a release target needs its own static build.
      missing.push(`${id} links ${cell.links.join(', ')}, and no static build of them for ${request.target} is provided yet`);
    }
    if (missing.length > 0) {
      if (explicit) {
        throw new BuildError(`cannot build ${id} for ${request.target}:\n  ${missing.join('\n  ')}`);
      }
      summary.skipped.push({ id, plugin: cell.plugin, backend: cell.backend, reason: missing.join('; ') });
      continue;
    }
    await log.group(`build ${id} for ${request.target}`, async () => {
      if (request.dryRun) {
        log.info(`(dry run) would configure ${sourceDir} into ${layout.buildDir}`);
        return;
      }
      await rm(layout.installDir, { recursive: true, force: true });
      const cacheVariables: Record<string, string> = {
        ...toolchainVariables,
        WASMEDGE_PLUGIN_FILE_NAME: cell.library,
        WASMEDGE_PLUGIN_VERSION: cell.version,
      };
      if (cell.backend !== null) {
        cacheVariables.WASMEDGE_PLUGIN_BACKEND = cell.backend;
      }
      try {
        await runCell({ sourceDir, buildDir: layout.buildDir, installDir: layout.installDir, cacheVariables, workspaceRoot });
      } catch (cause) {
        throw new BuildError(`building ${id} for ${request.target} failed (CMake output above)`, { cause });
      }
    });
    summary.built.push({ ...cell, id, installDir: layout.installDir });
  }
  if (!request.dryRun) {
    const dir = layoutFor(workspaceRoot, request.target, selectCells(request)[0]!).packageDir;
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
