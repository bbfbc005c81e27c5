/**
 * Process spawn: /bin/true run through the wasmedge_process plug-in from
 * wasm, against child_process.spawnSync('/bin/true') in the same run.
 */
import { spawnSync } from 'node:child_process';
import { instantiateWithPlugins, openPlugin } from '@wasmedge-plugins/loader';
import { builtPluginPath, compileWat } from '@wasmedge-plugins/test-support';
import { compare, timeRuns, type Row } from '../measure.ts';

const GUEST = `(module
  (import "wasmedge_process" "wasmedge_process_set_prog_name" (func $name (param i32 i32)))
  (import "wasmedge_process" "wasmedge_process_run" (func $run (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "/bin/true")
  (func (export "run_true") (result i32)
    (call $name (i32.const 0) (i32.const 9))
    (call $run)))`;

export async function benchProcessSpawn(): Promise<Row[]> {
  const plugin = openPlugin(builtPluginPath({ plugin: 'wasmedge_process' }));
  plugin.applyCommandLine(['--allow-command=/bin/true']);
  const instance = await instantiateWithPlugins(await compileWat(GUEST), [plugin.createModule()]);
  const runTrue = instance.exports.run_true as () => number;
  const node = await timeRuns(200, () => spawnSync('/bin/true'), 10);
  const wasm = await timeRuns(200, () => {
    if (runTrue() !== 0) throw new Error('/bin/true failed through the plug-in');
  }, 10);
  return compare('process-spawn', 'ms/run', { subject: "spawnSync('/bin/true')", values: node }, { subject: 'plug-in run from wasm', values: wasm });
}
