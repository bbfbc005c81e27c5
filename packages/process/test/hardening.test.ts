/**
 * What a hostile guest must not get past: loader variables in the
 * environment of an allowed command, descendants that leave the process
 * group, a timeout disguised as SIGPIPE, and unbounded input or output.
 * Every case runs a real wasm guest through the Node host.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { allow, ProcessGuest } from './process-guest.ts';

const ETIMEDOUT = 110;

function childPids(): number[] {
  return readdirSync('/proc/self/task').flatMap((tid) =>
    readFileSync(`/proc/self/task/${tid}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number),
  );
}

/** True once `pid` is gone or a zombie (killed; its reaper may be slow). */
async function isDead(pid: number): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
    if (stat === '' || /\) Z /.test(stat)) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

/** Shell text that starts `sleep 30` in a new session, prints that process's pid, and detaches it from stdout. */
const SETSID_SLEEPER = `setsid sh -c 'echo $$; exec sleep 30 >/dev/null 2>&1' &`;

describe('loader variables in a guest-supplied environment', () => {
  let dir: string;
  let preload: string;
  beforeAll(() => {
    // A library whose constructor leaves a marker: what an attacker would preload.
    dir = mkdtempSync(join(tmpdir(), 'preload-'));
    writeFileSync(join(dir, 'marker.c'), [
      '#include <fcntl.h>',
      '#include <stdlib.h>',
      '#include <unistd.h>',
      '__attribute__((constructor)) static void leave_marker(void) {',
      '  const char *path = getenv("MARKER");',
      '  if (path) close(open(path, O_WRONLY | O_CREAT, 0600));',
      '}',
    ].join('\n'));
    preload = join(dir, 'marker.so');
    execFileSync('cc', ['-shared', '-fPIC', '-o', preload, join(dir, 'marker.c')]);
  });

  it('removes LD_PRELOAD, so an allowed command runs no guest-chosen library', async () => {
    allow(['--allow-command=/bin/true']);
    const marker = join(dir, 'ran-default');
    const guest = await ProcessGuest.create();
    expect(guest.run({ prog: '/bin/true', env: { LD_PRELOAD: preload, MARKER: marker } }).code).toBe(0);
    expect(existsSync(marker)).toBe(false);
  });

  it('passes them only when the host sets --process-allow-loader-env', async () => {
    allow(['--allow-command=/bin/true', '--process-allow-loader-env']);
    const marker = join(dir, 'ran-allowed');
    const guest = await ProcessGuest.create();
    expect(guest.run({ prog: '/bin/true', env: { LD_PRELOAD: preload, MARKER: marker } }).code).toBe(0);
    expect(existsSync(marker)).toBe(true);
  });

  it('removes every LD_ name and the other variables that make libc load or parse files, keeping the rest', async () => {
    allow(['--allow-command=/usr/bin/env']);
    const guest = await ProcessGuest.create();
    const env = {
      LD_LIBRARY_PATH: dir, LD_AUDIT: preload, LD_DEBUG: 'all', LD_ANYTHING_NEW: '1',
      GCONV_PATH: dir, GLIBC_TUNABLES: 'glibc.malloc.check=3', LOCPATH: dir, NLSPATH: dir,
      HOSTALIASES: '/x', RESOLV_HOST_CONF: '/x', MALLOC_TRACE: '/x',
      TMPDIR: '/tmp', PATH: '/bin', LD: 'ld.gold', OLD_PRELOAD: 'kept',
    };
    const out = guest.run({ prog: '/usr/bin/env', env });
    expect(out.code).toBe(0);
    expect(out.stdout.toString().split('\n').filter(Boolean).sort()).toEqual(['LD=ld.gold', 'OLD_PRELOAD=kept', 'PATH=/bin', 'TMPDIR=/tmp']);
  });
});

/** Whether this host lets the plug-in make a cgroup v2 for its runs. */
async function cgroupAvailable(): Promise<boolean> {
  allow(['--allow-command=/bin/true', '--process-containment=cgroup']);
  const out = (await ProcessGuest.create()).run({ prog: '/bin/true' });
  return out.code === 0;
}

describe.each(['cgroup', 'subreaper'])('containment %s: no process of a run outlives it', (mode) => {
  let usable = true;
  beforeAll(async () => {
    usable = mode !== 'cgroup' || (await cgroupAvailable());
  });
  beforeEach((ctx) => {
    if (!usable) ctx.skip('this host gives no writable cgroup v2 (the subreaper cases still run)');
    allow(['--allow-command-all', `--process-containment=${mode}`]);
  });

  it('kills a grandchild that called setsid when the timeout expires, and reports 110', async () => {
    const guest = await ProcessGuest.create();
    const out = guest.run({ prog: '/bin/sh', args: ['-c', `${SETSID_SLEEPER} sleep 30`], timeoutMs: 300 });
    expect(out.code).toBe(ETIMEDOUT);
    const sleeper = Number(out.stdout.toString().trim());
    expect(sleeper).toBeGreaterThan(0);
    expect(await isDead(sleeper)).toBe(true);
    expect(childPids()).toEqual([]);
  });

  it('kills an orphaned setsid grandchild (its parent exited) at the timeout', async () => {
    const guest = await ProcessGuest.create();
    const out = guest.run({ prog: '/bin/sh', args: ['-c', `(${SETSID_SLEEPER}); sleep 30`], timeoutMs: 300 });
    expect(out.code).toBe(ETIMEDOUT);
    const sleeper = Number(out.stdout.toString().trim());
    expect(await isDead(sleeper)).toBe(true);
  });

  it('kills a detached setsid grandchild when the command itself ends normally', async () => {
    const guest = await ProcessGuest.create();
    const out = guest.run({ prog: '/bin/sh', args: ['-c', `${SETSID_SLEEPER} exit 5`] });
    expect(out.code).toBe(5);
    const sleeper = Number(out.stdout.toString().trim());
    expect(await isDead(sleeper)).toBe(true);
    expect(childPids()).toEqual([]);
  });

  it('reports a command that is writing when its timeout fires as a timeout, never as SIGPIPE (141)', async () => {
    const guest = await ProcessGuest.create();
    const codes = Array.from({ length: 8 }, () => guest.run({ prog: '/usr/bin/yes', timeoutMs: 60 }).code);
    expect(codes).toEqual(codes.map(() => ETIMEDOUT));
  });

  it('still returns exit codes, output and exec failures as before', async () => {
    const guest = await ProcessGuest.create();
    const out = guest.run({ prog: '/bin/sh', args: ['-c', 'cat; echo err >&2; exit 3'], stdin: 'in\n' });
    expect([out.code, out.stdout.toString(), out.stderr.toString()]).toEqual([3, 'in\n', 'err\n']);
    const missing = guest.run({ prog: '/nonexistent/program' });
    expect(missing.code).toBe(-1);
    expect(missing.stderr.toString()).toBe('wasmedge_process: cannot execute "/nonexistent/program": no such file or directory\n');
  });
});

describe('size caps on guest input and captured output', () => {
  it('refuses a run whose stdin passes the default 16 MiB input cap, before copying it', async () => {
    allow(['--allow-command=/bin/cat']);
    const guest = await ProcessGuest.create();
    const out = guest.run({ prog: '/bin/cat', stdin: Buffer.alloc(16 * 1024 * 1024 + 1, 0x61) });
    expect(out.code).toBe(-1);
    expect(out.stdout.length).toBe(0);
    expect(out.stderr.toString()).toMatch(
      /^wasmedge_process: add_stdin: input range \[ptr=\d+, len=16777217\] would exceed the 16777216-byte input limit of one run \(host option --process-max-input-bytes\); nothing was run\n$/,
    );
  });

  it('counts the name, arguments, environment and stdin of one run together against --process-max-input-bytes', async () => {
    allow(['--allow-command=/bin/echo', '--process-max-input-bytes=40']);
    const guest = await ProcessGuest.create();
    // 9 + 10 + 6 + 5 + 10 = 40 bytes: at the cap.
    expect(guest.run({ prog: '/bin/echo', args: ['0123456789'], env: { ABCDEF: '12345' }, stdin: '0123456789' }).code).toBe(0);
    const over = guest.run({ prog: '/bin/echo', args: ['0123456789', 'x'], env: { ABCDEF: '12345' }, stdin: '0123456789' });
    expect(over.code).toBe(-1);
    expect(over.stderr.toString()).toMatch(/add_(env|stdin): .*would exceed the 40-byte input limit/);
    // The count starts again with the next run.
    expect(guest.run({ prog: '/bin/echo', args: ['ok'] }).stdout.toString()).toBe('ok\n');
  });

  it('keeps at most --process-max-output-bytes of stdout and of stderr, reads the rest and lets the command finish', async () => {
    allow(['--allow-command=/bin/sh', '--process-max-output-bytes=1000']);
    const guest = await ProcessGuest.create();
    const out = guest.run({ prog: '/bin/sh', args: ['-c', 'head -c 300000 /dev/zero; head -c 5000 /dev/zero >&2; exit 4'] });
    expect(out.code).toBe(4);
    expect(out.stdout.length).toBe(1000);
    expect(out.stderr.length).toBe(1000);
  });
});
