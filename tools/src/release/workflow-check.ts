/**
 * Checks GitHub workflow files with three validators and one rule of ours:
 *   - @action-validator/core (npm): the file against the workflow JSON schema;
 *   - actionlint and zizmor (programs setup.sh installs; workflow-linters.ts);
 *   - every `uses:` is pinned to a full commit sha, with the tag it stands for in a comment
 *     (`owner/repo@<40 hex> # v4.4.0`): a tag can be moved, a sha cannot.
 * Problems come back as findings (file, line, title, message), the shape annotations.ts emits.
 */
import { validateWorkflow, type ValidationError } from '@action-validator/core';
import type { Finding } from './annotations.ts';
import { loadWorkflowLinters, type WorkflowLinters } from './workflow-linters.ts';

/**
 * What the pinned schema validator gets wrong about GitHub today, one row each, so a finding is
 * dropped only for a stated reason: @action-validator/core 0.6.0 carries a schema from before the
 * attestations permission (2024).
 */
export const KNOWN_VALIDATOR_GAPS: readonly { validator: string; matches: RegExp; reason: string }[] = [
  {
    validator: 'action-validator',
    matches: /^(?:\/jobs\/[^/]+)?\/permissions: Additional property 'attestations' is not allowed$/,
    reason: 'the bundled workflow schema predates the attestations permission scope',
  },
];

export type WorkflowValidators = WorkflowLinters;

export async function loadWorkflowValidators(): Promise<WorkflowValidators> {
  return loadWorkflowLinters();
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

const USES = /^\s*(?:-\s+)?uses:\s*['"]?([^'"\s#]+)/;
const PINNED = /^(?:\.\/.*|[\w.-]+\/[\w./-]+@[0-9a-f]{40})$/;
const TAG_COMMENT = /#\s*v\d+(?:\.\d+)*\s*$/;

function checkPinnedActions(text: string, file: string): Finding[] {
  const findings: Finding[] = [];
  text.split('\n').forEach((line, i) => {
    const ref = USES.exec(line)?.[1];
    if (ref === undefined || ref.startsWith('./')) return;
    if (!PINNED.test(ref)) {
      findings.push({ file, line: i + 1, title: 'Unpinned action', message: `"${ref}" must be pinned to a full commit sha (owner/repo@<40 hex> # vX.Y.Z), not a tag or branch` });
    } else if (!TAG_COMMENT.test(line)) {
      findings.push({ file, line: i + 1, title: 'Unpinned action', message: `"${ref}" needs the tag it pins in a comment after it (# vX.Y.Z)` });
    }
  });
  return findings;
}

/** Every problem in one workflow file; `file` is the path the findings name. */
export function checkWorkflowText(text: string, file: string, validators: WorkflowValidators): Finding[] {
  return [...checkSchema(text, file), ...validators.actionlint(text, file), ...validators.zizmor(text, file), ...checkPinnedActions(text, file)];
}
