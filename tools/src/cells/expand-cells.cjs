// The one expansion of release-manifest.json into cells (plug-in × backend ×
// target), with each cell's requirements, expectations and file layout.
//
// Why a dependency-free CommonJS file: the local Nx plug-ins (tools/nx/*.cjs)
// run inside Nx's plug-in worker, which loads CommonJS and cannot import the
// workspace's TypeScript. The TypeScript side (cells.ts) loads this same file
// and adds what needs the target table (the resolved target row), so the
// cells Nx infers targets from are exactly the cells build, audit, package,
// test and the release matrix consume. Only node:path is used.
'use strict';

const { join } = require('node:path');

/** `<plugin>` or `<plugin>-<backend>`, as in asset names. */
function cellId(cell) {
  return cell.backend === null ? cell.plugin : `${cell.plugin}-${cell.backend}`;
}

/**
 * Where each stage puts a cell's files. `root` may be a template such as
 * "{workspaceRoot}" and `target` "{options.target}" (Nx outputs).
 */
function cellLayout(root, target, cell) {
  const id = cellId(cell);
  const packageDir = join(root, 'dist', 'plugins', target, cell.package);
  const installDir = join(packageDir, id);
  return {
    sourceDir: join(root, 'packages', cell.package),
    buildDir: join(root, 'build', 'cmake', target, id),
    packageDir,
    installDir,
    buildSummary: join(packageDir, 'build-summary.json'),
    partsDir: join(root, 'dist', 'release', 'parts', target, cell.package),
    findingsFile: join(root, 'dist', 'audit', target, cell.package, 'findings.json'),
  };
}

// A backend's fields for one target: a `perTarget` entry replaces requires,
// needed and cxxAbi whole (a field it leaves out is empty there), since a
// build in a root against another SDK shares nothing with the backend's
// default build.
function backendFor(backend, target) {
  if (!backend) return null;
  const own = backend.perTarget && backend.perTarget[target];
  const from = own || backend;
  return {
    name: backend.name,
    requires: from.requires || [],
    needed: from.needed || [],
    cxxAbi: from.cxxAbi || null,
    buildRoot: (own && own.buildRoot) || null,
    sdk: (own && own.sdk) || null,
  };
}

function requirementsOf(plugin, backend) {
  return [
    ...(plugin.requires || []).map((r) => ({ ...r, neededBy: plugin.name })),
    ...((backend && backend.requires) || []).map((r) => ({ ...r, neededBy: `the ${backend.name} backend of ${plugin.name}` })),
  ];
}

// Where the cell builds: this machine's (or zig's) compiler, or a build
// root from the manifest's buildRoots, and the SDK it builds against.
function buildEnvOf(manifest, backend) {
  const name = backend && backend.buildRoot;
  const root = name ? { name, ...manifest.buildRoots[name] } : null;
  return { root, sdk: (backend && backend.sdk) || null };
}

function makeCell(root, manifest, plugin, declared, target) {
  const backend = backendFor(declared, target);
  const base = { plugin: plugin.name, package: plugin.package, backend: backend ? backend.name : null, target };
  const layout = cellLayout(root, target, base);
  return {
    id: cellId(base),
    ...base,
    library: plugin.library,
    version: plugin.version,
    links: plugin.links || [],
    requires: requirementsOf(plugin, backend),
    // What the manifest expects of the built library; the audit compares
    // them with what the ELF says, and the index publishes the ELF's facts.
    expects: { needed: (backend && backend.needed) || [], cxxAbi: (backend && backend.cxxAbi) || null },
    buildEnv: buildEnvOf(manifest, backend),
    runtime: (backend && backend.runtime) || null,
    layout: { ...layout, library: join(layout.installDir, plugin.library) },
  };
}

/**
 * Every cell of the manifest. `cells` are buildable; `skipped` are the cells
 * the manifest leaves out, each with why: `excluded` (a backend that does not
 * ship for a target) or `planned` (a backend not implemented yet: never a job).
 * `options.targets` keeps only those targets.
 */
function expandCells(manifest, options = {}) {
  const root = options.root === undefined ? '' : options.root;
  const wanted = options.targets === undefined ? undefined : new Set(options.targets);
  const cells = [];
  const skipped = [];
  for (const plugin of manifest.plugins) {
    // A plug-in without backends is built once per target, as backend null.
    for (const backend of plugin.backends || [null]) {
      for (const target of (backend && backend.targets) || plugin.targets) {
        if (wanted && !wanted.has(target)) continue;
        const cell = makeCell(root, manifest, plugin, backend, target);
        const exclusion = backend && (backend.exclude || []).find((e) => e.target === target);
        if (backend && backend.planned !== undefined) {
          skipped.push({ ...cell, kind: 'planned', reason: `planned, not implemented yet: ${backend.planned}` });
        } else if (exclusion) {
          skipped.push({ ...cell, kind: 'excluded', reason: exclusion.reason });
        } else {
          cells.push(cell);
        }
      }
    }
  }
  return { cells: cells.sort(compareCells), skipped: skipped.sort(compareCells) };
}

/** The targets a package ships at least one buildable cell for. */
function targetsOfPackage(manifest, pkg) {
  return [...new Set(expandCells(manifest).cells.filter((c) => c.package === pkg).map((c) => c.target))].sort();
}

// Plug-in, then backend (none first), then target, in code-unit order so every machine agrees.
function compareCells(a, b) {
  return compareText(a.plugin, b.plugin) || compareText(a.backend || '', b.backend || '') || compareText(a.target, b.target);
}

function compareText(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

module.exports = { cellId, cellLayout, compareCells, expandCells, targetsOfPackage };
