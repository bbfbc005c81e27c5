// The build matrix: plug-in × backend × target, expanded from the manifest. Nx targets and the
// GitHub Actions matrix both come from here, so a cell exists in exactly one place. Cells the
// manifest excludes are returned too, with their reason, so CI can show why they are missing.

import { isTargetName, listTargetNames, type TargetName } from '@wasmedge-plugins/common';
import type { BackendEntry, PluginEntry, ReleaseManifest } from './manifest/schema.ts';

export interface MatrixCell {
  /** Plug-in name from the manifest, e.g. wasmedge_process. */
  plugin: string;
  /** Directory under packages/. */
  package: string;
  backend: string | null;
  target: TargetName;
  library: string;
  version: string;
  /** The backend's declared C++ ABI, published in the index; null when none is declared. */
  cxxAbi: string | null;
  /** System sonames the backend needs at run time (e.g. libtorch.so); empty without a backend. */
  systemNeeded: string[];
  /** Native libraries the plug-in links (manifest `links`), for the index's linkage facts. */
  links?: string[];
}

export interface ExcludedCell {
  plugin: string;
  backend: string | null;
  target: TargetName;
  reason: string;
}

export interface Matrix {
  cells: MatrixCell[];
  excluded: ExcludedCell[];
}

export interface ExpandMatrixOptions {
  /** Keep only cells for these targets (e.g. the targets one CI runner can build). */
  targets?: readonly string[];
}

export function expandMatrix(manifest: ReleaseManifest, options: ExpandMatrixOptions = {}): Matrix {
  const wanted = options.targets === undefined ? undefined : new Set(checkTargetFilter(options.targets));
  const cells: MatrixCell[] = [];
  const excluded: ExcludedCell[] = [];
  for (const plugin of manifest.plugins) {
    // A plug-in without backends is built once per target, as backend null.
    const backends: Array<BackendEntry | null> = plugin.backends ?? [null];
    for (const backend of backends) {
      for (const target of backend?.targets ?? plugin.targets) {
        if (wanted && !wanted.has(target)) continue;
        const exclusion = backend?.exclude?.find((entry) => entry.target === target);
        if (exclusion) {
          excluded.push({ plugin: plugin.name, backend: backend?.name ?? null, target, reason: exclusion.reason });
        } else {
          cells.push(makeCell(plugin, backend, target));
        }
      }
    }
  }
  return { cells: cells.sort(compareCells), excluded: excluded.sort(compareCells) };
}

function makeCell(plugin: PluginEntry, backend: BackendEntry | null, target: TargetName): MatrixCell {
  return {
    plugin: plugin.name,
    package: plugin.package,
    backend: backend?.name ?? null,
    target,
    library: plugin.library,
    version: plugin.version,
    cxxAbi: backend?.cxxAbi ?? null,
    systemNeeded: backend?.needed ?? [],
    ...(plugin.links ? { links: plugin.links } : {}),
  };
}

function checkTargetFilter(targets: readonly string[]): TargetName[] {
  const unknown = targets.filter((target) => !isTargetName(target));
  if (unknown.length > 0) {
    throw new Error(
      `expandMatrix: unknown target${unknown.length > 1 ? 's' : ''} ${unknown.map((t) => `"${t}"`).join(', ')}; supported targets: ${listTargetNames().join(', ')}`,
    );
  }
  return targets as TargetName[];
}

// Plug-in, then backend (none first), then target, in code-unit order so every machine agrees.
function compareCells(a: { plugin: string; backend: string | null; target: string }, b: typeof a): number {
  return (
    compareText(a.plugin, b.plugin) || compareText(a.backend ?? '', b.backend ?? '') || compareText(a.target, b.target)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
