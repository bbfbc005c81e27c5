/**
 * Host-call overhead: a wasm loop calling a trivial plug-in host function
 * (wasmedge_process_get_exit_code) against the same loop calling a plain
 * JavaScript import. Reported in ns per call.
 */
import { instantiateWithPlugins, openPlugin } from '@wasmedge-plugins/loader';
import { builtPluginPath, compileWat } from '@wasmedge-plugins/test-support';
import { compare, timeRuns, type Row } from '../measure.ts';

const CALLS = 200_000;

const LOOP = (module: string, name: string) => `(module
  (import "${module}" "${name}" (func $f (result i32)))
  (memory (export "memory") 1)
  (func (export "loop") (param $n i32) (local $acc i32)
    (loop $again
      (local.set $acc (i32.add (local.get $acc) (call $f)))
      (local.tee $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $again))))`;

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
  return compare('host-call', 'ns/call', { subject: 'JS import', values: js }, { subject: 'plug-in host function', values: host });
}
