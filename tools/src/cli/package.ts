/**
 * Package built plug-ins for one target:
 *   tsx tools/src/cli/package.ts [--package P] [--target T]
 * Reads the build summary of each package (the built cells, resolved), audits
 * each library and writes one reproducible tarball per cell with an index
 * fragment beside it in dist/release/parts/<target>/<package>/.
 * `release-index.ts` then merges the fragments into dist/release/
 * (SHA256SUMS and index.json).
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { buildSummaryPath, type BuildSummary, type BuiltCell } from '../orchestration/build-cells.ts';
import { loadManifest } from '../manifest/load-manifest.ts';
import { AuditError } from '../audit/audit-library.ts';
import { packageAuditedAsset } from '../package/package-asset.ts';
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

/** Writes the audit's findings where CI turns them into annotations (the cell's findings file). */
async function recordFindings(root: string, cell: BuiltCell, err: AuditError): Promise<void> {
  const path = join(root, cell.layout.findingsFile);
  await mkdir(dirname(path), { recursive: true });
  const findings = err.report.findings.map((f) => ({ file: relative(root, err.report.file), title: `audit: ${f.rule}`, message: f.message }));
  await writeFile(path, `${JSON.stringify({ schemaVersion: 1, findings }, null, 2)}\n`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { package: { type: 'string' }, target: { type: 'string', default: 'host' } } });
  const root = workspaceRoot();
  const target = values.target!;
  const manifest = await loadManifest(manifestPath(root));
  const packages = values.package ? [values.package] : [...new Set(manifest.plugins.map((p) => p.package))];
  const epoch = await resolveSourceDateEpoch({ env: process.env, cwd: root });
  for (const pkg of packages) {
    const summary = await readSummary(join(root, buildSummaryPath(target, pkg)));
    for (const cell of summary.built) {
      // Findings of an earlier, refused run must not outlive a pass.
      await rm(join(root, cell.layout.findingsFile), { force: true });
    }
    const partsDir = summary.built[0]?.layout.partsDir;
    if (partsDir !== undefined) {
      await rm(join(root, partsDir), { recursive: true, force: true });
    }
    for (const cell of summary.built) {
      let asset;
      try {
        asset = await packageAuditedAsset({
          cell,
          installDir: join(root, cell.layout.installDir),
          outDir: join(root, cell.layout.partsDir),
          runtime: manifest.runtime,
          mtime: epoch.mtime,
        });
      } catch (err) {
        if (err instanceof AuditError) {
          await recordFindings(root, cell, err);
          console.log(`audit    ${cell.id} (${target}): FAIL, findings in ${cell.layout.findingsFile}`);
        }
        throw err;
      }
      const { report, ...fragment } = asset;
      await writeAssetFragment(join(root, cell.layout.partsDir), fragment);
      const facts = report.facts;
      console.log(
        `audit    ${cell.id} (${target}): pass (glibc ${facts.glibc ?? 'none'}, needs ${facts.needed.join(' ') || 'nothing'}${facts.cxxAbi ? `, C++ ABI ${facts.cxxAbi}` : ''})`,
      );
      console.log(`packaged ${join(cell.layout.partsDir, asset.file)} (${asset.size} bytes, sha256 ${asset.sha256})`);
    }
    for (const skipped of summary.skipped) {
      console.log(`skipped  ${skipped.id} (${target}): ${skipped.reason}`);
    }
  }
  console.log(`timestamps from ${epoch.source}: ${epoch.mtime.toISOString()}`);
}

runMain(main);
