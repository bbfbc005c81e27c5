/**
 * Runtime conformance: the same wasm programs through the Node host and the
 * real wasmedge runtime, compared (run-case.ts: each run a fresh process;
 * output, exit status and trap code). Each plug-in package holds its cases
 * in test/conformance/cases.json. Without a runtime, or with one outside the
 * manifest's runtime range, it says so and skips; it never fails for that.
 */
import { fork } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import semver from 'semver';
import type { BuildSummary } from '@wasmedge-plugins/tools';
import { layoutFor } from '@wasmedge-plugins/tools';
import type { ReleaseManifest } from '@wasmedge-plugins/tools';
import { expandMatrix } from '@wasmedge-plugins/tools';
import { runInNode, runInRuntime, substitute, wasmBytesFor, writeProgram, type ConformanceCase, type Outcome } from './run-case.ts';
import { findRuntimeBinary, listsPlugin, readRuntimeInfo } from './runtime.ts';

export type Verdict = 'pass' | 'fail';

export interface CaseResult {
  plugin: string;
  case: string;
  verdict: Verdict;
  reason?: string;
  node?: Outcome;
  runtime?: Outcome;
}

export interface ConformanceReport {
  status: 'skipped' | 'passed' | 'failed';
  message: string;
  runtime?: { bin: string; version: string };
  results: CaseResult[];
}

interface PluginUnderTest {
  plugin: string;
  libraryPath: string;
  casesFile: string;
}

function builtPluginsWithCases(root: string, manifest: ReleaseManifest, target: string): PluginUnderTest[] {
  const found: PluginUnderTest[] = [];
  for (const cell of expandMatrix(manifest, { targets: [target] }).cells) {
    const layout = layoutFor(root, target, cell);
    const casesFile = join(root, 'packages', cell.package, 'test', 'conformance', 'cases.json');
    const summaryFile = join(layout.packageDir, 'build-summary.json');
    if (!existsSync(casesFile) || !existsSync(summaryFile)) continue;
    const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as BuildSummary;
    if (!summary.built.some((b) => b.plugin === cell.plugin && b.backend === cell.backend)) continue;
    found.push({ plugin: cell.plugin, libraryPath: join(layout.installDir, cell.library), casesFile });
  }
  return found;
}

/** Time a case's setup script gets to say it is ready. */
const SETUP_TIMEOUT_MS = 30_000;

/** Starts a case's setup script; resolves to its vars and a stop function. */
function startSetup(script: string): Promise<{ vars: Record<string, string>; stop(): void }> {
  const child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${script} did not report ready within ${SETUP_TIMEOUT_MS / 1000} s`));
    }, SETUP_TIMEOUT_MS);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${script} exited with code ${code} before it was ready`)));
    child.once('message', (message) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ vars: (message as { vars: Record<string, string> }).vars, stop: () => child.kill() });
    });
  });
}

function compare(node: Outcome, runtime: Outcome): string | undefined {
  const problems: string[] = [];
  if (node.exitCode !== runtime.exitCode) problems.push(`exit code: Node host ${node.exitCode}, wasmedge ${runtime.exitCode}`);
  if (node.trapCode !== runtime.trapCode) {
    const hex = (c: number | undefined) => (c === undefined ? 'none' : `0x${c.toString(16)}`);
    problems.push(`trap code: Node host ${hex(node.trapCode)}, wasmedge ${hex(runtime.trapCode)}`);
  }
  if (node.stdout !== runtime.stdout) problems.push(`stdout: Node host ${JSON.stringify(node.stdout)}, wasmedge ${JSON.stringify(runtime.stdout)}`);
  return problems.length ? problems.join('; ') : undefined;
}

/**
 * `target` chooses whose builds are compared: `host` (the default) or a
 * release target this machine can run (an x86_64 one here), e.g. to check
 * the builds with a built-in OpenSSL in the real runtime.
 */
export async function runConformance(root: string, manifest: ReleaseManifest, env: NodeJS.ProcessEnv = process.env, target = 'host'): Promise<ConformanceReport> {
  const bin = findRuntimeBinary(env);
  if (!bin) {
    return { status: 'skipped', message: 'no WasmEdge runtime found (set WASMEDGE_BIN or put wasmedge on PATH): runtime conformance skipped', results: [] };
  }
  const plugins = builtPluginsWithCases(root, manifest, target);
  if (plugins.length === 0) {
    const build = target === 'host' ? 'npx nx run-many -t build' : `npx nx run-many -t build -c ${target}`;
    return { status: 'skipped', message: `no plug-in built for ${target} has conformance cases: build first (${build})`, results: [] };
  }
  const results: CaseResult[] = [];
  let runtimeVersion: string | undefined;
  for (const p of plugins) {
    const pluginPath = dirname(p.libraryPath);
    const info = await readRuntimeInfo(bin, pluginPath, env);
    runtimeVersion = info.version;
    if (!semver.satisfies(info.version, manifest.runtime.range, { includePrerelease: true })) {
      return {
        status: 'skipped',
        message: `wasmedge ${info.version} (${bin}) is outside the manifest's runtime range ${manifest.runtime.range}: runtime conformance skipped`,
        runtime: { bin, version: info.version },
        results: [],
      };
    }
    const cases = JSON.parse(readFileSync(p.casesFile, 'utf8')) as ConformanceCase[];
    if (!listsPlugin(info, { name: p.plugin, libraryPath: p.libraryPath })) {
      results.push({ plugin: p.plugin, case: '(load)', verdict: 'fail', reason: `wasmedge --version does not list ${p.plugin}: the runtime rejected ${p.libraryPath}` });
      continue;
    }
    for (const template of cases) {
      const program = writeProgram(await wasmBytesFor(resolve(dirname(p.casesFile), template.wasm)));
      const setup = template.setup ? await startSetup(resolve(dirname(p.casesFile), template.setup)) : undefined;
      try {
        const c = substitute(template, { casesDir: dirname(p.casesFile), ...setup?.vars });
        const node = await runInNode(pluginPath, program, c, env);
        const runtime = await runInRuntime(bin, pluginPath, program, c, env);
        const reason = compare(node, runtime);
        results.push({ plugin: p.plugin, case: c.name, verdict: reason ? 'fail' : 'pass', ...(reason ? { reason } : {}), node, runtime });
      } finally {
        setup?.stop();
      }
    }
  }
  const failed = results.filter((r) => r.verdict === 'fail').length;
  return {
    status: failed ? 'failed' : 'passed',
    message: `${results.length - failed} passed, ${failed} failed against wasmedge ${runtimeVersion} (${bin})`,
    runtime: { bin, version: runtimeVersion! },
    results,
  };
}
