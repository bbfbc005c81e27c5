/**
 * Packages one built cell: a reproducible tarball named as WasmEdge names
 * its assets, and the index entry describing it, with facts read from the
 * library itself (glibc floor, DT_NEEDED, the bundled libraries' versions)
 * and checksums of the file written.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { formatAssetName, highestVersionNeeded, isLicenseFileName, readElf, type BackendRuntime, type IndexAsset, type Linkage } from '@wasmedge-plugins/common';
import { AuditError, auditLibrary, type AuditReport } from '../audit/audit-library.ts';
import type { BuiltCell } from '../orchestration/build-cells.ts';
import { writeReproducibleTarball } from './reproducible-tarball.ts';

export interface PackageAssetOptions {
  /** The built cell (its resolved target row, expectations and what was linked in). */
  cell: BuiltCell;
  /** Where the build installed the library and its license notice. */
  installDir: string;
  outDir: string;
  /** The manifest's runtime range and plug-in API version. */
  runtime: { range: string; pluginApiVersion: number };
  mtime: Date;
}

export async function sha256File(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

/** Each linked library is the system's when the .so needs it at run time, else built in. */
export function linkageOf(links: readonly string[], needed: readonly string[]): Record<string, Linkage> {
  return Object.fromEntries(links.map((lib) => [lib, needed.some((n) => n.startsWith(`${lib}.so`)) ? 'system' : 'static']));
}

/**
 * The runtime as the index publishes it: `linked` when the library has
 * DT_NEEDED entries on the runtime's libraries (the ELF says so, not the
 * build), else `dlopen` (the plug-in opens them when loaded).
 */
export function backendRuntimeOf(runtime: BackendRuntime, needed: readonly string[]): BackendRuntime {
  return { ...runtime, libraries: [...runtime.libraries].sort(), linkage: runtime.libraries.some((l) => needed.includes(l)) ? 'linked' : 'dlopen' };
}

/** The packaged asset's index entry, with the audit report it passed. */
export interface PackagedAsset extends IndexAsset {
  report: AuditReport;
}

export async function packageAsset(options: PackageAssetOptions): Promise<IndexAsset> {
  const { report: _report, ...asset } = await packageAuditedAsset(options);
  return asset;
}

/** Audits the cell's library (refusing it with an AuditError), then writes its tarball. */
export async function packageAuditedAsset(options: PackageAssetOptions): Promise<PackagedAsset> {
  const { cell, installDir, outDir } = options;
  const row = cell.row;
  const files = (await readdir(installDir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  if (!files.includes(cell.library)) {
    throw new Error(`packageAsset: ${installDir} has no ${cell.library}; build the plug-in first`);
  }
  // The index declares every file the tarball holds, by role; the installer accepts nothing else.
  const others = files.filter((f) => f !== cell.library).sort();
  const licenses = others.filter(isLicenseFileName);
  const runtimeFiles = others.filter((f) => !isLicenseFileName(f));
  if (cell.backend === null && runtimeFiles.length > 0) {
    throw new Error(`packageAsset: ${installDir} holds ${runtimeFiles.join(', ')}, which is neither the library nor a license notice; only a backend ships runtime files`);
  }
  const libraryPath = join(installDir, cell.library);
  const bytes = await readFile(libraryPath);
  const elf = readElf(bytes, libraryPath);
  // The gate: nothing that fails its target's audit, the manifest's expectations or what the build linked is ever packaged.
  const report = auditLibrary({ file: libraryPath, elf, target: row, expects: cell.expects, linked: cell.linked, bytes });
  if (report.verdict === 'fail') {
    throw new AuditError(report);
  }
  // The build read the runtime from its wheels; a cell whose backend has one and whose summary
  // does not carry it was built by an older build.
  const runtime = cell.backendRuntime;
  if (cell.runtime !== null && runtime === undefined) {
    throw new Error(`packageAsset: the build summary of ${cell.id} for ${cell.target} does not describe its ${cell.runtime.package} runtime; build it again`);
  }
  const file = formatAssetName({ plugin: cell.plugin, backend: cell.backend ?? undefined, version: cell.version, platform: row.platform });
  await mkdir(outDir, { recursive: true });
  const outFile = join(outDir, file);
  await writeReproducibleTarball({ sourceDir: installDir, files, outFile, mtime: options.mtime });
  return {
    plugin: cell.plugin,
    backend: cell.backend,
    version: cell.version,
    platform: row.platform,
    target: cell.target,
    arch: row.arch,
    runtime: options.runtime.range,
    pluginApiVersion: options.runtime.pluginApiVersion,
    library: cell.library,
    file,
    licenses,
    ...(runtimeFiles.length ? { runtimeFiles } : {}),
    size: (await stat(outFile)).size,
    sha256: await sha256File(outFile),
    // Facts about the library, from its ELF.
    glibcFloor: highestVersionNeeded(elf, 'GLIBC'),
    cxxAbi: report.facts.cxxAbi,
    needed: [...elf.needed].sort(),
    ...(cell.links.length ? { linkage: linkageOf(cell.links, elf.needed) } : {}),
    ...(report.facts.bundled.length ? { bundled: report.facts.bundled } : {}),
    ...(runtime ? { backendRuntime: backendRuntimeOf(runtime, elf.needed) } : {}),
    audit: { verdict: 'pass', target: report.target, glibc: report.facts.glibc, glibcxx: report.facts.glibcxx, cxxabi: report.facts.cxxabi },
    report,
  };
}
