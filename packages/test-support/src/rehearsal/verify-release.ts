/**
 * The second half of a release rehearsal: given what packaging left in
 * dist/ (build summaries, index fragments, the merged release directory),
 * check it as a user meets it. dist/release is served on loopback; every
 * built cell's asset is installed through the loader's CLI into a scratch
 * plug-in directory for its platform; its smoke program runs through the
 * installed library (in Node for this machine's architecture, under qemu
 * through the test driver for another). One row per cell; any failure
 * marks its row.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arch as nodeArch } from 'node:process';
import { fileURLToPath } from 'node:url';
import { mapNodeArch, type IndexAsset, type ReleaseIndex } from '@wasmedge-plugins/common';
import { buildSummaryPath, expandMatrix, releaseDir, type BuildSummary, type BuiltCell, type Cell, type ReleaseManifest } from '@wasmedge-plugins/tools';
import { pinnedRuntimeEnv, runtimeLibraryDirs, withLibraryPath, type PinnedRuntime } from '../runtime-libraries.ts';
import { serveDirInChild } from './serve-dir.ts';
import { loadSmokeProgram, runSmokeInDriver } from './smoke.ts';

export interface RehearsalRow {
  cell: string;
  target: string;
  tarball: string;
  audit: string;
  install: string;
  smoke: string;
  ok: boolean;
}

export interface VerifyOptions {
  root: string;
  manifest: ReleaseManifest;
  /** The cells whose assets the release must hold (the built ones, or a release's matrix). */
  cells: readonly Cell[];
  /** The loader's command line, e.g. [node, packages/loader/bin/wasmedge-plugins.mjs]. */
  loaderCli: readonly string[];
  /**
   * Install each backend's runtime with its plug-in (--with-runtime) when the index says where it
   * comes from, from this mirror (a URL or directory; the registry when empty), and smoke-test
   * with nothing but what was installed: no runtime variable, no LD_LIBRARY_PATH.
   */
  withRuntime?: { mirror: string };
  /** A real `wasmedge`: each cell of this machine's architecture also runs its smoke program there, installed as a user installs it. */
  wasmedge?: string;
}

const CLI_TIMEOUT_MS = 120_000;
const SMOKE_CHILD = fileURLToPath(new URL('smoke-child.ts', import.meta.url));

/** Runs `command` with `env` over this process's environment, or (`exact`) with `env` alone. */
function run(command: readonly string[], env: NodeJS.ProcessEnv, exact = false): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command[0]!, command.slice(1), { env: exact ? env : { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], timeout: CLI_TIMEOUT_MS });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.on('error', (err) => resolve({ code: null, stdout, stderr: `${stderr}${err.message}` }));
  });
}

/** The CLI's error (with --json, an {error} object on stdout), else the end of what it printed. */
function cliErrorMessage(stdout: string, stderr: string): string {
  try {
    const { error } = JSON.parse(stdout) as { error?: { message: string } };
    if (error) return error.message;
  } catch {
    // not JSON: the CLI did not get as far as reporting
  }
  return `${stderr}${stdout}`.trim().split('\n').slice(-3).join(' ');
}

/** Every cell the build summaries of `targets` list as built, with the summary's resolved row. */
export function builtCells(root: string, manifest: ReleaseManifest, targets: readonly string[]): { built: BuiltCell[]; skipped: { id: string; target: string; reason: string }[] } {
  const built: BuiltCell[] = [];
  const skipped: { id: string; target: string; reason: string }[] = [];
  for (const target of targets) {
    const packages = [...new Set(expandMatrix(manifest, { targets: [target] }).cells.map((c) => c.package))];
    for (const pkg of packages) {
      const path = join(root, buildSummaryPath(target, pkg));
      if (!existsSync(path)) {
        skipped.push({ id: pkg, target, reason: `no build summary at ${path}` });
        continue;
      }
      const summary = JSON.parse(readFileSync(path, 'utf8')) as BuildSummary;
      built.push(...summary.built);
      skipped.push(...summary.skipped.map((s) => ({ id: s.id, target, reason: s.reason })));
    }
  }
  return { built, skipped };
}

/** The asset packaging wrote for a cell (its index fragment in the cell's parts directory). */
function packagedAsset(root: string, cell: Cell): IndexAsset | undefined {
  const dir = join(root, cell.layout.partsDir);
  if (!existsSync(dir)) return undefined;
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.tar.gz.json'))) {
    const asset = JSON.parse(readFileSync(join(dir, name), 'utf8')) as IndexAsset;
    if (asset.plugin === cell.plugin && asset.backend === cell.backend && asset.target === cell.target) return asset;
  }
  return undefined;
}

/** The variable a cell's plug-in reads its runtime's directory from, if it has one. */
function dlopenRuntimeVariable(cell: Cell): string | undefined {
  return cell.runtime?.variable;
}

/** The manifest's record of the runtime a cell's backend dlopens. */
function dlopenRuntime(cell: Cell): PinnedRuntime {
  if (!cell.runtime) throw new Error(`${cell.id}: the index says its backend dlopens a runtime, but the manifest names none`);
  return cell.runtime;
}

async function checkCell(options: VerifyOptions, cell: Cell, index: ReleaseIndex, server: { url: string; port: number }, scratch: string): Promise<RehearsalRow> {
  const row: RehearsalRow = { cell: cell.id, target: cell.target, tarball: '-', audit: '-', install: '-', smoke: '-', ok: false };
  const listed = index.assets.find((a) => a.plugin === cell.plugin && a.backend === cell.backend && a.target === cell.target);
  if (!listed) {
    const packaged = packagedAsset(options.root, cell);
    row.tarball = packaged ? packaged.file : 'not packaged';
    row.install = 'not in index.json';
    return row;
  }
  row.tarball = listed.file;
  row.audit = listed.audit?.verdict ?? 'not audited';
  const pluginDir = join(scratch, cell.target, cell.id);
  const runtimeInstalled = options.withRuntime !== undefined && listed.backendRuntime?.sources !== undefined;
  const args = [
    'install', cell.plugin, ...(cell.backend ? ['--backend', cell.backend] : []), '--index', server.url, '--dir', pluginDir,
    ...(runtimeInstalled ? ['--with-runtime', ...(options.withRuntime!.mirror ? ['--runtime-mirror', options.withRuntime!.mirror] : [])] : []),
  ];
  const install = await run([...options.loaderCli, ...args, '--platform', listed.platform, '--runtime', options.manifest.runtime.testedWith, '--json'], {
    NO_PROXY: '127.0.0.1',
    no_proxy: '127.0.0.1',
  });
  if (install.code !== 0) {
    row.install = `failed: ${cliErrorMessage(install.stdout, install.stderr)}`;
    return row;
  }
  const { record } = JSON.parse(install.stdout) as { record: { dir: string; library: string; assetSha256: string } };
  if (record.assetSha256 !== listed.sha256) {
    row.install = `installed sha256 ${record.assetSha256}, index says ${listed.sha256}`;
    return row;
  }
  row.install = `ok (${listed.platform}${runtimeInstalled ? `, with ${listed.backendRuntime!.package} ${listed.backendRuntime!.version}` : ''})`;
  const library = join(pluginDir, record.dir, record.library);
  const foreign = listed.arch !== mapNodeArch(nodeArch);
  try {
    const packageDir = join(options.root, cell.layout.sourceDir);
    const program = loadSmokeProgram(packageDir, cell.id);
    if (foreign) {
      const env = listed.backendRuntime?.linkage === 'dlopen' && !runtimeInstalled ? pinnedRuntimeEnv(dlopenRuntime(cell), listed.arch) : {};
      await runSmokeInDriver(program, cell.target, library, { port: server.port }, env);
      row.smoke = `ok (qemu-${listed.arch})`;
    } else {
      // Each program runs in a process of its own, with the environment a user's would have: a
      // runtime installed beside the plug-in and nothing else, a linked SDK on LD_LIBRARY_PATH
      // (read once, at start), or a dlopen'ed runtime through its variable.
      const runtime = listed.backendRuntime;
      let env: NodeJS.ProcessEnv = process.env;
      let how = 'Node';
      if (runtimeInstalled) {
        env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'LD_LIBRARY_PATH' && k !== dlopenRuntimeVariable(cell)));
        how = 'Node, the runtime installed beside it';
      } else if (runtime?.linkage === 'linked') {
        env = withLibraryPath(runtimeLibraryDirs(options.root, cell.target, cell.package));
        how = `Node, ${runtime.package} ${runtime.version} on LD_LIBRARY_PATH`;
      } else if (runtime) {
        env = { ...process.env, ...pinnedRuntimeEnv(dlopenRuntime(cell), listed.arch) };
        how = `Node, ${runtime.package} ${runtime.version} through ${dlopenRuntime(cell).variable}`;
      }
      const wasmedge = options.wasmedge ? [options.wasmedge, join(pluginDir, record.dir)] : [];
      const child = await run([process.execPath, '--import', 'tsx', SMOKE_CHILD, packageDir, cell.id, library, String(server.port), ...wasmedge], env, true);
      if (child.code !== 0) throw new Error(`${`${child.stderr}${child.stdout}`.trim().split('\n').pop() ?? ''} (exit ${child.code})`);
      row.smoke = `ok (${how}${options.wasmedge ? '; wasmedge' : ''})`;
    }
    row.ok = true;
  } catch (err) {
    row.smoke = `failed: ${(err as Error).message.split('\n')[0]}`;
  }
  return row;
}

/** Installs and smoke-tests the asset of every cell in `options.cells` from the served release directory. */
export async function verifyRelease(options: VerifyOptions): Promise<RehearsalRow[]> {
  const dir = releaseDir(options.root);
  const indexFile = join(dir, 'index.json');
  if (!existsSync(indexFile)) throw new Error(`${indexFile} does not exist: the merge step did not run`);
  const index = JSON.parse(readFileSync(indexFile, 'utf8')) as ReleaseIndex;
  const server = await serveDirInChild(dir);
  const scratch = mkdtempSync(join(tmpdir(), 'rehearsal-plugins-'));
  try {
    const rows: RehearsalRow[] = [];
    for (const cell of options.cells) rows.push(await checkCell(options, cell, index, server, scratch));
    return rows;
  } finally {
    await server.close();
  }
}

/** What failed: the steps named in `failedSteps`, then every row that did not pass. */
export function rehearsalFailures(rows: readonly RehearsalRow[], failedSteps: readonly string[]): string[] {
  return [...failedSteps, ...(rows.length === 0 ? ['no cell was built'] : []), ...rows.filter((r) => !r.ok).map((r) => `${r.cell} (${r.target})`)];
}

/** One table: cell, target, tarball, audit verdict, install, smoke. */
export function formatRehearsalTable(rows: readonly RehearsalRow[]): string {
  const header = ['cell', 'target', 'tarball', 'audit', 'install', 'smoke'];
  const cells = rows.map((r) => [r.cell, r.target, r.tarball, r.audit, r.install, r.smoke]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => Math.min(c[i]!.length, 70))));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
