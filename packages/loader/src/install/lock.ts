/**
 * One installer at a time per plug-in directory, across processes.
 *
 * The lock is the file `path`. It is only ever made by hard-linking a fully
 * written owner file (`path.owner-<token>`) to it: link(2) fails when the
 * lock exists, so taking it is atomic, and a lock always names its owner
 * (pid, process start time, host, token). A full disk fails while the owner
 * file is written, before any lock exists, so it cannot leave an empty lock
 * behind.
 *
 * A lock whose owner died is broken by exactly one waiter. To break the lock
 * of owner T, a waiter first takes the lock `path.break-T` by these same
 * rules (so a waiter that dies while breaking is broken in turn); holding
 * it, it checks that `path` still names T and only then removes it. Only a
 * breaker of T ever removes T's lock and tokens are never reused, so two
 * waiters can never both take the lock, unlike check-then-remove.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, readdir, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { isProcessAlive } from '@wasmedge-plugins/common';
import { fromSystemError, LoaderError } from '../errors.ts';
import { NotRegularFileError, readRegularFile } from '../regular-file.ts';

export interface LockOptions {
  /** How long to wait for another installer, in ms (0: fail at once). */
  waitMs?: number;
  onWait?: (holderPid: number) => void;
}

interface Owner {
  pid: number;
  /** Process start time (clock ticks since boot), so a reused pid is not taken for the owner. */
  start: string | null;
  host: string;
  token: string;
}

/** What a lock file says about its holder; `token` identifies this lock instance. */
interface Holder {
  token: string;
  pid: number | null;
  alive: boolean;
}

// A lock this module writes is never empty or partial; one that is (an older
// version of this tool between create and write) gets this long to be filled.
const UNREADABLE_GRACE_MS = 10_000;
const POLL_MS = 50;
const MAX_LOCK_BYTES = 4096;

function processStart(pid: number): string | null {
  try {
    // Field 22 of /proc/<pid>/stat, counted after the command name in parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function isOwnerAlive(owner: Owner): boolean {
  if (owner.host !== hostname()) return true; // another machine's process: no way to tell, so wait
  if (!isProcessAlive(owner.pid)) return false;
  return owner.start === null || processStart(owner.pid) === null || processStart(owner.pid) === owner.start;
}

function parseOwner(text: string): Owner | null {
  try {
    const o = JSON.parse(text) as Owner;
    if (Number.isInteger(o.pid) && typeof o.host === 'string' && typeof o.token === 'string' && /^[0-9a-f-]{36}$/.test(o.token)) return o;
  } catch {
    // not ours
  }
  return null;
}

/** Reads the holder of the lock at `path`; null when there is none. */
async function readHolder(path: string): Promise<Holder | null> {
  let text: string;
  let info;
  try {
    info = await stat(path);
    text = (await readRegularFile(path, MAX_LOCK_BYTES)).toString('utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    if (err instanceof NotRegularFileError) {
      throw new LoaderError('locked', `${err.message}: it is not a lock this tool made`, { hint: `check ${path}, then remove it` });
    }
    throw err;
  }
  const owner = parseOwner(text);
  if (owner) return { token: owner.token, pid: owner.pid, alive: isOwnerAlive(owner) };
  // A lock of an older version of this tool (its pid alone), or damaged: named by its inode.
  const token = `i${info.ino}-${Math.trunc(info.mtimeMs)}`;
  const pid = Number(text.trim());
  if (/^\d+$/.test(text.trim()) && pid > 0) return { token, pid, alive: isProcessAlive(pid) };
  return { token, pid: null, alive: Date.now() - info.mtimeMs < UNREADABLE_GRACE_MS };
}

async function isSameFile(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([stat(a).catch(() => null), stat(b).catch(() => null)]);
  return x !== null && y !== null && x.ino === y.ino && x.dev === y.dev;
}

/** One attempt: takes the lock (breaking a dead owner's) or returns who holds it. */
async function tryTake(path: string, ownerFile: string): Promise<Holder | null> {
  for (;;) {
    try {
      await link(ownerFile, path);
      return null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = await readHolder(path);
    if (holder === null) continue; // released in between
    if (holder.alive || !(await breakDeadLock(path, holder, ownerFile))) return holder;
  }
}

/** Removes `path` if it still is `dead`'s lock, as the one breaker of that lock; true if it is gone. */
async function breakDeadLock(path: string, dead: Holder, ownerFile: string): Promise<boolean> {
  const claim = `${path}.break-${dead.token}`;
  if ((await tryTake(claim, ownerFile)) !== null) return false; // another waiter is breaking it
  try {
    const now = await readHolder(path);
    if (now?.token === dead.token) await unlink(path).catch(() => {});
    return true;
  } finally {
    await release(claim, ownerFile);
  }
}

async function release(path: string, ownerFile: string): Promise<void> {
  // Only ever remove our own lock.
  if (await isSameFile(path, ownerFile)) await unlink(path).catch(() => {});
}

/** Owner and break files left by processes that died (only called while holding the lock). */
async function removeLitter(path: string, ownerFile: string): Promise<void> {
  const dir = dirname(path);
  const prefix = `${basename(path)}.`;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const file = join(dir, name);
    if (!name.startsWith(prefix) || file === ownerFile || !/^(owner|break)-/.test(name.slice(prefix.length))) continue;
    const owner = parseOwner(await readRegularFile(file, MAX_LOCK_BYTES).then(String, () => ''));
    if (owner !== null && !isOwnerAlive(owner)) await rm(file, { force: true });
  }
}

/** Runs `work` holding the lock at `path`. */
export async function withLock<T>(path: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const owner: Owner = { pid: process.pid, start: processStart(process.pid), host: hostname(), token: randomUUID() };
  const ownerFile = `${path}.owner-${owner.token}`;
  try {
    await writeFile(ownerFile, `${JSON.stringify(owner)}\n`, { flag: 'wx', mode: 0o644 });
  } catch (cause) {
    await rm(ownerFile, { force: true }).catch(() => {});
    throw fromSystemError(cause, `taking the lock ${path}`) ?? cause;
  }
  try {
    const deadline = Date.now() + (options.waitMs ?? 60_000);
    let told = false;
    for (;;) {
      const holder = await tryTake(path, ownerFile).catch((cause) => {
        throw fromSystemError(cause, `taking the lock ${path}`) ?? cause;
      });
      if (holder === null) break;
      const who = holder.pid === null ? 'another installer' : `another installer (pid ${holder.pid})`;
      if (Date.now() >= deadline) throw new LoaderError('locked', `${who} holds ${path}`);
      if (!told) {
        options.onWait?.(holder.pid ?? -1);
        told = true;
      }
      await new Promise((r) => setTimeout(r, POLL_MS + Math.random() * POLL_MS));
    }
    try {
      await removeLitter(path, ownerFile);
      return await work();
    } finally {
      await release(path, ownerFile);
    }
  } finally {
    await rm(ownerFile, { force: true });
  }
}
