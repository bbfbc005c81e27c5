/**
 * A smoke program as one standalone wasm32-wasi program, for a runtime that
 * cannot be driven step by step from JavaScript (the real `wasmedge`):
 * `_start` performs the steps in order (writes as memory.init of passive
 * data segments, so a write after a call lands after it), checks each
 * call's result and each read, and exits (proc_exit) with 0 when every step
 * held, or with FIRST_STEP_EXIT + the step's index when one did not.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostFunctionError, instantiateWithPlugins, openPlugin } from '@wasmedge-plugins/loader';
import { compileWat } from '../index.ts';
import { smokeStepFailure, stepBytes, type SmokeContext, type SmokeProgram } from './smoke.ts';

/** The exit status of the first step that fails; 0 is success, 1-9 stay the runtime's own. */
export const FIRST_STEP_EXIT = 10;
/** The runtime's exit status after a trap. */
const TRAP_STATUS = 134;

function watBytes(bytes: Buffer): string {
  return `"${[...bytes].map((b) => `\\${b.toString(16).padStart(2, '0')}`).join('')}"`;
}

/** The wasm text of `program`, importing the plug-in's functions from module `importName`. */
export function standaloneSmokeWat(program: SmokeProgram, importName: string, context: SmokeContext): string {
  const imports: string[] = ['  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))'];
  const segments: string[] = [];
  const body: string[] = [];
  const fail = (index: number) => `(then (call $exit (i32.const ${FIRST_STEP_EXIT + index})))`;
  const writeBytes = (address: number, bytes: Buffer) => {
    const segment = segments.length;
    segments.push(`  (data $d${segment} ${watBytes(bytes)})`);
    body.push(`    (memory.init $d${segment} (i32.const ${address}) (i32.const 0) (i32.const ${bytes.length}))`, `    (data.drop $d${segment})`);
  };
  program.steps.forEach((step, index) => {
    if ('call' in step) {
      // A trap ends the program, so it can only be expected of the last step.
      if (step.trap !== undefined && index !== program.steps.length - 1) {
        throw new Error(`${program.cell} smoke step ${index + 1}: an expected trap ends a standalone program; only the last step may expect one`);
      }
      const params = step.params ?? [];
      const results = step.results ?? [];
      imports.push(`  (import ${JSON.stringify(importName)} ${JSON.stringify(step.call)} (func $f${index}${params.map((t) => ` (param ${t})`).join('')}${results.map((t) => ` (result ${t})`).join('')}))`);
      const args = (step.args ?? []).map((arg, i) => {
        const value = arg === '$port' ? `(i32.const ${context.port})` : typeof arg === 'number' ? `(i32.const ${arg})` : `(i32.load (i32.const ${arg.load32}))`;
        if (params[i] !== 'i64') return value;
        return typeof arg === 'number' ? `(i64.const ${arg})` : `(i64.extend_i32_u ${value})`;
      });
      const call = `(call $f${index} ${args.join(' ')})`;
      if (step.trap !== undefined) {
        body.push(`    ${results.length ? `${'(drop '.repeat(results.length)}${call}${')'.repeat(results.length)}` : call}`, `    (call $exit (i32.const ${FIRST_STEP_EXIT + index}))`);
      } else if (step.expect !== undefined && results.length === 1) {
        body.push(`    (if (${results[0]}.ne ${call} (${results[0]}.const ${step.expect[0]})) ${fail(index)})`);
      } else {
        body.push(`    ${results.length ? `${'(drop '.repeat(results.length)}${call}${')'.repeat(results.length)}` : call}`);
      }
      return;
    }
    const bytes = stepBytes(step, program.baseDir);
    if (bytes.kind === 'write') {
      for (const [address, data] of bytes.writes) writeBytes(address, data);
    } else if (bytes.kind === 'exact') {
      bytes.bytes.forEach((b, i) => body.push(`    (if (i32.ne (i32.load8_u (i32.const ${bytes.address + i})) (i32.const ${b})) ${fail(index)})`));
    } else {
      bytes.floats.forEach((want, i) => {
        const tolerance = bytes.tolerance * Math.max(1, Math.abs(want));
        // Written so that a NaN fails: the difference must be at most the tolerance.
        body.push(`    (if (i32.eqz (f32.le (f32.abs (f32.sub (f32.load (i32.const ${bytes.address + 4 * i})) (f32.const ${want}))) (f32.const ${tolerance}))) ${fail(index)})`);
      });
    }
  });
  return [
    '(module',
    ...imports,
    '  (memory (export "memory") 16)',
    ...segments,
    '  (func (export "_start")',
    ...body,
    '    (call $exit (i32.const 0)))',
    ')',
    '',
  ].join('\n');
}

/** The trap the program's last step expects, if it expects one. */
function expectedTrap(program: SmokeProgram): number | undefined {
  const last = program.steps.at(-1);
  return last !== undefined && 'call' in last ? last.trap : undefined;
}

/** What an exit status of the standalone program means: null for success, else the failure. */
export function describeStandaloneExit(program: SmokeProgram, status: number | null): string | null {
  if (status === 0 && expectedTrap(program) === undefined) return null;
  if (status === 0) return `${program.cell} smoke step ${program.steps.length}: the program ended without the trap it expects`;
  const index = (status ?? -1) - FIRST_STEP_EXIT;
  const step = program.steps[index];
  if (step === undefined) return `${program.cell} smoke: the program ended with status ${status}`;
  return smokeStepFailure(program, index);
}

/** Thrown by the proc_exit the Node run provides, to stop `_start` where the program exits. */
class ProgramExit {
  constructor(readonly status: number) {}
}

/**
 * Runs the standalone program in Node through the loader (the check that it means what the
 * step-by-step run means); throws with the failing step.
 */
export async function runStandaloneInNode(program: SmokeProgram, library: string, context: SmokeContext): Promise<void> {
  const plugin = openPlugin(library);
  plugin.applyCommandLine(program.options);
  const module = plugin.createModule(program.module);
  try {
    const wasm = await compileWat(standaloneSmokeWat(program, module.name, context), `${program.cell}-standalone.wat`);
    const proc_exit = (status: number) => {
      throw new ProgramExit(status);
    };
    const instance = await instantiateWithPlugins(wasm, [module], { imports: { wasi_snapshot_preview1: { proc_exit } } });
    let status: number | null = null;
    try {
      (instance.exports._start as () => void)();
    } catch (err) {
      if (err instanceof HostFunctionError && err.code === expectedTrap(program)) return;
      if (!(err instanceof ProgramExit)) throw err;
      status = err.status;
    }
    const failure = describeStandaloneExit(program, status);
    if (failure !== null) throw new Error(failure);
  } finally {
    module.dispose();
  }
}

/**
 * Runs the standalone program with the real runtime: `wasmedge [options] program.wasm`, the
 * plug-in found through WASMEDGE_PLUGIN_PATH=`pluginPath` (a file or directory), as a user
 * runs it. `importName` is the module's instance name (the plug-in's descriptor says it).
 */
export async function runSmokeInWasmEdge(
  program: SmokeProgram,
  wasmedge: string,
  pluginPath: string,
  importName: string,
  context: SmokeContext,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'smoke-wasmedge-'));
  try {
    const file = join(dir, `${program.cell}.wasm`);
    writeFileSync(file, await compileWat(standaloneSmokeWat(program, importName, context), `${program.cell}-standalone.wat`));
    const result = spawnSync(wasmedge, [...program.options, file], { env: { ...env, WASMEDGE_PLUGIN_PATH: pluginPath }, encoding: 'utf8', timeout: 300_000 });
    if (result.error) throw new Error(`${program.cell} smoke: cannot run ${wasmedge}: ${result.error.message}`);
    const trap = expectedTrap(program);
    // The runtime reports a host function's error N as a trap (status 134) logged with "Code: 0x00N".
    if (trap !== undefined && result.status === TRAP_STATUS && result.stderr.includes(`Code: 0x${trap.toString(16).padStart(3, '0')}`)) return;
    const failure = describeStandaloneExit(program, result.status);
    if (failure !== null) throw new Error(`${failure}${result.status !== null && result.status < FIRST_STEP_EXIT ? ` (${`${result.stderr}`.trim().split('\n').pop()})` : ''}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
