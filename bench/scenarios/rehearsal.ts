/**
 * The release rehearsal's wall time (npm run release:rehearse: every target
 * built, audited, packaged, merged, installed from loopback and smoke-tested),
 * with the Nx cache skipped (every plug-in rebuilt; the OpenSSL builds in
 * build/deps and zig's cache are kept, as on a machine that built once) as
 * the reference, and with a warm Nx cache. One run each: a run takes minutes.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '@wasmedge-plugins/tools';
import { compare, timeRuns, type Row } from '../measure.ts';

function rehearse(root: string, env: Record<string, string>): void {
  const result = spawnSync('npm', ['run', 'release:rehearse'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`npm run release:rehearse failed with status ${result.status}`);
}

export async function benchRehearsal(): Promise<Row[]> {
  const root = workspaceRoot();
  const cold = await timeRuns(1, () => {
    rmSync(join(root, 'build', 'cmake'), { recursive: true, force: true });
    rmSync(join(root, 'dist', 'plugins'), { recursive: true, force: true });
    rehearse(root, { NX_SKIP_NX_CACHE: 'true' });
  }, 0);
  const warm = await timeRuns(1, () => rehearse(root, {}), 0);
  return compare('release rehearsal', 'ms', { subject: 'Nx cache skipped (deps and zig cache kept)', values: cold }, { subject: 'warm Nx cache', values: warm });
}
