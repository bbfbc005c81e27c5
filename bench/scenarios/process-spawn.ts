/**
 * Process spawn: /bin/true run through the wasmedge_process plug-in from
 * wasm, against child_process.spawnSync('/bin/true') in the same run, with
 * each of the plug-in's containment modes:
 *  - cgroup (when this host lets it make a cgroup v2): the command is
 *    cloned with CLONE_VM | CLONE_VFORK and waited for on a pidfd;
 *  - subreaper: one fork() of the host per run for the watcher process,
 *    which is the cost a fork-based spawn pays for copying the host's page
 *    tables (what spawnSync pays too).
 * Rounds alternate between the subjects so that load on the machine falls
 * on all of them alike.
 */
import { spawnSync } from 'node:child_process';
import { instantiateWithPlugins, openPlugin, type Plugin } from '@wasmedge-plugins/loader';
import { builtPluginPath, compileWat } from '@wasmedge-plugins/test-support';
import { median, timeRuns, type Row } from '../measure.ts';

const GUEST = `(module
  (import "wasmedge_process" "wasmedge_process_set_prog_name" (func $name (param i32 i32)))
  (import "wasmedge_process" "wasmedge_process_run" (func $run (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "/bin/true")
  (func (export "run_true") (result i32)
    (call $name (i32.const 0) (i32.const 9))
    (call $run)))`;

const ROUNDS = 10;
const RUNS_PER_ROUND = 20;

/** A guest whose run_true() spawns /bin/true once; options are copied when its module is created. */
async function guestFor(plugin: Plugin, wasm: Uint8Array, containment: string): Promise<() => number> {
  plugin.applyCommandLine(['--allow-command=/bin/true', `--process-containment=${containment}`]);
  const instance = await instantiateWithPlugins(wasm, [plugin.createModule()]);
  return instance.exports.run_true as () => number;
}

function checked(name: string, runTrue: () => number): () => void {
  return () => {
    if (runTrue() !== 0) throw new Error(`/bin/true failed through the plug-in (${name})`);
  };
}

export async function benchProcessSpawn(): Promise<Row[]> {
  const plugin = openPlugin(builtPluginPath({ plugin: 'wasmedge_process' }));
  const wasm = await compileWat(GUEST);
  const subjects: [string, () => unknown][] = [["spawnSync('/bin/true')", () => spawnSync('/bin/true')]];
  const cgroupRun = await guestFor(plugin, wasm, 'cgroup');
  if (cgroupRun() === 0) {
    subjects.push(['plug-in run from wasm (cgroup)', checked('cgroup', cgroupRun)]);
  } else {
    console.error('bench: process-spawn: no writable cgroup v2 here, measuring the subreaper mode only');
  }
  subjects.push(['plug-in run from wasm (subreaper)', checked('subreaper', await guestFor(plugin, wasm, 'subreaper'))]);
  const times = new Map<string, number[]>(subjects.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of subjects) {
      times.get(name)!.push(...(await timeRuns(RUNS_PER_ROUND, run, 2)));
    }
  }
  const reference = median(times.get(subjects[0]![0])!);
  return subjects.map(([name], i) => {
    const values = times.get(name)!;
    const m = median(values);
    return { scenario: 'process-spawn', subject: name, median: m, unit: 'ms/run', runs: values.length, ratio: m / reference, reference: i === 0 };
  });
}
