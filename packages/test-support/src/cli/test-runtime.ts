/**
 * Runs each plug-in's conformance programs through the Node host and the real
 * wasmedge runtime and compares them:
 *   tsx packages/test-support/src/cli/test-runtime.ts [--target T] [--json]
 * --target compares that target's builds (default host), e.g.
 * manylinux2014_x86_64 for the builds with OpenSSL built in.
 * Exits 0 when no runtime is found (it says so), 1 on any mismatch.
 */
import { parseArgs } from 'node:util';
import { runConformance } from '../conformance/conformance.ts';
import { loadManifest } from '@wasmedge-plugins/tools';
import { manifestPath, runMain, workspaceRoot } from '@wasmedge-plugins/tools';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, target: { type: 'string', default: 'host' } } });
  const root = workspaceRoot();
  const report = await runConformance(root, await loadManifest(manifestPath(root)), process.env, values.target);
  if (values.json) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    for (const r of report.results) {
      console.log(`${r.verdict === 'pass' ? 'pass' : 'FAIL'}  ${r.plugin}: ${r.case}${r.reason ? `\n      ${r.reason}` : ''}`);
    }
    console.log(report.message);
  }
  if (report.status === 'failed') process.exitCode = 1;
}

runMain(main);
