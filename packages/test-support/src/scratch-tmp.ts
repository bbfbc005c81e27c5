/**
 * vitest global setup: every scratch directory a test run makes (fixtures,
 * fake homes, mirrors, probes) goes under one fresh directory that is removed
 * when the run ends, so test runs leave nothing behind in the system's
 * temporary directory. Node's `os.tmpdir()` reads TMPDIR, and the workers and
 * the commands tests spawn inherit it.
 *
 * WASMEDGE_PLUGINS_KEEP_TMP=1 keeps the directory (its path is printed), for
 * looking at what a failing test left.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  // Short on purpose: tests bind Unix sockets below it (108-byte path limit).
  const dir = mkdtempSync(join(tmpdir(), 'wpt-'));
  process.env.TMPDIR = dir;
  return () => {
    if (process.env.WASMEDGE_PLUGINS_KEEP_TMP === '1') {
      console.log(`scratch files kept in ${dir}`);
      return;
    }
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };
}
