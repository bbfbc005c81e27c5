/**
 * Package built plug-ins for one target:
 *   tsx tools/src/cli/package.ts [--package P] [--target T]
 * Reads the build summary of each package, writes one reproducible tarball
 * per built cell and an index fragment beside it in
 * dist/release/parts/<target>/<package>/. `release-index.ts` then merges the
 * fragments into dist/release/ (SHA256SUMS and index.json).
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { readHostFacts } from '@wasmedge-plugins/common';
import { resolveBuildTarget, type BuildSummary } from '../build/build-cells.ts';
import { layoutFor } from '../build/layout.ts';
import { loadManifest } from '../manifest/load-manifest.ts';
import { AuditError } from '../audit/audit-library.ts';
import { packageAsset } from '../package/package-asset.ts';
import { writeAssetFragment } from '../package/release-files.ts';
import { resolveSourceDateEpoch } from '../package/reproducible-tarball.ts';
import { manifestPath, runMain, workspaceRoot } from './cli-support.ts';

async function readSummary(path: string): Promise<BuildSummary> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as BuildSummary;
  } catch (cause) {
    throw new Error(`no build summary at ${path}: build first (npx nx run-many -t build)`, { cause });
  }
}

/**
 * Packages one cell; when the audit refuses it, first writes the findings
 * where CI turns them into annotations (dist/audit/<target>/<package>/).
 */
async function packageAssetOrRecordFindings(root: string, target: string, pkg: string, options: Parameters<typeof packageAsset>[0]) {
  try {
    return await packageAsset(options);
  } catch (err) {
    if (err instanceof AuditError) {
      const dir = join(root, 'dist', 'audit', target, pkg);
      await mkdir(dir, { recursive: true });
      const findings = err.report.findings.map((f) => ({ file: relative(root, err.report.file), title: `audit: ${f.rule}`, message: f.message }));
      await writeFile(join(dir, 'findings.json'), `${JSON.stringify({ schemaVersion: 1, findings }, null, 2)}\n`);
    }
    throw err;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { package: { type: 'string' }, target: { type: 'string', default: 'host' } } });
  const root = workspaceRoot();
  const manifest = await loadManifest(manifestPath(root));
  const packages = values.package ? [values.package] : [...new Set(manifest.plugins.map((p) => p.package))];
  const epoch = await resolveSourceDateEpoch({ env: process.env, cwd: root });
  for (const pkg of packages) {
    const plugin = manifest.plugins.find((p) => p.package === pkg);
    if (!plugin) {
      throw new Error(`release-manifest.json has no plug-in in package "${pkg}"`);
    }
    const layout = layoutFor(root, values.target!, { plugin: plugin.name, backend: null, package: pkg });
    const summary = await readSummary(join(layout.packageDir, 'build-summary.json'));
    const target = resolveBuildTarget(summary.target, readHostFacts());
    await rm(layout.partsDir, { recursive: true, force: true });
    await mkdir(layout.partsDir, { recursive: true });
    for (const cell of summary.built) {
      const asset = await packageAssetOrRecordFindings(root, values.target!, pkg, {
        cell,
        installDir: cell.installDir,
        outDir: layout.partsDir,
        runtime: manifest.runtime,
        platform: summary.platform,
        arch: summary.arch,
        mtime: epoch.mtime,
        target,
      });
      await writeAssetFragment(layout.partsDir, asset);
      console.log(`packaged ${asset.file} (${asset.size} bytes, sha256 ${asset.sha256})`);
    }
    for (const skipped of summary.skipped) {
      console.log(`not packaged ${skipped.id}: skipped at build time (${skipped.reason})`);
    }
  }
  console.log(`timestamps from ${epoch.source}: ${epoch.mtime.toISOString()}`);
}

runMain(main);
