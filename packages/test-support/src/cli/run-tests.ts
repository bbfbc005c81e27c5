/**
 * `npm test`: runs every project's test target through Nx for `host`, then
 * the release-target runs of release-test-plan.ts (static
 * OpenSSL builds in Node, aarch64 builds under qemu), then prints one
 * closing line with the totals of all vitest reports.
 *   npm test [-- <nx run-many options>]   (options apply to the host run)
 *   npm test -- --host-only                the host run only
 *   npm test -- --release-only             the release-target runs only
 *   npm test -- --sanitized-only           the sanitized phase only (below)
 * The host run ends with the sanitized phase: the suites of SANITIZED_SUITES
 * against the plug-ins' asan variant, then every fuzz target for
 * CI_FUZZ_SECONDS (`npm run fuzz -- --all`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadManifest } from '@wasmedge-plugins/tools';
import { releaseTestRuns } from '../release-test-plan.ts';
import { manifestPath, workspaceRoot } from '@wasmedge-plugins/tools';

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests?: number;
}

/** Suites that also run under ASan/UBSan (wasi-nn left out: libtorch is uninstrumented, and its build is long). */
const SANITIZED_SUITES = ['process', 'httpsreq', 'wasi-crypto'];
const CI_FUZZ_SECONDS = 10;

const root = workspaceRoot();
const resultsDir = join(root, 'dist', 'test-results');
rmSync(resultsDir, { recursive: true, force: true });

function runMany(args: string[]): number {
  return spawnSync('npx', ['nx', 'run-many', '-t', 'test', '--outputStyle=stream', ...args], { cwd: root, stdio: 'inherit' }).status ?? 1;
}

const args = process.argv.slice(2);
const hostOnly = args.includes('--host-only');
const releaseOnly = args.includes('--release-only');
const sanitizedOnly = args.includes('--sanitized-only');
const nxArgs = args.filter((a) => a !== '--host-only' && a !== '--release-only' && a !== '--sanitized-only');
if ([hostOnly, releaseOnly, sanitizedOnly].filter(Boolean).length > 1) {
  console.error('npm test: --host-only, --release-only and --sanitized-only exclude each other');
  process.exit(2);
}

let status = releaseOnly || sanitizedOnly ? 0 : runMany(nxArgs);
if (!releaseOnly) {
  console.log(`\n── sanitized (ASan/UBSan): ${SANITIZED_SUITES.join(', ')}; fuzz targets for ${CI_FUZZ_SECONDS} s each ──`);
  const run = (command: string, args: string[]) => spawnSync(command, args, { cwd: root, stdio: 'inherit' }).status ?? 1;
  status = Math.max(status, run('npx', ['nx', 'run-many', '-t', 'test-asan', '--outputStyle=stream', '-p', SANITIZED_SUITES.join(',')]));
  status = Math.max(status, run('npx', ['tsx', 'tools/src/cli/fuzz.ts', '--all', '--seconds', String(CI_FUZZ_SECONDS)]));
}
if (!hostOnly && !sanitizedOnly) {
  for (const run of releaseTestRuns(root, await loadManifest(manifestPath(root)))) {
    console.log(`\n── tests for ${run.target} (${run.why}): ${run.projects.join(', ')} ──`);
    status = Math.max(status, runMany(['-c', run.target, '-p', run.projects.join(',')]));
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(resultsDir)) {
  for (const file of readdirSync(resultsDir).filter((f) => f.endsWith('.json')).sort()) {
    const report = JSON.parse(readFileSync(join(resultsDir, file), 'utf8')) as VitestReport;
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  }
}
if (status !== 0 && failed === 0) {
  failed = 1; // a target failed before or outside vitest (build, compile): count it
}
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(status);
