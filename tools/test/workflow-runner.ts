/**
 * Runs the `run:` steps of one job of a workflow file locally, the way a runner does: bash with
 * `-eo pipefail`, workflow + job + step env, a fresh GITHUB_OUTPUT and GITHUB_STEP_SUMMARY per step,
 * GITHUB_ENV carried to later steps, step outputs by id. `uses:` steps are not run; they are
 * returned so the test can play their part (an artifact upload or download).
 * Expressions are looked up whole in the context the test gives; an unknown one fails the run,
 * so a workflow that starts to depend on a new expression is noticed here.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { cleanEnv, makeRunnerFiles, readStepResult, type StepResult } from './actions-harness.ts';

export interface WorkflowStep {
  name?: string;
  id?: string;
  run?: string;
  uses?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
  if?: string;
}

export interface WorkflowJob {
  env?: Record<string, string>;
  steps: WorkflowStep[];
  outputs?: Record<string, string>;
  [key: string]: unknown;
}

export interface Workflow {
  env?: Record<string, string>;
  jobs: Record<string, WorkflowJob>;
  [key: string]: unknown;
}

export function readWorkflow(path: string): Workflow {
  return parse(readFileSync(path, 'utf8')) as Workflow;
}

/** Replaces every `${{ expr }}` with context[expr]. */
export function evaluate(text: string, context: Readonly<Record<string, string>>): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expr: string) => {
    if (!Object.hasOwn(context, expr)) {
      throw new Error(`workflow-runner: no value for the expression "${expr}"; add it to the test's context`);
    }
    return context[expr]!;
  });
}

function evaluateAll(values: Record<string, string> | undefined, context: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(values ?? {}).map(([k, v]) => [k, evaluate(String(v), context)]));
}

export interface RanStep extends StepResult {
  name: string;
}

export interface JobRun {
  ran: RanStep[];
  /** `uses:` steps as written; the test evaluates the `with:` values it plays. */
  skippedUses: WorkflowStep[];
  /** The job's `outputs:`, evaluated from its steps' outputs. */
  outputs: Record<string, string>;
}

export interface RunJobOptions {
  cwd: string;
  context: Readonly<Record<string, string>>;
  env?: Record<string, string>;
  /** Steps not to run (e.g. ./setup.sh, npm ci): the test machine is already set up. */
  skip?: (step: WorkflowStep) => boolean;
}

async function runBash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const status = await new Promise<number | null>((resolve, reject) => child.on('error', reject).on('close', resolve));
  return { status, stdout, stderr };
}

export async function runJob(workflow: Workflow, jobId: string, options: RunJobOptions): Promise<JobRun> {
  const job = workflow.jobs[jobId];
  if (!job) throw new Error(`workflow-runner: no job "${jobId}"`);
  const context: Record<string, string> = { ...options.context };
  const baseEnv = { ...evaluateAll(workflow.env, context), ...evaluateAll(job.env, context), ...options.env };
  const exported: Record<string, string> = {};
  const run: JobRun = { ran: [], skippedUses: [], outputs: {} };
  // Expressions in `if:` and in `uses:` inputs (hashFiles, runner.os) are the runner's business.
  for (const step of job.steps) {
    if (step.uses !== undefined) {
      run.skippedUses.push(step);
      continue;
    }
    if (step.run === undefined || options.skip?.(step)) continue;
    // Every earlier step passed (a failure ends the job here), so failure() is false.
    if (step.if !== undefined && /^\$\{\{\s*failure\(\)\s*\}\}$/.test(step.if)) continue;
    const runner = makeRunnerFiles();
    const env = cleanEnv({ ...baseEnv, ...exported, ...evaluateAll(step.env, context), ...runner.env });
    const result = readStepResult(await runBash(evaluate(step.run, context), options.cwd, env), runner.files);
    const name = step.name ?? step.run;
    run.ran.push({ ...result, name });
    if (result.status !== 0) {
      throw new Error(`step "${name}" of job ${jobId} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
    }
    Object.assign(exported, Object.fromEntries(result.exported));
    if (step.id) {
      for (const [key, value] of result.outputs) context[`steps.${step.id}.outputs.${key}`] = value;
    }
  }
  run.outputs = evaluateAll(job.outputs, context);
  return run;
}
