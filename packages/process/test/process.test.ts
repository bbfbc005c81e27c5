import { readdirSync, readFileSync, existsSync, mkdtempSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WASI } from 'node:wasi';
import { beforeEach, describe, expect, it } from 'vitest';
import { HostFunctionError, instantiateWithPlugins, readFunctionImports } from '@wasmedge-plugins/loader';
import { readElf, exportedSymbols } from '@wasmedge-plugins/common';
import { builtPluginPath, compileWatFile, seededRandom, descriptorVersion } from '@wasmedge-plugins/test-support';
import { allow, GUESTS, processPlugin, ProcessGuest } from './process-guest.ts';

const ALLOWED = ['--allow-command=/bin/sh,/bin/echo,/bin/true,/bin/cat,sh,printenv'];

function refusal(name: string): string {
  return `Permission denied: Command "${name}" is not in the white list. Please use --allow-command=${name} or --allow-command-all to add "${name}" command into the white list.\n`;
}

function childPids(): number[] {
  return readdirSync('/proc/self/task').flatMap((tid) =>
    readFileSync(`/proc/self/task/${tid}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number),
  );
}

describe('the plug-in library', () => {
  it('exports only WasmEdge_Plugin_GetDescriptor', () => {
    const elf = readElf(readFileSync(builtPluginPath({ plugin: 'wasmedge_process' })));
    expect(exportedSymbols(elf).map((s) => s.name)).toEqual(['WasmEdge_Plugin_GetDescriptor']);
  });

  it('describes itself with upstream names, API version 5 and the manifest version', () => {
    const d = processPlugin().descriptor;
    expect(d.name).toBe('wasmedge_process');
    expect(d.apiVersion).toBe(5);
    expect(d.version).toBe(descriptorVersion('wasmedge_process'));
    expect(d.modules.map((m) => m.name)).toEqual(['wasmedge_process']);
    expect(d.options.map((o) => [o.name, o.type, o.hasDefault])).toEqual([
      ['allow-command', 'string', true],
      ['allow-command-all', 'toggle', false],
      ['process-allow-loader-env', 'toggle', false],
      ['process-max-input-bytes', 'uint32', true],
      ['process-max-output-bytes', 'uint32', true],
      ['process-containment', 'string', true],
    ]);
  });

  it('creates module wasmedge_process with the eleven upstream functions and signatures', async () => {
    allow([]);
    const module = processPlugin().createModule();
    expect(module.name).toBe('wasmedge_process');
    const wasm = await compileWatFile(join(GUESTS, 'process-calls.wat'));
    const wanted = readFunctionImports(wasm).map(({ name, params, results }) => ({ name, params, results }));
    expect([...module.functions].sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      wanted.sort((a, b) => a.name.localeCompare(b.name)),
    );
  });
});

describe('running commands', () => {
  beforeEach(() => allow(ALLOWED));

  it('passes arguments, environment and stdin, and captures stdout', async () => {
    const guest = await ProcessGuest.create();
    const out = guest.run({
      prog: '/bin/sh',
      args: ['-c', 'printf "%s|%s|%s|" "$1" "$GREETING" "$HOME"; cat', 'sh', 'first arg'],
      env: { GREETING: 'hi there', GREETING_DUP: 'x' },
      stdin: 'from stdin\n',
    });
    expect(out.code).toBe(0);
    // The host environment is not inherited: HOME is empty.
    expect(out.stdout.toString()).toBe('first arg|hi there||from stdin\n');
    expect(out.stderr.length).toBe(0);
  });

  it('keeps the first value of a repeated environment variable and searches PATH for bare names', async () => {
    const guest = await ProcessGuest.create();
    guest.prepare({ prog: 'printenv', args: ['NAME'] });
    guest.exports.add_env!(...guest.put('NAME'), ...guest.put('first'));
    guest.exports.add_env!(...guest.put('NAME'), ...guest.put('second'));
    expect(guest.exports.run!()).toBe(0);
    expect(guest.read('stdout').toString()).toBe('first\n');
  });

  it('reports exit codes as upstream does (signed 8-bit) and keeps the last one', async () => {
    const guest = await ProcessGuest.create();
    expect(guest.run({ prog: '/bin/sh', args: ['-c', 'exit 3'] }).code).toBe(3);
    expect(guest.exports.get_exit_code!()).toBe(3);
    expect(guest.run({ prog: '/bin/sh', args: ['-c', 'exit 200'] }).code).toBe(-56);
  });

  it('reports death by a signal as 128 + the signal number', async () => {
    const guest = await ProcessGuest.create();
    expect(guest.run({ prog: '/bin/sh', args: ['-c', 'kill -KILL $$'] }).code).toBe(137);
    expect(guest.run({ prog: '/bin/sh', args: ['-c', 'kill -TERM $$'] }).code).toBe(143);
  });

  it('returns -1 with the reason on stderr when the program cannot be executed', async () => {
    allow(['--allow-command-all']);
    const guest = await ProcessGuest.create();
    const out = guest.run({ prog: '/nonexistent/program' });
    expect(out.code).toBe(-1);
    expect(out.stderr.toString()).toMatch(/nonexistent\/program/);
  });

  it('captures more than 1 MiB on both stdout and stderr', async () => {
    const guest = await ProcessGuest.create();
    const out = guest.run({
      prog: '/bin/sh',
      args: ['-c', 'head -c 1500000 /dev/zero | tr "\\0" a; head -c 1300000 /dev/zero | tr "\\0" b >&2'],
    });
    expect(out.code).toBe(0);
    expect(out.stdout.length).toBe(1_500_000);
    expect(out.stderr.length).toBe(1_300_000);
    expect(out.stdout.every((b) => b === 0x61)).toBe(true);
    expect(out.stderr.every((b) => b === 0x62)).toBe(true);
  });

  it('does not deadlock when the child writes a lot before reading a large stdin', async () => {
    const guest = await ProcessGuest.create();
    const input = Buffer.alloc(300_000, 0x7a);
    const out = guest.run({ prog: '/bin/sh', args: ['-c', 'head -c 200000 /dev/zero; cat | wc -c'], stdin: input, timeoutMs: 20_000 });
    expect(out.code).toBe(0);
    expect(out.stdout.length).toBe(200_000 + '300000\n'.length);
  });

  it('gives the child only stdin, stdout and stderr of the host\'s descriptors', async () => {
    const guest = await ProcessGuest.create();
    // ls opens one descriptor (3) to read the directory itself.
    const out = guest.run({ prog: '/bin/sh', args: ['-c', 'exec ls /proc/self/fd'] });
    expect(out.stdout.toString()).toBe('0\n1\n2\n3\n');
  });

  it('clears the command after a run, so the next run starts fresh', async () => {
    const guest = await ProcessGuest.create();
    guest.run({ prog: '/bin/echo', args: ['one'] });
    const out = guest.run({ prog: '/bin/echo' });
    expect(out.stdout.toString()).toBe('\n');
  });
});

describe('the allow list', () => {
  it('refuses a command that is not allowed, without running it, with upstream\'s message', async () => {
    allow(['--allow-command=/bin/echo']);
    const marker = join(mkdtempSync(join(tmpdir(), 'denied-')), 'ran');
    const guest = await ProcessGuest.create();
    const out = guest.run({ prog: '/bin/sh', args: ['-c', `touch ${marker}`] });
    expect(out.code).toBe(-1);
    expect(out.stdout.length).toBe(0);
    expect(out.stderr.toString()).toBe(refusal('/bin/sh'));
    expect(existsSync(marker)).toBe(false);
  });

  it('compares names exactly: sh and /bin/sh are different entries', async () => {
    allow(['--allow-command=sh']);
    const guest = await ProcessGuest.create();
    expect(guest.run({ prog: '/bin/sh', args: ['-c', 'exit 0'] }).code).toBe(-1);
    expect(guest.run({ prog: 'sh', args: ['-c', 'exit 4'] }).code).toBe(4);
  });

  it('allows several commands in one comma-separated value', async () => {
    allow(['--allow-command', '/bin/true,/bin/echo']);
    const guest = await ProcessGuest.create();
    expect(guest.run({ prog: '/bin/true' }).code).toBe(0);
    expect(guest.run({ prog: '/bin/echo', args: ['x'] }).stdout.toString()).toBe('x\n');
    expect(guest.run({ prog: '/bin/cat' }).stderr.toString()).toBe(refusal('/bin/cat'));
  });

  it('allows anything with --allow-command-all', async () => {
    allow(['--allow-command-all']);
    const guest = await ProcessGuest.create();
    expect(guest.run({ prog: '/bin/sh', args: ['-c', 'exit 7'] }).code).toBe(7);
  });

  it('copies the options when the module is created', async () => {
    allow(['--allow-command=/bin/true']);
    const guest = await ProcessGuest.create();
    allow([]);
    expect(guest.run({ prog: '/bin/true' }).code).toBe(0);
    const later = await ProcessGuest.create();
    expect(later.run({ prog: '/bin/true' }).code).toBe(-1);
  });
});

describe('timeouts', () => {
  beforeEach(() => allow(ALLOWED));

  it('kills the child and its process group and returns ETIMEDOUT (110)', async () => {
    const guest = await ProcessGuest.create();
    const started = Date.now();
    const out = guest.run({ prog: '/bin/sh', args: ['-c', 'sleep 30 & echo $!; sleep 30'], timeoutMs: 300 });
    const elapsed = Date.now() - started;
    expect(out.code).toBe(110);
    expect(elapsed).toBeLessThan(5000);
    const grandchild = Number(out.stdout.toString().trim());
    expect(grandchild).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 200));
    const stat = existsSync(`/proc/${grandchild}/stat`) ? readFileSync(`/proc/${grandchild}/stat`, 'utf8') : '';
    expect(stat === '' || / Z /.test(stat)).toBe(true);
    expect(childPids()).toEqual([]);
  });
});

describe('bad guest input is an error result, never a crash', () => {
  beforeEach(() => allow(ALLOWED));

  it('answers an out-of-bounds program name with -1 and a message naming the call', async () => {
    const guest = await ProcessGuest.create();
    guest.exports.set_prog_name!(0xfffffff0, 100);
    expect(guest.exports.run!()).toBe(-1);
    expect(guest.read('stderr').toString()).toBe(
      'wasmedge_process: set_prog_name: program name range [ptr=4294967280, len=100] is outside guest memory; nothing was run\n',
    );
  });

  it('answers an out-of-bounds argument, env or stdin range the same way', async () => {
    const guest = await ProcessGuest.create();
    for (const call of [
      () => guest.exports.add_arg!(4 * 65536 - 2, 3),
      () => guest.exports.add_env!(0, 1, 0xffffffff, 1),
      () => guest.exports.add_stdin!(0x7fffffff, 0x7fffffff),
    ]) {
      guest.prepare({ prog: '/bin/true' });
      call();
      expect(guest.exports.run!()).toBe(-1);
      expect(guest.read('stderr').toString()).toMatch(/^wasmedge_process: add_(arg|env|stdin): .* is outside guest memory; nothing was run\n$/);
    }
    // The error does not outlive the run that reported it.
    expect(guest.run({ prog: '/bin/true' }).code).toBe(0);
  });

  it('refuses an argument with an embedded NUL byte', async () => {
    const guest = await ProcessGuest.create();
    const out = guest.run({ prog: '/bin/echo', args: ['a\0b'] });
    expect(out.code).toBe(-1);
    expect(out.stderr.toString()).toMatch(/add_arg: argument .*NUL/);
  });

  it('copies nothing for an out-of-bounds output buffer', async () => {
    const guest = await ProcessGuest.create();
    guest.run({ prog: '/bin/echo', args: ['hello'] });
    const before = Buffer.from(guest.memory);
    guest.exports.get_stdout!(guest.memory.length - 2);
    guest.exports.get_stderr!(0xffffffff);
    expect(Buffer.from(guest.memory).equals(before)).toBe(true);
  });

  it('traps with HostFuncError when the caller has no memory', () => {
    const module = processPlugin().createModule();
    expect(() => module.imports.wasmedge_process_add_arg!(0, 1)).toThrowError(HostFunctionError);
    expect(() => module.imports.wasmedge_process_add_arg!(0, 1)).toThrowError(/0x0000040e/);
  });

  it('survives thousands of calls with random arguments (fixed seed)', async () => {
    allow([]); // nothing may actually run
    const guest = await ProcessGuest.create();
    const random = seededRandom(0x5eed);
    const pick = () => {
      const r = random();
      if (r < 0.3) return Math.floor(random() * 0x100000000) | 0;
      if (r < 0.6) return Math.floor(random() * guest.memory.length);
      if (r < 0.8) return Math.floor(random() * 64);
      return [0, -1, 0x7fffffff, -0x80000000, 65536][Math.floor(random() * 5)]!;
    };
    const names = ['set_prog_name', 'add_arg', 'add_env', 'add_stdin', 'set_timeout', 'run', 'get_exit_code', 'get_stdout_len', 'get_stdout', 'get_stderr_len', 'get_stderr'];
    const arity: Record<string, number> = { set_prog_name: 2, add_arg: 2, add_env: 4, add_stdin: 2, set_timeout: 1, get_stdout: 1, get_stderr: 1 };
    for (let i = 0; i < 5000; i++) {
      const name = names[Math.floor(random() * names.length)]!;
      const args = Array.from({ length: arity[name] ?? 0 }, pick);
      // The stdin buffer may grow by up to 4 pages per call: keep it bounded.
      if (name === 'add_stdin' && i % 50 !== 0) args[1] = (args[1]! >>> 0) % 4096;
      const result = guest.exports[name]!(...args);
      if (name === 'run') expect(result).toBe(-1);
    }
    expect(childPids()).toEqual([]);
  });
});

describe('resources', () => {
  beforeEach(() => allow(ALLOWED));

  it('a thousand runs leave no extra file descriptors or child processes', async () => {
    const guest = await ProcessGuest.create();
    guest.run({ prog: '/bin/true' });
    const fdsBefore = readdirSync('/proc/self/fd').length;
    for (let i = 0; i < 1000; i++) {
      expect(guest.run({ prog: '/bin/true' }).code).toBe(0);
    }
    expect(readdirSync('/proc/self/fd').length).toBe(fdsBefore);
    expect(childPids()).toEqual([]);
  });
});

describe('a wasm32-wasi program with node:wasi', () => {
  it('runs a command through the plug-in and prints its output with WASI', async () => {
    allow(ALLOWED);
    const outFile = join(mkdtempSync(join(tmpdir(), 'wasi-out-')), 'stdout');
    const fd = openSync(outFile, 'w');
    try {
      const wasi = new WASI({ version: 'preview1', args: ['echo-wasi'], stdout: fd, returnOnExit: true });
      const wasm = await compileWatFile(join(GUESTS, 'echo-wasi.wat'));
      const module = processPlugin().createModule();
      const instance = await instantiateWithPlugins(wasm, [module], { imports: { wasi_snapshot_preview1: wasi.wasiImport } });
      expect(wasi.start(instance)).toBe(0);
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(outFile, 'utf8')).toBe('hello from wasi\n');
  });
});
