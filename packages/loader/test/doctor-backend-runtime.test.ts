/**
 * doctor on an installed backend plug-in whose index entry records its
 * runtime: the wasi_nn PyTorch build for ubuntu20.04_x86_64 (built against
 * torch 2.15.0's wheel), with that libtorch missing, replaced by another
 * version (Debian's libtorch 1.13 behind the same file name), built with
 * the other C++ ABI, and present.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BackendRuntime } from '@wasmedge-plugins/common';
import { describe, expect, it } from 'vitest';
import { runtimeLibraryDirs } from '@wasmedge-plugins/test-support';
import { workspaceRoot } from '@wasmedge-plugins/tools';
import { pluginSearchPath } from '../src/discovery/index.ts';
import { doctor, type DoctorFinding } from '../src/inspect/index.ts';
import { currentLibrarySearch, type LibrarySearch } from '../src/inspect/backend-runtime.ts';
import { hashFile, writeInstallState } from '../src/install/install-state.ts';
import { detectPlatform } from '../src/platform/index.ts';

const ROOT = workspaceRoot();
const TARGET = 'ubuntu20.04_x86_64';
const SUMMARY = join(ROOT, 'dist', 'plugins', TARGET, 'wasi-nn', 'build-summary.json');
const LIBRARY = join(ROOT, 'dist', 'plugins', TARGET, 'wasi-nn', 'wasi_nn-pytorch', 'libwasmedgePluginWasiNN.so');
const built = existsSync(SUMMARY) && existsSync(LIBRARY);
if (!built) console.warn(`doctor backend-runtime tests skipped: build ${LIBRARY} first with npx nx run wasi-nn:build -c ${TARGET}`);

function recordedRuntime(): BackendRuntime {
  const summary = JSON.parse(readFileSync(SUMMARY, 'utf8')) as { built: { backend: string | null; backendRuntime?: BackendRuntime }[] };
  const runtime = summary.built.find((c) => c.backend === 'pytorch')?.backendRuntime;
  if (!runtime) throw new Error(`${SUMMARY} records no backend runtime for the pytorch cell`);
  return runtime;
}

/** A plug-in directory holding the library as the installer leaves it, record included. */
async function installedPlugin(runtime: BackendRuntime = recordedRuntime()): Promise<{ pluginDir: string; library: string }> {
  const pluginDir = mkdtempSync(join(tmpdir(), 'doctor-runtime-'));
  const dir = 'wasi_nn';
  mkdirSync(join(pluginDir, dir));
  const library = join(pluginDir, dir, 'libwasmedgePluginWasiNN.so');
  copyFileSync(LIBRARY, library);
  const record = {
    plugin: 'wasi_nn', backend: 'pytorch', version: '0.17.1', platform: TARGET,
    asset: `WasmEdge-plugin-wasi_nn-pytorch-0.17.1-${TARGET}.tar.gz`, assetSha256: '0'.repeat(64), source: 'file:///index.json',
    range: '*', library: 'libwasmedgePluginWasiNN.so', backendRuntime: runtime, dir,
    files: [{ path: join(dir, 'libwasmedgePluginWasiNN.so'), sha256: await hashFile(library) }], installedAt: new Date(0).toISOString(),
  };
  await writeInstallState(pluginDir, { schemaVersion: 1, installed: new Map([['wasi_nn', record]]) });
  return { pluginDir, library };
}

async function judge(pluginDir: string, librarySearch: LibrarySearch): Promise<DoctorFinding> {
  const searchPath = pluginSearchPath({ env: { WASMEDGE_PLUGIN_PATH: join(pluginDir, 'wasi_nn') }, wasmedgeLibDir: null, installDir: pluginDir });
  const report = await doctor({ searchPath, platform: detectPlatform(), runtimeVersion: '0.17.1', librarySearch });
  const finding = report.findings.find((f) => f.path.endsWith('libwasmedgePluginWasiNN.so'));
  if (!finding) throw new Error(`doctor found no wasi_nn library in ${pluginDir}`);
  return finding;
}

const kinds = (finding: DoctorFinding) => finding.problems.map((p) => p.kind);

describe.runIf(built)('doctor and the backend runtime an installed plug-in records', () => {
  it('names the missing libtorch, its version and how to install it', async () => {
    const { pluginDir } = await installedPlugin();
    const finding = await judge(pluginDir, { libraryPath: [], cache: new Map(), defaults: [] });
    expect(kinds(finding)).toContain('backend-runtime-missing');
    const problem = finding.problems.find((p) => p.kind === 'backend-runtime-missing')!;
    expect(problem.found).toMatch(/libtorch_cpu\.so/);
    expect(problem.required).toMatch(/torch 2\.15\.0 \(cxx11 ABI\)/);
    // The index says which wheels the runtime comes from: one command installs it beside the plug-in.
    expect(problem.action).toBe(`run \`wasmedge-plugins install wasi_nn-pytorch --with-runtime --force --index file:///index.json --dir ${pluginDir}\`, which installs the torch 2.15.0 runtime beside the plug-in`);
    expect(finding.status).toBe('problems');
  });

  it('says what to install by hand when the index does not say where the runtime comes from', async () => {
    const { pluginDir } = await installedPlugin({ ...recordedRuntime(), sources: undefined });
    const finding = await judge(pluginDir, { libraryPath: [], cache: new Map(), defaults: [] });
    const problem = finding.problems.find((p) => p.kind === 'backend-runtime-missing')!;
    expect(problem.action).toMatch(/pip install torch==2\.15\.0/);
    expect(problem.action).toMatch(/LD_LIBRARY_PATH/);
  });

  it.runIf(existsSync('/usr/lib/x86_64-linux-gnu/libtorch_cpu.so.1.13'))(
    "names Debian's libtorch 1.13 that the linker would load instead (another SONAME behind libtorch_cpu.so)",
    async () => {
      const { pluginDir } = await installedPlugin();
      const finding = await judge(pluginDir, currentLibrarySearch({}));
      const mismatch = finding.problems.filter((p) => p.kind === 'backend-runtime-mismatch');
      expect(mismatch.map((p) => p.found).join('\n')).toMatch(/libtorch_cpu\.so resolves to \S+libtorch_cpu\.so, which is libtorch_cpu\.so\.1\.13[.\d]* with SONAME libtorch_cpu\.so\.1\.13, not torch 2\.15\.0/);
      expect(mismatch[0]!.action).toMatch(/^run `wasmedge-plugins install wasi_nn-pytorch --with-runtime --force /);
      expect(finding.status).toBe('problems');
    },
  );

  it('names a libc10.so built with the old C++ ABI', async () => {
    const { pluginDir } = await installedPlugin();
    // A real library with the pre-C++11 std::string in its imports, named as libtorch's.
    const dir = mkdtempSync(join(tmpdir(), 'old-abi-'));
    writeFileSync(join(dir, 'c10.cpp'), '#include <string>\nstd::string c10_name(const std::string& s) { return s + "!"; }\n');
    execFileSync('c++', ['-shared', '-fPIC', '-D_GLIBCXX_USE_CXX11_ABI=0', '-Wl,-soname,libc10.so', '-o', join(dir, 'libc10.so'), join(dir, 'c10.cpp')]);
    const sdkDirs = runtimeLibraryDirs(ROOT, TARGET, 'wasi-nn');
    const finding = await judge(pluginDir, { libraryPath: [dir, ...sdkDirs], cache: new Map(), defaults: [] });
    const mismatch = finding.problems.filter((p) => p.kind === 'backend-runtime-mismatch');
    expect(mismatch).toHaveLength(1);
    expect(mismatch[0]!.found).toMatch(/libc10\.so at \S+ uses the pre-cxx11 C\+\+ ABI, and the plug-in the cxx11 one/);
  });

  it('finds nothing wrong when the wheel\'s libraries are on LD_LIBRARY_PATH, and the plug-in opens', async () => {
    const { pluginDir } = await installedPlugin();
    const sdkDirs = runtimeLibraryDirs(ROOT, TARGET, 'wasi-nn');
    expect(sdkDirs.length).toBeGreaterThan(0);
    const saved = process.env.LD_LIBRARY_PATH;
    // The probe's child process starts with this path, as WasmEdge would.
    process.env.LD_LIBRARY_PATH = sdkDirs.join(':');
    try {
      const finding = await judge(pluginDir, currentLibrarySearch());
      expect(kinds(finding).filter((k) => k.startsWith('backend-runtime'))).toEqual([]);
      expect(finding.descriptor?.name).toBe('wasi_nn');
    } finally {
      if (saved === undefined) delete process.env.LD_LIBRARY_PATH;
      else process.env.LD_LIBRARY_PATH = saved;
    }
  });
});
