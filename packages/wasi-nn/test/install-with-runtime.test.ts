/**
 * `install --with-runtime` as a user runs it, for every cell of the target
 * under test whose runtime comes from pinned wheels (host: openvino and
 * tensorflowlite; ubuntu20.04_x86_64: those and pytorch, which links
 * libtorch). The compiled CLI installs the cell, packaged by the tools' own
 * functions from the real build, from a release directory, and takes its
 * runtime from a loopback mirror serving the real pinned wheels (the
 * copies setup.sh downloaded; nothing reaches the registry). From an empty
 * plug-in directory and with no runtime on any search path: the install
 * works, a wasm program runs an inference through the installed plug-in in
 * Node, doctor is healthy and names a deleted runtime library with the
 * command that fixes it, a tampered wheel is refused with nothing written,
 * and uninstall leaves the directory as it was.
 */
import { execFile, spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendRuntime } from '@wasmedge-plugins/common';
import { testTarget } from '@wasmedge-plugins/test-support';
import {
  loadManifest,
  packageAuditedAsset,
  readAssetFragments,
  writeAssetFragment,
  writeReleaseFiles,
  workspaceRoot,
  wheelCacheDir,
  type BuiltCell,
} from '@wasmedge-plugins/tools';

const ROOT = workspaceRoot();
const WHEELS = wheelCacheDir();
const CLI = join(ROOT, 'packages', 'loader', 'bin', 'wasmedge-plugins.mjs');
const SMOKE_CHILD = fileURLToPath(new URL('../../test-support/src/rehearsal/smoke-child.ts', import.meta.url));
const TARGET = testTarget();
const SUMMARY = join(ROOT, 'dist', 'plugins', TARGET, 'wasi-nn', 'build-summary.json');
const manifest = await loadManifest(join(ROOT, 'release-manifest.json'));

/** The built cells of the target whose runtime says where it comes from. */
function cellsWithSources(): BuiltCell[] {
  if (!existsSync(SUMMARY)) throw new Error(`${SUMMARY} does not exist: build wasi-nn for ${TARGET} first`);
  return (JSON.parse(readFileSync(SUMMARY, 'utf8')) as { built: BuiltCell[] }).built.filter((c) => c.backendRuntime?.sources);
}

/** This environment without any way to a runtime: no LD_LIBRARY_PATH (the tests' SDK), no runtime variable. */
function withoutRuntimes(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('WASI_NN_') && k !== 'LD_LIBRARY_PATH'));
}

/** The compiled CLI with its own HOME and no plug-in settings from the environment. */
function cli(args: string[], home: string, extra: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...withoutRuntimes(), HOME: home, WASMEDGE_PLUGINS_DIR: '', WASMEDGE_PLUGINS_INDEX: '', WASMEDGE_PLUGIN_PATH: '', WASMEDGE_BIN: '/nonexistent/wasmedge', ...extra };
  return new Promise((resolve) =>
    execFile(process.execPath, [CLI, ...args], { env, maxBuffer: 64 * 1024 ** 2 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

/** Serves the wheel cache by file name; `tamper` names a file served with one byte changed. */
async function serveWheels(tamper?: string): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice(1));
    requests.push(name);
    const path = join(WHEELS, name);
    if (name.includes('/') || !existsSync(path)) {
      res.writeHead(404).end();
      return;
    }
    const size = statSync(path).size;
    let offset = 0;
    const flip = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        const middle = Math.floor(size / 2) - offset;
        if (name === tamper && middle >= 0 && middle < chunk.length) chunk[middle]! ^= 0x01;
        offset += chunk.length;
        done(null, chunk);
      },
    });
    res.writeHead(200, { 'content-length': size });
    createReadStream(path).pipe(flip).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A release directory holding the cells' assets, packaged and indexed as a release is. */
async function releaseOf(cells: BuiltCell[]): Promise<string> {
  const scratch = mkdtempSync(join(tmpdir(), 'runtime-release-'));
  for (const cell of cells) {
    const partsDir = join(scratch, 'parts', cell.target);
    const { report: _report, ...asset } = await packageAuditedAsset({
      cell,
      installDir: join(ROOT, cell.layout.installDir),
      outDir: partsDir,
      runtime: manifest.runtime,
      mtime: new Date(1_700_000_000_000),
    });
    await writeAssetFragment(partsDir, asset);
  }
  const release = join(scratch, 'release');
  await writeReleaseFiles(release, await readAssetFragments(join(scratch, 'parts')));
  return release;
}

/** Every file under `dir`, relative, sorted. */
function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

/** Runs the cell's smoke program (an inference) on `library` in a process with no runtime on any path. */
function runInference(cellId: string, library: string): Promise<{ code: number | null; output: string }> {
  const env = withoutRuntimes();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SMOKE_CHILD, join(ROOT, 'packages', 'wasi-nn'), cellId, library, '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ code, output }));
  });
}

const cells = cellsWithSources();

it(`builds at least one cell for ${TARGET} whose runtime the index can describe`, () => {
  expect(cells.map((c) => c.backend)).toEqual(expect.arrayContaining(TARGET === 'host' ? ['openvino', 'tensorflowlite'] : ['pytorch']));
});

describe.each(cells.map((cell) => ({ backend: cell.backend!, cell })))(`install wasi_nn-$backend --with-runtime (${TARGET})`, ({ backend, cell }) => {
  let release: string;
  let mirror: Awaited<ReturnType<typeof serveWheels>>;
  let home: string;
  const runtime = cell.backendRuntime as BackendRuntime;
  const platform = cell.row.platform;
  const args = (pluginDir: string, ...rest: string[]) => ['--index', release, '--dir', pluginDir, '--platform', platform, '--runtime', manifest.runtime.testedWith, ...rest];

  beforeAll(async () => {
    release = await releaseOf([cell]);
    mirror = await serveWheels();
    home = mkdtempSync(join(tmpdir(), 'runtime-home-'));
  }, 120_000);
  afterAll(() => mirror.close());

  it('installs the plug-in and only the libraries the backend needs; an inference runs; doctor is healthy; uninstall leaves the directory as it was', async () => {
    const pluginDir = mkdtempSync(join(tmpdir(), `with-runtime-${backend}-`));
    const before = listing(pluginDir);
    const install = await cli(['install', `wasi_nn-${backend}`, '--with-runtime', '--runtime-mirror', mirror.url, ...args(pluginDir, '--json')], home);
    expect(install.stderr).toContain('verified sha256');
    expect(install.code).toBe(0);
    const { record } = JSON.parse(install.stdout) as { record: { dir: string; library: string; runtime: { files: string[]; size: number; package: string } } };
    const members = runtime.sources!.flatMap((s) => s.members.map((m) => m.slice(m.lastIndexOf('/') + 1)));
    expect(record.runtime.files).toEqual([...members].sort());
    expect(record.runtime.package).toBe(runtime.package);
    expect(listing(join(pluginDir, record.dir)).sort()).toEqual([record.library, ...members, ...readdirSync(join(ROOT, cell.layout.installDir)).filter((f) => f !== record.library)].sort());
    expect(record.runtime.size).toBe(members.reduce((sum, m) => sum + statSync(join(pluginDir, record.dir, m)).size, 0));
    expect(mirror.requests).toEqual(expect.arrayContaining(runtime.sources!.map((s) => s.file)));

    const list = await cli(['list', '--dir', pluginDir], home);
    expect(list.stdout).toMatch(new RegExp(`wasi_nn \\(${backend}\\) .*\\(runtime: ${runtime.package} ${runtime.version.replaceAll('.', '\\.')}, [0-9.]+ [KMG]i?B\\)`));

    const inference = await runInference(`wasi_nn-${backend}`, join(pluginDir, record.dir, record.library));
    expect(inference.output).not.toMatch(/smoke step/);
    expect(inference.code).toBe(0);

    // As a user who put the directory on WasmEdge's search path.
    const searched = { WASMEDGE_PLUGIN_PATH: pluginDir };
    const healthy = await cli(['doctor', '--dir', pluginDir, '--runtime', manifest.runtime.testedWith, '--json'], home, searched);
    const report = JSON.parse(healthy.stdout) as { findings: { path: string; status: string; problems: { kind: string; message: string }[] }[]; notes: string[] };
    expect(report.findings.map((f) => [f.path, f.status, f.problems])).toEqual([[join(pluginDir, record.dir, record.library), 'ok', []]]);
    expect(report.notes.join('\n')).toContain(`of the ${runtime.package} ${runtime.version} runtime installed with wasi_nn`);
    expect(healthy.code).toBe(0);

    // One the system does not also have (Debian's libtorch-dev has a libtorch_cpu.so of its own).
    const deleted = runtime.libraries.find((l) => !['/lib/x86_64-linux-gnu', '/usr/lib/x86_64-linux-gnu', '/usr/lib'].some((d) => existsSync(join(d, l))))!;
    rmSync(join(pluginDir, record.dir, deleted));
    const broken = await cli(['doctor', '--dir', pluginDir, '--runtime', manifest.runtime.testedWith, '--json'], home, searched);
    const problem = (JSON.parse(broken.stdout) as typeof report).findings[0]!.problems.find((p) => p.kind === 'backend-runtime-missing');
    expect(problem?.message).toContain(deleted);
    expect(problem?.message).toContain(`wasmedge-plugins install wasi_nn-${backend} --with-runtime --force --index ${join(release, 'index.json')} --dir ${pluginDir}`);

    const uninstall = await cli(['uninstall', 'wasi_nn', '--dir', pluginDir], home);
    expect(uninstall.code).toBe(0);
    expect(listing(pluginDir)).toEqual(before);
  }, 300_000);

  it('refuses a tampered wheel before anything is written', async () => {
    const tampered = await serveWheels(runtime.sources![0]!.file);
    try {
      const pluginDir = mkdtempSync(join(tmpdir(), `tampered-${backend}-`));
      mkdirSync(join(pluginDir, 'kept'));
      const before = listing(pluginDir);
      const install = await cli(['install', `wasi_nn-${backend}`, '--with-runtime', '--runtime-mirror', tampered.url, ...args(pluginDir)], home);
      expect(install.code).not.toBe(0);
      expect(install.stderr).toContain(`${runtime.sources![0]!.file}: sha256 is`);
      expect(listing(pluginDir)).toEqual(before);
      expect(readdirSync(pluginDir)).toEqual(['kept']);
    } finally {
      await tampered.close();
    }
  }, 300_000);
});
