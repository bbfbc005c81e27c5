/**
 * The set of backends lives in the directories backends/<name>/backend.cmake
 * (CMake discovers them); release-manifest.json must declare the same set,
 * and, for a backend whose runtime is opened with dlopen, the same runtime
 * facts as its backend.cmake passes to wasi_nn_runtime_library().
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const BACKENDS = join(HERE, '..', 'backends');
const MANIFEST = join(HERE, '..', '..', '..', 'release-manifest.json');

interface ManifestBackend {
  name: string;
  planned?: string;
  runtime?: { package: string; version: string; library: string; variable: string };
}

function manifestBackends(): ManifestBackend[] {
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as { plugins: { package: string; backends?: ManifestBackend[] }[] };
  return manifest.plugins.find((p) => p.package === 'wasi-nn')?.backends ?? [];
}

function backendDirectories(): string[] {
  return readdirSync(BACKENDS, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(BACKENDS, e.name, 'backend.cmake')))
    .map((e) => e.name)
    .sort();
}

/** The keyword arguments of the wasi_nn_runtime_library() call in a backend.cmake, or null. */
function runtimeDeclaration(backend: string): Record<string, string> | null {
  const text = readFileSync(join(BACKENDS, backend, 'backend.cmake'), 'utf8');
  const call = /wasi_nn_runtime_library\(\s*(\w+)([^)]*)\)/.exec(text);
  if (call === null) return null;
  expect(call[1], `backends/${backend}/backend.cmake declares the runtime of another backend`).toBe(backend);
  const args: Record<string, string> = {};
  for (const m of call[2]!.matchAll(/\b(LIBRARY|VARIABLE|INSTALL)\s+("([^"]*)"|\S+)/g)) args[m[1]!] = m[3] ?? m[2]!;
  return args;
}

describe('the backends of wasi_nn', () => {
  it('are the same in release-manifest.json and in backends/*/backend.cmake', () => {
    const declared = manifestBackends().map((b) => b.name).sort();
    expect(declared, 'release-manifest.json (wasi_nn backends) against backends/*/backend.cmake').toEqual(backendDirectories());
  });

  it('are none of them planned any more: each has its directory', () => {
    expect(manifestBackends().filter((b) => b.planned !== undefined).map((b) => b.name)).toEqual([]);
  });

  it.each(backendDirectories())('%s: backend.cmake and the manifest name the same runtime (or neither names one)', (backend) => {
    const declared = runtimeDeclaration(backend);
    const runtime = manifestBackends().find((b) => b.name === backend)?.runtime;
    if (declared === null || runtime === undefined) {
      expect({ cmake: declared, manifest: runtime ?? null }).toEqual({ cmake: null, manifest: null });
      return;
    }
    expect(declared).toEqual({ LIBRARY: runtime.library, VARIABLE: runtime.variable, INSTALL: `pip install ${runtime.package}==${runtime.version}` });
    // Where it builds against the pinned wheel's copy (setup.sh extracts it): the same package and version.
    const text = readFileSync(join(BACKENDS, backend, 'backend.cmake'), 'utf8');
    const pinned = [...text.matchAll(/wasi_nn_pinned_runtime_dir\(\s*\S+\s+(\S+)\s+(\S+)/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(pinned).toEqual([`${runtime.package} ${runtime.version}`]);
  });
});
