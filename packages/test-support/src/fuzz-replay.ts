/**
 * Replays a fuzz target's seeds (its seeds.json, encoded as `npm run fuzz --
 * <target> --write-seeds` does) through the libFuzzer driver and the
 * plug-in's asan build, with the driver's trace on: what each seed's calls
 * returned, as the tests of a target's seeds read it. The asan build must
 * exist (the package's build-asan target makes it).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildFuzzDriver,
  buildFuzzPeer,
  encodeSeed,
  fuzzDriverEnv,
  fuzzPluginLibrary,
  fuzzTargetFiles,
  getFuzzTarget,
  parseFunctionList,
  readSeedSpecs,
  workspaceRoot,
} from '@wasmedge-plugins/tools';

export interface SeedReplay {
  /** Exit status of the driver (0: no finding). */
  status: number | null;
  /**
   * The trace lines, `name(args) -> result` or `-> trap code` and the peer's
   * scripts, from the start of the run (libFuzzer may run a file more than once).
   */
  trace: string[];
  /** Everything the driver printed, for a failure's message. */
  output: string;
}

/** Replays every seed of `targetName`, each in a run of its own; keyed by seed name. */
export async function replayFuzzSeeds(targetName: string, root = workspaceRoot()): Promise<Record<string, SeedReplay>> {
  const target = getFuzzTarget(targetName);
  const { path: library, skipped } = await fuzzPluginLibrary(root, target);
  if (skipped !== undefined) throw new Error(`the asan build of ${target.plugin} is missing: ${skipped}`);
  const driver = await buildFuzzDriver(root);
  const env = fuzzDriverEnv(root, target, library, await buildFuzzPeer(root, target));
  const listed = spawnSync(driver, [], { env: { ...env, WASMEDGE_FUZZ_LIST: '1' }, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`listing the functions of ${target.name} failed:\n${listed.stderr}`);
  const functions = parseFunctionList(listed.stdout);
  const { dir, seeds } = readSeedSpecs(join(fuzzTargetFiles(root, target).dir, 'seeds.json'));
  const scratch = mkdtempSync(join(tmpdir(), 'fuzz-seeds-'));
  const replays: Record<string, SeedReplay> = {};
  for (const [name, steps] of Object.entries(seeds)) {
    const file = join(scratch, name);
    writeFileSync(file, encodeSeed(steps, functions, dir, target.peer !== undefined));
    const run = spawnSync(driver, [file], { env: { ...env, WASMEDGE_FUZZ_TRACE: '1' }, encoding: 'utf8' });
    const output = `${run.stdout}${run.stderr}`;
    const trace = output.split('\n').filter((line) => / -> |^peer script/.test(line));
    replays[name] = { status: run.status, trace, output };
  }
  return replays;
}
