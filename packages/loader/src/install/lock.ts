/**
 * One installer at a time per plug-in directory: an exclusive lock file
 * beside the directory, created with O_EXCL, holding the owner's pid. A lock
 * whose process is gone is stale and taken over.
 */
import { open, readFile, rm } from 'node:fs/promises';
import { LoaderError } from '../errors.ts';
import { isProcessAlive } from '@wasmedge-plugins/common';

export interface LockOptions {
  /** How long to wait for another installer, in ms (0: fail at once). */
  waitMs?: number;
  onWait?: (holderPid: number) => void;
}


async function tryAcquire(path: string): Promise<number | null> {
  try {
    const handle = await open(path, 'wx', 0o644);
    await handle.writeFile(`${process.pid}\n`);
    await handle.close();
    return null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(pid) && pid > 0 && !isProcessAlive(pid)) {
      await rm(path, { force: true }); // stale: its installer died
      return tryAcquire(path);
    }
    return Number.isInteger(pid) && pid > 0 ? pid : -1;
  }
}

/** Runs `work` holding the lock at `path`. */
export async function withLock<T>(path: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.waitMs ?? 60_000);
  let told = false;
  for (;;) {
    const holder = await tryAcquire(path);
    if (holder === null) break;
    if (Date.now() >= deadline) {
      throw new LoaderError('locked', `another installer (pid ${holder}) holds ${path}`);
    }
    if (!told) {
      options.onWait?.(holder);
      told = true;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  try {
    return await work();
  } finally {
    await rm(path, { force: true });
  }
}
