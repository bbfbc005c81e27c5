/**
 * What the commands that run inside GitHub Actions share: outputs, job summaries and failures go
 * through @actions/core when the runner provides its files (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY),
 * and fall back to plain printing on a developer's machine, where `::set-output` lines would be noise.
 */
import * as core from '@actions/core';

export function inActions(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.GITHUB_ACTIONS === 'true';
}

/** Sets step outputs, or prints them as `name=value` lines outside Actions. */
export function setOutputs(outputs: Record<string, string>, env: NodeJS.ProcessEnv = process.env): void {
  for (const [name, value] of Object.entries(outputs)) {
    if (env.GITHUB_OUTPUT) core.setOutput(name, value);
    else console.log(`output ${name}=${value}`);
  }
}

/** Exports variables to later steps of the job; outside Actions they are only printed. */
export function exportVariables(variables: Record<string, string>, env: NodeJS.ProcessEnv = process.env): void {
  for (const [name, value] of Object.entries(variables)) {
    if (env.GITHUB_ENV) core.exportVariable(name, value);
    else console.log(`env ${name}=${value}`);
  }
}

/** Appends to the job summary when the runner gives one; returns whether it did. */
export async function appendJobSummary(
  build: (summary: typeof core.summary) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<boolean> {
  if (!env.GITHUB_STEP_SUMMARY) return false;
  build(core.summary.emptyBuffer());
  await core.summary.write();
  return true;
}

/**
 * Runs a command's main. A failure becomes an error annotation (`core.setFailed`) in Actions and
 * an `error:` line elsewhere; either way the process exits 1 and the cause is kept for DEBUG.
 */
export function runActionsMain(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    const error = err instanceof Error ? err : new Error(String(err));
    if (inActions()) core.setFailed(error.message);
    else console.error(`error: ${error.message}`);
    if (error.cause instanceof Error && process.env.DEBUG) console.error(error.cause);
    process.exitCode = 1;
  });
}
