import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkWorkflowText, loadWorkflowValidators, type WorkflowValidators } from '../src/release/workflow-check.ts';
import { ROOT, makeScratchWorkspace, parseErrorAnnotations, runStep } from './actions-harness.ts';
import { readWorkflow } from './workflow-runner.ts';

const WORKFLOWS = join(ROOT, '.github', 'workflows');
const workflowFiles = readdirSync(WORKFLOWS).filter((name) => /\.ya?ml$/.test(name)).sort();

/**
 * Every tools/ command a workflow calls, and the test file that runs it as a step with the
 * runner's files; release-workflow.test.ts runs release.yml's own steps too.
 */
const COMMANDS_UNDER_TEST: Record<string, string> = {
  'check-workflows': 'workflows.test.ts',
  'release-matrix': 'release-matrix.test.ts',
  'release-summary': 'release-summary.test.ts',
  'audit-annotations': 'audit-annotations.test.ts',
  version: 'version-bump.test.ts and release-check.test.ts',
  'release-notes': 'release-notes.test.ts',
  'test-runtime': 'packages/test-support/test/conformance.test.ts',
  'release-rehearse': 'packages/test-support/test/rehearsal.test.ts (its install-and-smoke stage; npm run release:rehearse runs it whole)',
  // Reached through Nx targets (NX_TARGET_COMMANDS).
  'release-index': 'release-summary.test.ts and release-workflow.test.ts',
  build: 'release-workflow.test.ts',
  package: 'release-workflow.test.ts',
};

/** Nx targets the workflows run, and the tools/ command behind each (tools/nx/plugin.cjs, tools/project.json). */
const NX_TARGET_COMMANDS: [RegExp, string][] = [
  [/nx run "\$PACKAGE:build"/, 'build'],
  [/nx run "\$PACKAGE:package"/, 'package'],
  [/nx run tools:package/, 'release-index'],
  [/nx run test-support:test-runtime/, 'test-runtime'],
];

const BROKEN = `name: Broken
on: [push]
permissions:
  attestations: write
  contents: writ
jobs:
  a:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@main
      - run: echo "\${{ needs.nothing.outputs.x }}"
  b:
    runs-on: ubuntu-24.04
    step:
      - run: echo hi
`;

let validators: WorkflowValidators;
beforeAll(async () => {
  validators = await loadWorkflowValidators();
});

describe('check-workflows (command)', () => {
  it('finds no problem in any workflow file of the repository', () => {
    const step = runStep('check-workflows', [], { cwd: ROOT });
    expect(step.status, step.stdout + step.stderr).toBe(0);
    expect(step.stdout.trim().split('\n')).toEqual(workflowFiles.map((name) => `.github/workflows/${name}: ok`));
  });

  it('annotates each problem on its workflow file and line, and fails', () => {
    const ws = makeScratchWorkspace({ '.github/workflows/broken.yml': BROKEN });
    const step = runStep('check-workflows', [], { cwd: ws });
    expect(step.status).toBe(1);
    const annotations = parseErrorAnnotations(step.stdout);
    expect(annotations).toContainEqual({
      properties: { title: 'Unpinned action', file: '.github/workflows/broken.yml', line: '10' },
      message: '"actions/checkout@main" must be pinned to a full commit sha (owner/repo@<40 hex> # vX.Y.Z), not a tag or branch',
    });
    expect(annotations).toContainEqual({
      properties: { title: 'actionlint (expression)', file: '.github/workflows/broken.yml', line: '11' },
      message: 'property "nothing" is not defined in object type {}',
    });
    expect(annotations.at(-1)!.message).toMatch(/^\d+ problem\(s\) in the workflow files, annotated above$/);
  });
});

describe('checkWorkflowText', () => {
  it('reports schema errors, actionlint and zizmor findings with lines, and unpinned actions', () => {
    const findings = checkWorkflowText(BROKEN, 'broken.yml', validators);
    const titles = findings.map((f) => `${f.title}@${f.line ?? '-'}`);
    expect(titles).toContain('Workflow schema (action-validator)@-');
    expect(titles).toEqual(expect.arrayContaining(['actionlint (permissions)@5', 'actionlint (syntax-check)@14', 'Unpinned action@10']));
    const schema = findings.filter((f) => f.title.startsWith('Workflow schema')).map((f) => f.message).join('\n');
    expect(schema).toContain("/jobs/b: Additional property 'step' is not allowed");
    expect(schema).toContain('/permissions/contents: Enum conditions are not met');
  });

  it('passes a sound file, excusing only the schema gap for the attestations scope', () => {
    // The attestations scope moves to the one job that would need it: zizmor refuses it workflow-wide.
    const fine = BROKEN.replace('  attestations: write\n  contents: writ', '  contents: read')
      .replace('    runs-on: ubuntu-24.04\n    steps:', '    runs-on: ubuntu-24.04\n    permissions:\n      attestations: write\n    steps:')
      .replace('actions/checkout@main', 'actions/checkout@11d5960a326750d5838078e36cf38b85af677262 # v4.4.0\n        with:\n          persist-credentials: false')
      .replace('needs.nothing.outputs.x', 'github.sha')
      .replace('step:', 'steps:');
    expect(checkWorkflowText(fine, 'fine.yml', validators)).toEqual([]);
    expect(checkWorkflowText(fine.replace('ubuntu-24.04', 'ubuntu-24.4'), 'fine.yml', validators).map((f) => f.message)).toEqual([
      expect.stringMatching(/^label "ubuntu-24\.4" is unknown/),
    ]);
  });

  it('runs zizmor on a valid workflow: a checkout that keeps its credentials is a finding on its line', () => {
    const text = 'name: Z\non: [push]\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@11d5960a326750d5838078e36cf38b85af677262 # v4.4.0\n';
    expect(checkWorkflowText(text, 'z.yml', validators)).toEqual([
      { file: 'z.yml', line: 8, title: 'zizmor (artipacked, medium)', message: 'credential persistence through GitHub Actions artifacts: does not set persist-credentials: false' },
    ]);
  });

  it('refuses a tag, and a sha without the tag it stands for', () => {
    const pinned = (uses: string) => checkWorkflowText(`name: P\non: [push]\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: ${uses}\n`, 'p.yml', validators)
      .filter((f) => f.title === 'Unpinned action')
      .map((f) => f.message);
    expect(pinned('actions/setup-node@v4')).toEqual(['"actions/setup-node@v4" must be pinned to a full commit sha (owner/repo@<40 hex> # vX.Y.Z), not a tag or branch']);
    expect(pinned('actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020')).toEqual([
      '"actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020" needs the tag it pins in a comment after it (# vX.Y.Z)',
    ]);
    expect(pinned('actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020 # v4.4.0')).toEqual([]);
  });
});

describe('the workflow files', () => {
  const release = readWorkflow(join(WORKFLOWS, 'release.yml'));
  const ci = readWorkflow(join(WORKFLOWS, 'ci.yml'));
  const text = workflowFiles.map((name) => readFileSync(join(WORKFLOWS, name), 'utf8')).join('\n');

  it('call only tools/ commands that exist and that a test here runs as a step', () => {
    const commandDirs = ['tools/src/cli', 'packages/test-support/src/cli'];
    const called = new Set([...text.matchAll(/(?:tools|packages\/test-support)\/src\/cli\/([\w-]+)\.ts/g)].map((m) => m[1]!));
    for (const [pattern, command] of NX_TARGET_COMMANDS) if (pattern.test(text)) called.add(command);
    expect([...called].sort()).toEqual(Object.keys(COMMANDS_UNDER_TEST).sort());
    for (const command of called) {
      expect(commandDirs.some((dir) => existsSync(join(ROOT, dir, `${command}.ts`))), command).toBe(true);
    }
  });

  it('release.yml: one build job per matrix entry from the matrix job, none cancelling the others', () => {
    expect(Object.keys(release.on as object).sort()).toEqual(['push', 'workflow_dispatch']);
    const build = release.jobs.build as unknown as { needs: string; 'runs-on': string; strategy: Record<string, unknown> };
    expect(build.needs).toBe('matrix');
    expect(build['runs-on']).toBe('${{ matrix.runner }}');
    expect(build.strategy).toEqual({ 'fail-fast': false, matrix: '${{ fromJSON(needs.matrix.outputs.matrix) }}' });
    expect(release.jobs.matrix!.outputs!.matrix).toBe('${{ steps.matrix.outputs.matrix }}');
  });

  it('release.yml: the rehearsal checks the built assets before publishing; no cache, no persisted credentials, a timeout per job', () => {
    const rehearse = release.jobs.rehearse!;
    expect(rehearse.steps.map((s) => s.run).filter(Boolean)).toContain('npx tsx packages/test-support/src/cli/release-rehearse.ts --verify-only --tag "$RELEASE_TAG"');
    const releaseText = readFileSync(join(WORKFLOWS, 'release.yml'), 'utf8');
    expect(releaseText).not.toMatch(/actions\/cache@|cache: npm/);
    for (const [name, job] of Object.entries(release.jobs)) {
      expect((job as { 'timeout-minutes'?: number })['timeout-minutes'], name).toBeGreaterThan(0);
      for (const step of job.steps.filter((s) => s.uses?.startsWith('actions/checkout@'))) expect(step.with?.['persist-credentials'], name).toBe(false);
      for (const step of job.steps.filter((s) => s.uses?.startsWith('actions/setup-node@'))) expect(step.with?.['package-manager-cache'], name).toBe(false);
    }
    // The findings the audit writes exist only after packaging, and matter most when it failed.
    const build = release.jobs.build!.steps;
    const annotate = build.findIndex((s) => s.run?.includes('audit-annotations.ts'));
    expect(annotate).toBeGreaterThan(build.findIndex((s) => s.run?.includes(':package"')));
    expect(build[annotate]!.if).toBe('${{ failure() }}');
  });

  it('release.yml: publish attests provenance with the permissions it needs, after every build', () => {
    const publish = release.jobs.publish as unknown as { needs: string[]; permissions: Record<string, string> };
    expect(publish.needs).toEqual(['matrix', 'build', 'rehearse']);
    expect(publish.permissions).toEqual({ contents: 'write', 'id-token': 'write', attestations: 'write' });
    expect(release.permissions).toEqual({ contents: 'read' });
  });

  it('release.yml: the npm job publishes through trusted publishing, with an OIDC token and no npm token', () => {
    const npm = release.jobs.npm as unknown as { environment: string; permissions: Record<string, string>; steps: { run?: string; env?: Record<string, string>; with?: Record<string, unknown> }[] };
    expect(npm.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    // npmjs.com names this environment in each package's trusted-publisher entry.
    expect(npm.environment).toBe('npm');
    expect(readFileSync(join(WORKFLOWS, 'release.yml'), 'utf8')).not.toMatch(/NPM_TOKEN|NODE_AUTH_TOKEN|registry-url/);
    // Trusted publishing needs npm 11.5.1 or later; the npm it installs is pinned by tools/npm-cli's lockfile.
    const npmInstall = npm.steps.findIndex((s) => s.run?.includes('npm ci --prefix tools/npm-cli'));
    const publish = npm.steps.findIndex((s) => s.run?.includes('scripts/publish.ts'));
    expect(npmInstall).toBeGreaterThanOrEqual(0);
    expect(publish).toBeGreaterThan(npmInstall);
    const lock = JSON.parse(readFileSync(join(ROOT, 'tools', 'npm-cli', 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
    expect(semver.gte(lock.packages['node_modules/npm']!.version!, '11.5.1')).toBe(true);
  });

  it('ci.yml: a new push cancels the run it replaces, and npm, Nx and toolchains are cached', () => {
    expect((ci.concurrency as { 'cancel-in-progress': boolean })['cancel-in-progress']).toBe(true);
    const job = ci.jobs['build-test-package']!;
    const cached = job.steps.filter((s) => s.uses?.startsWith('actions/cache@')).map((s) => s.with!.path!.trim());
    expect(cached).toEqual(['.nx/cache', '~/.cache/zig\n~/.cache/pip']);
    expect(job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'))!.with).toEqual({ 'node-version': 20, cache: 'npm' });
    expect(job.steps.map((s) => s.run).filter(Boolean)).toContain('npx nx affected -t typecheck test build --outputStyle=stream');
  });
});
