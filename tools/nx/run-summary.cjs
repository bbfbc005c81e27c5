// What a maintainer sees at the end of `nx run-many -t build` / `-t package`
// (and affected), whatever Nx's output style: Nx hides the output of tasks
// that succeeded, and with it the cells that were skipped and why, each
// audit verdict and where each tarball landed. This hook, run by Nx after
// the tasks, prints those facts from the files the tasks wrote (build
// summaries, index fragments, audit findings), for every build or package
// task of a plug-in project, whether it ran or came from the cache.
'use strict';

const { existsSync, readdirSync, readFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const { cellLayout } = require('../src/cells/expand-cells.cjs');

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The lines for one plug-in task (`build` or `package`) of a package and target. */
function describeTask(root, pkg, targetName, kind, status) {
  const layout = cellLayout(root, targetName, { plugin: pkg, backend: null, package: pkg });
  const rel = (path) => relative(root, path);
  const lines = [];
  const summary = readJson(layout.buildSummary);
  if (kind === 'build' && summary) {
    for (const cell of summary.built) lines.push(`  built    ${cell.id} (${targetName}) -> ${cell.layout.library}`);
  }
  if (kind === 'package') {
    const parts = existsSync(layout.partsDir) ? readdirSync(layout.partsDir).filter((f) => f.endsWith('.tar.gz.json')).sort() : [];
    for (const name of parts) {
      const asset = readJson(join(layout.partsDir, name));
      if (asset) lines.push(`  packaged ${asset.plugin}${asset.backend ? `-${asset.backend}` : ''} (${targetName}) audit ${asset.audit.verdict} -> ${rel(join(layout.partsDir, asset.file))}`);
    }
    const findings = readJson(layout.findingsFile);
    if (status === 'failure' && findings) {
      lines.push(`  audit    ${pkg} (${targetName}) FAIL: ${findings.findings.length} finding(s) in ${rel(layout.findingsFile)}`);
      for (const f of findings.findings) lines.push(`             ${f.message}`);
    }
  }
  if (summary) {
    for (const cell of summary.skipped) lines.push(`  skipped  ${cell.id} (${targetName}): ${cell.reason}`);
  }
  return lines;
}

/** Nx's postTasksExecution hook: one block listing every plug-in build and package task's cells. */
function printRunSummary(_options, context) {
  const lines = [];
  const seen = new Set();
  for (const result of Object.values(context.taskResults)) {
    const { project, target, configuration } = result.task.target;
    if (target !== 'build' && target !== 'package') continue;
    const pkgDir = join(context.workspaceRoot, 'packages', project);
    if (!existsSync(join(pkgDir, 'CMakeLists.txt'))) continue;
    const targetName = configuration || 'host';
    const key = `${project}:${target}:${targetName}`;
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(...describeTask(context.workspaceRoot, project, targetName, target, result.status));
  }
  if (lines.length === 0) return;
  const unique = [...new Set(lines)];
  process.stdout.write(`\nPlug-in cells (build summaries, audit verdicts, tarballs):\n${unique.join('\n')}\n`);
}

module.exports = { describeTask, printRunSummary };
