/**
 * Report audit findings as error annotations on the files and lines that caused them:
 *   tsx tools/src/cli/audit-annotations.ts (--findings FILE | --target T --package P) [--missing-ok]
 * FILE has the shape annotations.ts defines; --target/--package name the audit's own place
 * (dist/audit/<target>/<package>/findings.json). Exits 1 when there is any finding.
 * --missing-ok passes when the file does not exist (a job whose audit has not run).
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { annotateFindings, auditFindingsPath, readFindingsFile } from '../release/annotations.ts';
import { runActionsMain } from './actions-support.ts';
import { workspaceRoot } from './cli-support.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      findings: { type: 'string' },
      target: { type: 'string' },
      package: { type: 'string' },
      'missing-ok': { type: 'boolean', default: false },
    },
  });
  const root = workspaceRoot();
  const path = values.findings ?? findingsPathFor(root, values.target, values.package);
  if (!existsSync(path)) {
    if (values['missing-ok']) {
      console.log(`no audit findings file at ${path}: nothing to report`);
      return;
    }
    throw new Error(`no audit findings file at ${path}: run the audit first, or pass --missing-ok`);
  }
  const { findings } = await readFindingsFile(path);
  const count = annotateFindings(findings, { workspaceRoot: root });
  if (count > 0) {
    throw new Error(`the audit found ${count} problem(s), annotated above (from ${path})`);
  }
  console.log(`audit: no findings in ${path}`);
}

function findingsPathFor(root: string, target: string | undefined, pkg: string | undefined): string {
  if (target === undefined || pkg === undefined) {
    throw new Error('audit-annotations: pass --findings FILE, or both --target and --package');
  }
  return auditFindingsPath(root, target, pkg);
}

runActionsMain(main);
