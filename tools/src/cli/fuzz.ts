/**
 * `npm run fuzz`: runs the libFuzzer targets (tools/src/fuzz/fuzz-targets.ts)
 * against the plug-ins' ASan/UBSan builds.
 *   npm run fuzz -- <target> [--seconds N] [-- <libFuzzer flags>]   one target
 *   npm run fuzz -- --all --seconds N                               each target in turn
 *   npm run fuzz -- <target> --replay <file>...                     run inputs once
 *   npm run fuzz -- <target> --write-seeds                          seeds.json -> seeds/
 *   npm run fuzz -- <target> --list                                 the functions fuzzed
 * New inputs go to build/fuzz/<target>/corpus/, crashes to
 * build/fuzz/<target>/artifacts/; the exit status is non-zero on a finding.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildFuzzDriver, buildFuzzPeer } from '../fuzz/fuzz-driver.ts';
import { fuzzDriverEnv, fuzzPluginLibrary } from '../fuzz/fuzz-run.ts';
import { FUZZ_TARGETS, fuzzTargetFiles, fuzzWorkDirs, getFuzzTarget, type FuzzTarget } from '../fuzz/fuzz-targets.ts';
import { encodeSeed, parseFunctionList, readSeedSpecs } from '../fuzz/seed-program.ts';
import { runMain, workspaceRoot } from './cli-support.ts';

const root = workspaceRoot();

function buildPlugins(targets: readonly FuzzTarget[]): void {
  const projects = [...new Set(targets.map((t) => t.package))].join(',');
  const result = spawnSync('npx', ['nx', 'run-many', '-t', 'build-asan', '-p', projects, '--outputStyle=stream'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`building the asan variant of ${projects} failed (output above)`);
}

function listFunctions(driver: string, target: FuzzTarget, env: NodeJS.ProcessEnv): string {
  const result = spawnSync(driver, [], { env: { ...env, WASMEDGE_FUZZ_LIST: '1' }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`listing the functions of ${target.name} failed:\n${result.stderr}`);
  return result.stdout;
}

function writeSeeds(driver: string, target: FuzzTarget, env: NodeJS.ProcessEnv): void {
  const files = fuzzTargetFiles(root, target);
  const { dir, seeds } = readSeedSpecs(join(files.dir, 'seeds.json'));
  const functions = parseFunctionList(listFunctions(driver, target, env));
  rmSync(files.seeds, { recursive: true, force: true });
  mkdirSync(files.seeds, { recursive: true });
  for (const [name, steps] of Object.entries(seeds)) writeFileSync(join(files.seeds, name), encodeSeed(steps, functions, dir, target.peer !== undefined));
  console.log(`${target.name}: wrote ${Object.keys(seeds).length} seeds to ${files.seeds}`);
}

/** Runs libFuzzer on one target; returns its exit status. */
function fuzz(driver: string, target: FuzzTarget, env: NodeJS.ProcessEnv, seconds: number, extra: string[]): number {
  const files = fuzzTargetFiles(root, target);
  const work = fuzzWorkDirs(root, target);
  mkdirSync(work.corpus, { recursive: true });
  mkdirSync(work.artifacts, { recursive: true });
  const args = [
    `-max_total_time=${seconds}`,
    '-timeout=30', // seconds per input: a process run may wait for its command
    '-rss_limit_mb=3072',
    '-print_final_stats=1',
    `-artifact_prefix=${work.artifacts}/`,
    ...(existsSync(files.dictionary) ? [`-dict=${files.dictionary}`] : []),
    ...extra,
    work.corpus,
    ...(existsSync(files.seeds) ? [files.seeds] : []),
  ];
  console.log(`\n── fuzz ${target.name} for ${seconds} s (seeds: ${existsSync(files.seeds) ? readdirSync(files.seeds).length : 0}) ──`);
  const result = spawnSync(driver, args, { env, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`fuzz ${target.name}: a finding (exit ${result.status ?? result.signal}); the input is in ${work.artifacts}/; ` +
      `replay it with: npm run fuzz -- ${target.name} --replay <file>`);
  }
  return result.status ?? 1;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: {
      all: { type: 'boolean', default: false },
      seconds: { type: 'string', default: '60' },
      replay: { type: 'boolean', default: false },
      'write-seeds': { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  const seconds = Number(values.seconds);
  if (!Number.isInteger(seconds) || seconds <= 0) throw new Error(`--seconds must be a positive whole number, not ${values.seconds}`);
  const [name, ...rest] = positionals;
  if (!values.all && name === undefined) {
    throw new Error(`name a target or pass --all; targets: ${FUZZ_TARGETS.map((t) => t.name).join(', ')}`);
  }
  const targets = values.all ? FUZZ_TARGETS : [getFuzzTarget(name!)];
  const libFuzzerArgs = values.all ? positionals : rest;
  buildPlugins(targets);
  const driver = await buildFuzzDriver(root);
  let status = 0;
  for (const target of targets) {
    const { path: library, skipped } = await fuzzPluginLibrary(root, target);
    if (skipped !== undefined) {
      // With --all a target whose SDK is missing is listed, as the build lists it; asked for by name, it fails.
      if (!values.all) throw new Error(`fuzz target ${target.name} cannot run: ${skipped}`);
      console.log(`\n── fuzz ${target.name}: skipped, ${skipped} ──`);
      continue;
    }
    const env = fuzzDriverEnv(root, target, library, await buildFuzzPeer(root, target));
    if (values.list) {
      process.stdout.write(listFunctions(driver, target, env));
    } else if (values['write-seeds']) {
      writeSeeds(driver, target, env);
    } else if (values.replay) {
      const result = spawnSync(driver, libFuzzerArgs, { env, stdio: 'inherit' });
      status = Math.max(status, result.status ?? 1);
    } else {
      status = Math.max(status, fuzz(driver, target, env, seconds, libFuzzerArgs));
    }
  }
  process.exitCode = status;
}

runMain(main);
