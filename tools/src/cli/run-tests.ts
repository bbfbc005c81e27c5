/**
 * `npm test`: runs every project's test target through Nx, then prints one
 * closing line with the totals of all packages' vitest reports.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from './cli-support.ts';

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests?: number;
}

const root = workspaceRoot();
const resultsDir = join(root, 'dist', 'test-results');
rmSync(resultsDir, { recursive: true, force: true });

const nx = spawnSync('npx', ['nx', 'run-many', '-t', 'test', '--outputStyle=stream', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});

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
const status = nx.status ?? 1;
if (status !== 0 && failed === 0) {
  failed = 1; // a target failed before or outside vitest (build, compile): count it
}
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(status);
