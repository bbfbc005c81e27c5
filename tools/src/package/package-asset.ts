/**
 * Packages one built cell: a reproducible tarball named as WasmEdge names
 * its assets, and the index entry describing it, with facts read from the
 * library itself (glibc floor, DT_NEEDED) and checksums of the file written.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { formatAssetName, highestVersionNeeded, isLicenseFileName, readElf, type BundledLibrary, type IndexAsset, type Linkage, type ResolvedTarget } from '@wasmedge-plugins/common';
import { AuditError, auditLibrary } from '../audit/audit-library.ts';
import type { MatrixCell } from '../matrix.ts';
import { writeReproducibleTarball } from './reproducible-tarball.ts';

export interface PackageAssetOptions {
  /** The cell, with the libraries the build linked in from pinned sources. */
  cell: MatrixCell & { bundled?: BundledLibrary[] };
  /** Where the build installed the library and its license notice. */
  installDir: string;
  outDir: string;
  /** The manifest's runtime range and plug-in API version. */
  runtime: { range: string; pluginApiVersion: number };
  platform: string;
  arch: string;
  mtime: Date;
  /** The target the library was built for; the audit checks the library against it. */
  target: ResolvedTarget;
}

export async function sha256File(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

/** Each linked library is the system's when the .so needs it at run time, else built in. */
export function linkageOf(links: readonly string[], needed: readonly string[]): Record<string, Linkage> {
  return Object.fromEntries(links.map((lib) => [lib, needed.some((n) => n.startsWith(`${lib}.so`)) ? 'system' : 'static']));
}

export async function packageAsset(options: PackageAssetOptions): Promise<IndexAsset> {
  const { cell, installDir, outDir } = options;
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
  const elf = readElf(await readFile(libraryPath), libraryPath);
  // The gate: nothing that fails its target's audit is ever packaged.
  const report = auditLibrary({ file: libraryPath, elf, target: options.target, declaredLibraries: cell.systemNeeded });
  if (report.verdict === 'fail') {
    throw new AuditError(report);
  }
  const file = formatAssetName({ plugin: cell.plugin, backend: cell.backend ?? undefined, version: cell.version, platform: options.platform });
  await mkdir(outDir, { recursive: true });
  const outFile = join(outDir, file);
  await writeReproducibleTarball({ sourceDir: installDir, files, outFile, mtime: options.mtime });
  return {
    plugin: cell.plugin,
    backend: cell.backend,
    version: cell.version,
    platform: options.platform,
    target: cell.target,
    arch: options.arch,
    runtime: options.runtime.range,
    pluginApiVersion: options.runtime.pluginApiVersion,
    library: cell.library,
    file,
    licenses,
    ...(runtimeFiles.length ? { runtimeFiles } : {}),
    size: (await stat(outFile)).size,
    sha256: await sha256File(outFile),
    glibcFloor: highestVersionNeeded(elf, 'GLIBC'),
    cxxAbi: cell.cxxAbi,
    needed: [...elf.needed].sort(),
    ...(cell.links?.length ? { linkage: linkageOf(cell.links, elf.needed) } : {}),
    ...(cell.bundled?.length ? { bundled: cell.bundled } : {}),
    audit: { verdict: 'pass', target: report.target, glibc: report.facts.glibc, glibcxx: report.facts.glibcxx, cxxabi: report.facts.cxxabi },
  };
}
