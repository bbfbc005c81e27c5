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
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { BuildSummary } from '../orchestration/build-cells.ts';
import { cellLayout as layoutFor } from '../cells/cells.ts';
import { layoutKey } from '../orchestration/variants.ts';
import { sanitizerOptions } from '../orchestration/sanitizer-runtime.ts';
import { buildFuzzDriver } from '../fuzz/fuzz-driver.ts';
import { FUZZ_TARGETS, fuzzTargetFiles, fuzzWorkDirs, getFuzzTarget, type FuzzTarget } from '../fuzz/fuzz-targets.ts';
import { encodeSeed, parseFunctionList, readSeedSpecs } from '../fuzz/seed-program.ts';
import { loadManifest } from '../manifest/load-manifest.ts';
import { manifestPath, runMain, workspaceRoot } from './cli-support.ts';

const root = workspaceRoot();

/** The target's asan library, or why the build skipped it (a missing SDK, with how to install it). */
async function pluginLibrary(target: FuzzTarget): Promise<{ path: string; skipped?: string }> {
  const manifest = await loadManifest(manifestPath(root));
  const entry = manifest.plugins.find((p) => p.name === target.plugin)!;
  const cell = { plugin: target.plugin, backend: target.backend, package: target.package };
  const layout = layoutFor(root, layoutKey('host', 'asan'), cell);
  const path = join(layout.installDir, entry.library);
  if (existsSync(path)) return { path };
  const summaryFile = join(layout.packageDir, 'build-summary.json');
  const summary = existsSync(summaryFile) ? (JSON.parse(readFileSync(summaryFile, 'utf8')) as BuildSummary) : undefined;
  const reason = summary?.skipped.find((s) => s.plugin === target.plugin && s.backend === target.backend)?.reason;
  return { path, skipped: reason ?? `${path} was not built` };
}

function buildPlugins(targets: readonly FuzzTarget[]): void {
  const projects = [...new Set(targets.map((t) => t.package))].join(',');
  const result = spawnSync('npx', ['nx', 'run-many', '-t', 'build-asan', '-p', projects, '--outputStyle=stream'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`building the asan variant of ${projects} failed (output above)`);
}

function driverEnv(target: FuzzTarget, library: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const suppressions = fuzzTargetFiles(root, target).leakSuppressions;
  return {
    ...process.env,
    ...sanitizerOptions({ detectLeaks: true }),
    WASMEDGE_FUZZ_PLUGIN: library,
    WASMEDGE_FUZZ_MODULE: [target.name, ...(target.companions ?? [])].join(','),
    WASMEDGE_FUZZ_OPTIONS: target.options.join('\n'),
    ...(target.isolate ? { WASMEDGE_FUZZ_ISOLATE: target.isolate } : {}),
    ...(existsSync(suppressions) ? { LSAN_OPTIONS: `suppressions=${suppressions}` } : {}),
    ...extra,
  };
}

function listFunctions(driver: string, target: FuzzTarget, library: string): string {
  const result = spawnSync(driver, [], { env: driverEnv(target, library, { WASMEDGE_FUZZ_LIST: '1' }), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`listing the functions of ${target.name} failed:\n${result.stderr}`);
  return result.stdout;
}

function writeSeeds(driver: string, target: FuzzTarget, library: string): void {
  const files = fuzzTargetFiles(root, target);
  const { dir, seeds } = readSeedSpecs(join(files.dir, 'seeds.json'));
  const functions = parseFunctionList(listFunctions(driver, target, library));
  rmSync(files.seeds, { recursive: true, force: true });
  mkdirSync(files.seeds, { recursive: true });
  for (const [name, steps] of Object.entries(seeds)) writeFileSync(join(files.seeds, name), encodeSeed(steps, functions, dir));
  console.log(`${target.name}: wrote ${Object.keys(seeds).length} seeds to ${files.seeds}`);
}

/** Runs libFuzzer on one target; returns its exit status. */
function fuzz(driver: string, target: FuzzTarget, library: string, seconds: number, extra: string[]): number {
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
  const result = spawnSync(driver, args, { env: driverEnv(target, library), stdio: 'inherit' });
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
    const { path: library, skipped } = await pluginLibrary(target);
    if (skipped !== undefined) {
      // With --all a target whose SDK is missing is listed, as the build lists it; asked for by name, it fails.
      if (!values.all) throw new Error(`fuzz target ${target.name} cannot run: ${skipped}`);
      console.log(`\n── fuzz ${target.name}: skipped, ${skipped} ──`);
      continue;
    }
    if (values.list) {
      process.stdout.write(listFunctions(driver, target, library));
    } else if (values['write-seeds']) {
      writeSeeds(driver, target, library);
    } else if (values.replay) {
      const result = spawnSync(driver, libFuzzerArgs, { env: driverEnv(target, library), stdio: 'inherit' });
      status = Math.max(status, result.status ?? 1);
    } else {
      status = Math.max(status, fuzz(driver, target, library, seconds, libFuzzerArgs));
    }
  }
  process.exitCode = status;
}

runMain(main);
