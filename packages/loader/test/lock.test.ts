/**
 * The installer lock across real processes: several waiters racing for a
 * lock whose owner died never both hold it, owners killed while holding it
 * are taken over, and a full disk (a small tmpfs, mounted in a user
 * namespace) leaves no lock that blocks the next run.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { withLock } from '../src/install/lock.ts';
import { addCraftedAsset, LIBRARY, makeRelease, scratch } from '@wasmedge-plugins/test-support/fixtures';

const CONTENDER = fileURLToPath(new URL('./fixtures/lock-contender.ts', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/wasmedge-plugins.mjs', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** The pid of a process that has exited: an owner that died. */
function deadPid(): number {
  return spawnSync('true').pid!;
}

/**
 * Runs one process per role through `rounds` rounds in `dir`; before round r
 * starts, `prepare(r)` may plant a lock in `dir/r`.
 */
async function runContenders(dir: string, roles: ('hold' | 'crash')[], rounds: number, prepare: (roundDir: string) => void = () => {}): Promise<void> {
  for (let r = 0; r < rounds; r++) {
    mkdirSync(join(dir, String(r)));
    prepare(join(dir, String(r)));
  }
  const children = roles.map((role) => spawn(process.execPath, ['--import', TSX, CONTENDER, dir, String(rounds), '40', ...(role === 'crash' ? ['crash'] : [])], { stdio: ['ignore', 'ignore', 'pipe'] }));
  const ended = children.map(
    (child, i) =>
      new Promise<void>((resolve, reject) => {
        let stderr = '';
        child.stderr!.on('data', (d) => (stderr += String(d)));
        child.on('close', (code, signal) => {
          if (roles[i] === 'crash' ? signal === 'SIGKILL' : code === 0) resolve();
          else reject(new Error(`contender ${child.pid} ended with ${signal ?? code}: ${stderr}`));
        });
      }),
  );
  // Each round starts once every live contender is waiting for it.
  let round = 0;
  const go = setInterval(() => {
    const alive = children.filter((c) => c.exitCode === null && c.signalCode === null).length;
    const ready = readdirSync(dir).filter((f) => f.startsWith(`ready-${round}-`)).length;
    if (round >= rounds || alive === 0 || ready < alive) return;
    writeFileSync(join(dir, `go-${round}`), '');
    round++;
  }, 20);
  await Promise.all(ended).finally(() => clearInterval(go));
}

/** Checks the log: every holder's "+" is followed by its own "-" before anyone else enters. */
function overlaps(log: string): string[] {
  const problems: string[] = [];
  let holder: string | null = null;
  for (const line of readFileSync(log, 'utf8').trim().split('\n')) {
    const pid = line.slice(1).replace('!', '');
    if (line.startsWith('+')) {
      if (holder !== null) problems.push(`${pid} entered while ${holder} held the lock`);
      holder = line.endsWith('!') ? null : pid; // one that is killed holding it gives it up by dying
    } else if (holder === pid) {
      holder = null;
    } else {
      problems.push(`${pid} left while ${holder ?? 'nobody'} held the lock`);
    }
  }
  return problems;
}

describe('the installer lock between processes', () => {
  it('six waiters racing to take over a dead owner\'s lock hold it one at a time', async () => {
    const dir = scratch('lock-race-');
    const rounds = 4;
    // Each round starts from a lock left by an installer that died.
    await runContenders(dir, ['hold', 'hold', 'hold', 'hold', 'hold', 'hold'], rounds, (roundDir) => writeFileSync(join(roundDir, '.plugin.lock'), `${deadPid()}\n`));
    for (let r = 0; r < rounds; r++) {
      const log = join(dir, String(r), 'log');
      expect(overlaps(log), `round ${r}`).toEqual([]);
      expect(readFileSync(log, 'utf8').match(/^\+/gm)).toHaveLength(6);
      expect(readdirSync(join(dir, String(r))).filter((f) => f.startsWith('.plugin.lock'))).toEqual([]);
    }
  }, 240_000);

  it('holders killed while holding it are taken over, one waiter at a time', async () => {
    const dir = scratch('lock-crash-');
    const lockPath = join(dir, '0', '.plugin.lock');
    const log = join(dir, '0', 'log');
    await runContenders(dir, ['crash', 'hold', 'crash', 'hold', 'hold', 'crash'], 1);
    expect(overlaps(log)).toEqual([]);
    expect(readFileSync(log, 'utf8').match(/^\+/gm)).toHaveLength(6);
    // The next taker clears what the killed ones left behind.
    await withLock(lockPath, async () => {});
    expect(readdirSync(join(dir, '0')).filter((f) => f.startsWith('.plugin.lock'))).toEqual([]);
  }, 120_000);

  it('an empty lock file (from a full disk, or an older version) is taken over once it is old', async () => {
    const dir = scratch('lock-empty-');
    const lockPath = join(dir, '.plugin.lock');
    writeFileSync(lockPath, '');
    const old = new Date(Date.now() - 60_000);
    execFileSync('touch', ['-d', old.toISOString(), lockPath]);
    expect(await withLock(lockPath, async () => 'held', { waitMs: 1_000 })).toBe('held');
    expect(existsSync(lockPath)).toBe(false);
  });
});

// Mounting a small tmpfs needs a user namespace; where the kernel forbids
// them (some hardened CI hosts), this test cannot make a full disk.
const canMount = spawnSync('unshare', ['-Urm', 'sh', '-c', 'd=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs "$d" && umount "$d"']).status === 0;

describe('a full disk', () => {
  let release: string;
  beforeAll(async () => {
    release = await makeRelease(['1.0.0']);
  });

  it.skipIf(!canMount)('fails the install with the disk-full hint, and the next run after space is freed succeeds (needs unshare to mount a tmpfs)', () => {
    const mnt = scratch('full-disk-');
    const home = scratch('home-');
    const install = `"${process.execPath}" "${BIN}" install fixture --index "${release}" --dir "${mnt}/plugin" --runtime 0.17.1`;
    const script = [
      `mount -t tmpfs -o size=1m tmpfs "${mnt}"`,
      `mkdir "${mnt}/plugin"`,
      `dd if=/dev/zero of="${mnt}/filler" bs=4k 2>/dev/null`,
      `${install} >"${home}/first.out" 2>&1; echo "first=$?"`,
      `ls -a "${mnt}"`,
      `rm "${mnt}/filler"`,
      `${install} >"${home}/second.out" 2>&1; echo "second=$?"`,
    ].join('\n');
    const result = spawnSync('unshare', ['-Urm', 'sh', '-c', script], {
      encoding: 'utf8',
      env: { ...process.env, HOME: home, WASMEDGE_PLUGINS_DIR: '', WASMEDGE_PLUGINS_INDEX: '', WASMEDGE_BIN: '/nonexistent/wasmedge' },
      timeout: 120_000,
    });
    const first = readFileSync(join(home, 'first.out'), 'utf8');
    expect(result.stdout, first).toContain('first=15');
    expect(first).toMatch(/ENOSPC/);
    expect(first).toMatch(/hint: the disk is full: free some space and run the command again/);
    expect(result.stdout).not.toMatch(/\.plugin\.lock/); // nothing left that would block the next run
    expect(result.stdout, readFileSync(join(home, 'second.out'), 'utf8')).toContain('second=0');
  });

  it.skipIf(!canMount)('during the download is reported as a full disk, not as a network or a tampered file (needs unshare to mount a tmpfs)', async () => {
    const big = await makeRelease(['1.0.0']);
    await addCraftedAsset(big, '3.0.0', (dir) => {
      writeFileSync(join(dir, LIBRARY), randomBytes(3 * 1024 ** 2)); // incompressible: the tarball is larger than the disk
      writeFileSync(join(dir, 'LICENSE'), 'Apache-2.0\n');
      return [LIBRARY, 'LICENSE'];
    });
    const mnt = scratch('full-disk-');
    const home = scratch('home-');
    const script = `mount -t tmpfs -o size=1m tmpfs "${mnt}" && "${process.execPath}" "${BIN}" install fixture@3.0.0 --index "${big}" --dir "${mnt}/plugin" --runtime 0.17.1`;
    const result = spawnSync('unshare', ['-Urm', 'sh', '-c', script], { encoding: 'utf8', env: { ...process.env, HOME: home, WASMEDGE_PLUGINS_DIR: '', WASMEDGE_BIN: '/nonexistent/wasmedge' }, timeout: 120_000 });
    expect(result.status, result.stderr).toBe(15);
    expect(result.stderr).toMatch(/^error: writing \S+WasmEdge-plugin-fixture-3.0.0-\S+ failed: ENOSPC/m);
    expect(result.stderr).toMatch(/hint: the disk is full: free some space and run the command again \(nothing was changed\)/);
  });
});
