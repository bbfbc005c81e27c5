/**
 * Drives a plug-in built for another architecture: the plug-in API's test
 * driver (packages/plugin-api/test-driver/plugin_driver.cpp, linking the
 * loader's C-API host) is built by zig for the target and run under
 * qemu-user, and this class speaks its line protocol. Tests then call host
 * functions with guest-memory arguments as a wasm program would.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, symlink, writeFile } from 'node:fs/promises';
import { createInterface, type Interface } from 'node:readline';
import { join } from 'node:path';
import { getTarget, type Arch, type ReleaseTarget } from '@wasmedge-plugins/common';
import { findZig, ZIG_INSTALL } from '@wasmedge-plugins/tools';
import { workspaceRoot } from '@wasmedge-plugins/tools';
import { isForeignTarget } from './test-target.ts';

/**
 * How this machine runs each foreign architecture's programs. `cpuinfo` is what the program reads
 * as /proc/cpuinfo: qemu-user (7.2) passes the host's through for aarch64, and CPU-detecting
 * libraries there (LiteRT's XNNPACK, through cpuinfo) crash on an x86 description.
 */
const EMULATORS: Record<Arch, { qemu: string; sysroot: string; install: string; cpuinfo?: string }> = {
  aarch64: {
    qemu: 'qemu-aarch64',
    sysroot: '/usr/aarch64-linux-gnu',
    install: 'apt-get install qemu-user libc6-arm64-cross',
    // A Neoverse N1 with the features qemu's default ("max") CPU implements.
    cpuinfo: [
      'processor\t: 0',
      'BogoMIPS\t: 50.00',
      'Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp',
      'CPU implementer\t: 0x41',
      'CPU architecture: 8',
      'CPU variant\t: 0x3',
      'CPU part\t: 0xd0c',
      'CPU revision\t: 1',
      '',
    ].join('\n'),
  },
  x86_64: { qemu: 'qemu-x86_64', sysroot: '/usr/x86_64-linux-gnu', install: 'apt-get install qemu-user libc6-amd64-cross' },
};

/**
 * The directory handed to qemu's -L: qemu looks every absolute path up there first. It is the
 * sysroot itself, or, when the architecture needs its own /proc/cpuinfo, a directory holding that
 * file and the sysroot's lib/ (a link), under build/test-driver/.
 */
async function qemuRoot(arch: Arch, root: string): Promise<string> {
  const emulator = EMULATORS[arch];
  if (emulator.cpuinfo === undefined) return emulator.sysroot;
  const dir = join(root, 'build', 'test-driver', `qemu-root-${arch}`);
  await mkdir(join(dir, 'proc'), { recursive: true });
  await writeFile(join(dir, 'proc', 'cpuinfo'), emulator.cpuinfo);
  if (!existsSync(join(dir, 'lib'))) await symlink(join(emulator.sysroot, 'lib'), join(dir, 'lib'));
  return dir;
}

const DRIVER_SOURCES = [
  'packages/plugin-api/test-driver/plugin_driver.cpp',
  'packages/loader/native/host_api.cpp',
  'packages/loader/native/host_instances.cpp',
];

/** Builds (once per source change) the driver for `target`; returns its path. */
export async function buildCrossDriver(target: ReleaseTarget, root = workspaceRoot()): Promise<string> {
  const zig = findZig();
  if (zig === undefined) throw new Error(`building the ${target.name} test driver needs zig: ${ZIG_INSTALL}`);
  const hash = createHash('sha256');
  for (const source of [...DRIVER_SOURCES, 'packages/loader/native/host_contexts.h']) hash.update(readFileSync(join(root, source)));
  const dir = join(root, 'build', 'test-driver', target.zigTarget);
  const driver = join(dir, `plugin_driver-${hash.digest('hex').slice(0, 12)}`);
  if (existsSync(driver)) return driver;
  await mkdir(dir, { recursive: true });
  const partial = `${driver}.partial-${process.pid}`;
  const result = spawnSync(
    zig,
    ['c++', '-target', target.zigTarget, '-std=c++17', '-O1', `-I${join(root, 'packages/plugin-api/include')}`,
      // The plug-in resolves WasmEdge_* against the driver, as against the runtime.
      '-Wl,--export-dynamic', ...DRIVER_SOURCES.map((s) => join(root, s)), '-o', partial, '-ldl'],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`building the test driver for ${target.name} failed:\n${result.stderr}`);
  await rename(partial, driver);
  return driver;
}

export interface CallResult {
  /** The result code (its 24 low bits, as WasmEdge_ResultGetCode gives them) when the host function trapped. */
  trap?: number;
  results: bigint[];
}

export class CrossDriver {
  private readonly lines: Interface;
  private readonly pending: ((line: string) => void)[] = [];
  private stderr = '';
  private exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    this.lines = createInterface({ input: child.stdout });
    this.lines.on('line', (line) => this.pending.shift()?.(line));
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    this.exited.then(() => {
      for (const waiter of this.pending.splice(0)) waiter(`error the driver exited; its stderr: ${this.stderr}`);
    });
  }

  /** Starts the driver for `target` on `library`, under qemu for a foreign architecture. */
  static async start(target: string, library: string, env: NodeJS.ProcessEnv = {}): Promise<CrossDriver> {
    const row = getTarget(target);
    const driver = await buildCrossDriver(row);
    const emulator = EMULATORS[row.arch];
    const foreign = isForeignTarget(target);
    if (foreign && !existsSync(join(emulator.sysroot, 'lib'))) {
      throw new Error(`running ${target} programs needs ${emulator.qemu} and ${emulator.sysroot}: ${emulator.install}`);
    }
    const [command, args] = foreign ? [emulator.qemu, ['-L', await qemuRoot(row.arch, workspaceRoot()), driver, library]] : [driver, [library]];
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (err) => reject(new Error(`cannot start ${command}: ${err.message} (${emulator.install})`)));
    });
    return new CrossDriver(child);
  }

  /** Sends one command; resolves with the words after `ok`, throws on `error`. */
  async send(command: string): Promise<string[]> {
    const line = await new Promise<string>((resolve) => {
      this.pending.push(resolve);
      this.child.stdin.write(`${command}\n`);
    });
    const [status, ...rest] = line.split(' ');
    if (status === 'ok' || status === 'trap') return line.split(' ');
    throw new Error(`driver: ${command.slice(0, 80)}: ${rest.join(' ') || line}`);
  }

  async info(): Promise<{ name: string; apiVersion: number; modules: string[] }> {
    const [, name, api, ...modules] = await this.send('info');
    return { name: name!, apiVersion: Number(api), modules };
  }

  async option(name: string, value: string): Promise<void> {
    await this.send(`option ${name} ${Buffer.from(value).toString('hex') || '-'}`);
  }

  async module(name: string): Promise<number> {
    return Number((await this.send(`module ${name}`))[1]);
  }

  async write(address: number, bytes: Uint8Array | string): Promise<void> {
    await this.send(`write ${address} ${Buffer.from(bytes).toString('hex') || '-'}`);
  }

  async read(address: number, length: number): Promise<Buffer> {
    return Buffer.from((await this.send(`read ${address} ${length}`))[1] ?? '', 'hex');
  }

  async call(module: number, fn: string, ...args: (number | bigint)[]): Promise<CallResult> {
    const [status, ...words] = await this.send(`call ${module} ${fn} ${args.join(' ')}`);
    return status === 'trap' ? { trap: Number(words[0]), results: [] } : { results: words.map((w) => BigInt(w)) };
  }

  /** Ends the driver (finalizers run); resolves with its exit code and stderr. */
  async close(): Promise<{ code: number | null; stderr: string }> {
    this.child.stdin.end();
    const code = await this.exited;
    this.lines.close();
    return { code, stderr: this.stderr };
  }
}
