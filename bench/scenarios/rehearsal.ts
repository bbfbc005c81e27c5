/**
 * The release rehearsal's wall time (npm run release:rehearse: every target
 * built, audited, packaged, merged, installed from loopback and smoke-tested),
 * cold as the reference (no Nx cache, no build/ or dist/: every plug-in and
 * each architecture's OpenSSL built again; only zig's own cache under the
 * home directory is kept, as on a machine that has used zig once), then
 * with the Nx cache the cold run filled. One run each: a run takes minutes.
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
    for (const dir of ['.nx', 'build', 'dist']) rmSync(join(root, dir), { recursive: true, force: true });
    rehearse(root, {});
  }, 0);
  const warm = await timeRuns(1, () => rehearse(root, {}), 0);
  return compare('release rehearsal', 'ms', { subject: 'cold (no Nx cache, build/ or dist/)', values: cold }, { subject: 'warm Nx cache', values: warm });
}
