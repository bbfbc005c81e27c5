/**
 * CLI start-up: the compiled wasmedge-plugins (bin/ → dist/, as npm installs
 * it) running `--version` and `list` in a fresh process, against `node -e 0`
 * in the same run. The target is under 150 ms for each; each command loads
 * only its own modules.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, timeRuns, type Row } from '../measure.ts';

const LOADER = fileURLToPath(new URL('../../packages/loader/', import.meta.url));
const BIN = join(LOADER, 'bin', 'wasmedge-plugins.mjs');
const RUNS = 20;

function runNode(args: string[], env: NodeJS.ProcessEnv): void {
  const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${result.stderr}`);
}

export async function benchCliStartup(): Promise<Row[]> {
  if (!existsSync(join(LOADER, 'dist', 'cli', 'main.js'))) throw new Error('the CLI is not compiled: run npx nx run loader:build first');
  // No NODE_OPTIONS (tsx), an empty plug-in directory: what a user's shell starts.
  const { NODE_OPTIONS: _drop, ...base } = process.env;
  const env = { ...base, HOME: mkdtempSync(join(tmpdir(), 'bench-cli-')), WASMEDGE_PLUGINS_DIR: '' };
  const reference = median(await timeRuns(RUNS, () => runNode(['-e', '0'], env), 2));
  const rows: Row[] = [{ scenario: 'cli-startup', subject: 'node -e 0', median: reference, unit: 'ms/run', runs: RUNS, ratio: 1, reference: true }];
  for (const args of [['--version'], ['list']]) {
    const value = median(await timeRuns(RUNS, () => runNode([BIN, ...args], env), 2));
    rows.push({ scenario: 'cli-startup', subject: `wasmedge-plugins ${args.join(' ')}`, median: value, unit: 'ms/run', runs: RUNS, ratio: value / reference });
  }
  return rows;
}
