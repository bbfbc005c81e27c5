/**
 * Host-call overhead: a wasm loop calling a trivial plug-in host function
 * (wasmedge_process_get_exit_code) against the same loop calling a plain
 * JavaScript import. Reported in ns per call. When WASMEDGE_BIN names a real
 * wasmedge, the same loop also runs there (as a WASI command, timed as a
 * whole process, minus the same process with an empty loop).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { instantiateWithPlugins, openPlugin } from '@wasmedge-plugins/loader';
import { builtPluginPath, compileWat } from '@wasmedge-plugins/test-support';
import { compare, median, timeRuns, type Row } from '../measure.ts';

const CALLS = 200_000;

const LOOP = (module: string, name: string) => `(module
  (import "${module}" "${name}" (func $f (result i32)))
  (memory (export "memory") 1)
  (func (export "loop") (param $n i32) (local $acc i32)
    (loop $again
      (local.set $acc (i32.add (local.get $acc) (call $f)))
      (local.tee $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $again))))`;

/** The same loop as a WASI command that runs it `calls` times from _start. */
const COMMAND = (calls: number) => `(module
  (import "wasmedge_process" "wasmedge_process_get_exit_code" (func $f (result i32)))
  (memory (export "memory") 1)
  (func (export "_start") (local $n i32) (local $acc i32)
    (local.set $n (i32.const ${calls}))
    (block $done (loop $again
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $acc (i32.add (local.get $acc) (call $f)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $again)))))`;

/** ns per call in the real runtime: (loop of CALLS - empty loop) / CALLS, process against process. */
async function runtimeNsPerCall(bin: string, pluginPath: string): Promise<{ median: number; runs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-host-call-'));
  const programs = await Promise.all(
    [CALLS, 0].map(async (calls) => {
      const file = join(dir, `loop-${calls}.wasm`);
      writeFileSync(file, await compileWat(COMMAND(calls)));
      return file;
    }),
  );
  const env = { ...process.env, WASMEDGE_PLUGIN_PATH: dirname(pluginPath) };
  const time = (file: string) => timeRuns(5, () => execFileSync(bin, [file], { env, stdio: 'ignore' }), 1);
  const full = await time(programs[0]!);
  const empty = await time(programs[1]!);
  return { median: ((median(full) - median(empty)) * 1e6) / CALLS, runs: full.length };
}

export async function benchHostCall(): Promise<Row[]> {
  const plugin = openPlugin(builtPluginPath({ plugin: 'wasmedge_process' }));
  const module = plugin.createModule();
  const viaPlugin = await instantiateWithPlugins(await compileWat(LOOP('wasmedge_process', 'wasmedge_process_get_exit_code')), [module]);
  const viaJs = await WebAssembly.instantiate(await compileWat(LOOP('env', 'f')), { env: { f: () => 0 } });
  const pluginLoop = viaPlugin.exports.loop as (n: number) => void;
  const jsLoop = viaJs.instance.exports.loop as (n: number) => void;
  const perCall = (ms: number[]) => ms.map((t) => (t * 1e6) / CALLS);
  const js = perCall(await timeRuns(7, () => jsLoop(CALLS), 2));
  const host = perCall(await timeRuns(7, () => pluginLoop(CALLS), 2));
  const rows = compare('host-call', 'ns/call', { subject: 'JS import', values: js }, { subject: 'plug-in host function', values: host });
  const bin = process.env.WASMEDGE_BIN;
  if (bin) {
    const runtime = await runtimeNsPerCall(bin, builtPluginPath({ plugin: 'wasmedge_process' }));
    rows.push({ scenario: 'host-call', subject: 'plug-in host function in wasmedge', unit: 'ns/call', ...runtime, ratio: runtime.median / rows[0]!.median });
  }
  return rows;
}
