/**
 * Runs tools/ commands the way a GitHub Actions step does: GITHUB_OUTPUT, GITHUB_ENV and
 * GITHUB_STEP_SUMMARY point at fresh temporary files, and the test reads back what was written.
 * Also makes scratch workspaces (a manifest, nx.json, package.json files) to run commands in.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { workspaceRoot } from '../src/cli/cli-support.ts';

export const ROOT = workspaceRoot(import.meta.dirname);
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

export interface StepResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** GITHUB_OUTPUT, GITHUB_ENV and GITHUB_STEP_SUMMARY as written. */
  outputs: Map<string, string>;
  exported: Map<string, string>;
  summary: string;
  files: { output: string; env: string; summary: string };
}

export interface RunStepOptions {
  cwd: string;
  env?: Record<string, string>;
}

/** The environment without the real runner's variables, so a test on a runner sees only its own files. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(GITHUB_|RUNNER_|ACTIONS_)/.test(key)) env[key] = value;
  }
  return { ...env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true', NO_COLOR: '1', FORCE_COLOR: '0', ...extra };
}

/** Makes the three runner files and the variables that point at them. */
export function makeRunnerFiles(): { files: StepResult['files']; env: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), 'gha-'));
  const files = { output: join(dir, 'output'), env: join(dir, 'env'), summary: join(dir, 'summary.md') };
  for (const file of Object.values(files)) writeFileSync(file, '');
  return {
    files,
    env: { GITHUB_ACTIONS: 'true', GITHUB_OUTPUT: files.output, GITHUB_ENV: files.env, GITHUB_STEP_SUMMARY: files.summary },
  };
}

/** Runs `tsx tools/src/cli/<command>.ts args...` as one Actions step. */
export function runStep(command: string, args: readonly string[], options: RunStepOptions): StepResult {
  const runner = makeRunnerFiles();
  const result = spawnSync(TSX, [join(ROOT, 'tools', 'src', 'cli', `${command}.ts`), ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    env: cleanEnv({ ...runner.env, ...options.env }),
  });
  return readStepResult(result, runner.files);
}

/**
 * The same as runStep, without blocking the test's event loop: for steps that talk to a server
 * the test itself runs.
 */
export async function runStepAsync(command: string, args: readonly string[], options: RunStepOptions): Promise<StepResult> {
  const runner = makeRunnerFiles();
  const child = spawn(TSX, [join(ROOT, 'tools', 'src', 'cli', `${command}.ts`), ...args], {
    cwd: options.cwd,
    env: cleanEnv({ ...runner.env, ...options.env }),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const status = await new Promise<number | null>((resolve, reject) => child.on('error', reject).on('close', resolve));
  return readStepResult({ status, stdout, stderr }, runner.files);
}

export function readStepResult(
  result: { status: number | null; stdout: string; stderr: string },
  files: StepResult['files'],
): StepResult {
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    outputs: parseFileCommands(readFileSync(files.output, 'utf8')),
    exported: parseFileCommands(readFileSync(files.env, 'utf8')),
    summary: readFileSync(files.summary, 'utf8'),
    files,
  };
}

/** Reads GITHUB_OUTPUT / GITHUB_ENV: `name=value` lines and `name<<DELIMITER ... DELIMITER` blocks. */
export function parseFileCommands(text: string): Map<string, string> {
  const values = new Map<string, string>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      if (end < 0) throw new Error(`parseFileCommands: no closing ${heredoc[2]} for ${heredoc[1]}`);
      values.set(heredoc[1]!, lines.slice(i + 1, end).join('\n'));
      i = end;
    } else if (line.includes('=')) {
      values.set(line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1));
    }
  }
  return values;
}

/** The properties and message of every `::error ...::message` line in a step's stdout. */
export function parseErrorAnnotations(stdout: string): { properties: Record<string, string>; message: string }[] {
  return stdout
    .split('\n')
    .map((line) => /^::error(?: ([^:]*))?::(.*)$/.exec(line))
    .filter((match) => match !== null)
    .map((match) => ({
      properties: Object.fromEntries(
        (match[1] ?? '')
          .split(',')
          .filter(Boolean)
          .map((pair) => [pair.slice(0, pair.indexOf('=')), decodeURIComponent(pair.slice(pair.indexOf('=') + 1))]),
      ),
      message: decodeURIComponent(match[2]!),
    }));
}

/**
 * A scratch workspace: nx.json, a release manifest (given, or a copy of the real one) and any
 * files given as path → text. Commands find it as their workspace root when run inside it.
 */
export function makeScratchWorkspace(files: Record<string, string> = {}, manifest?: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'release-ws-'));
  cpSync(join(ROOT, 'nx.json'), join(dir, 'nx.json'));
  const manifestText = manifest === undefined ? readFileSync(join(ROOT, 'release-manifest.json'), 'utf8') : `${JSON.stringify(manifest, null, 2)}\n`;
  writeFileSync(join(dir, 'release-manifest.json'), manifestText);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
