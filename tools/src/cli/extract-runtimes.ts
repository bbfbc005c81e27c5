/**
 * Takes the runtimes the wasi_nn backends open (a backend's manifest
 * `runtime`) out of their pinned wheels, for every architecture the
 * manifest gives a glibc floor for, into
 * <user cache>/runtimes/<package>-<version>-<arch>/, under their paths in
 * the wheel: the libraries the release index publishes for an install
 * (describeWheelRuntime: the same files), and the headers the build
 * compiles against. Builds and tests use these; setup.sh runs this.
 *   tsx tools/src/cli/extract-runtimes.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadManifest } from '../manifest/load-manifest.ts';
import type { BackendRuntime as ManifestRuntime } from '../manifest/schema.ts';
import { ensureWheel, findWheelPinForArch, loadWheelPins } from '../deps/pypi-wheels.ts';
import { describeWheelRuntime, openWheel } from '../deps/runtime-sources.ts';
import { userCacheDir } from '../deps/user-cache.ts';
import { extractEntry } from '../deps/zip-tree.ts';
import { manifestPath, runMain, workspaceRoot } from './cli-support.ts';

const MARKER = '.wasmedge-plugins-runtime.json';

/** What one extraction holds; a directory whose marker says otherwise is made again. */
interface Extracted {
  wheel: string;
  sha256: string;
  members: string[];
  headers: string | null;
}

async function extract(root: string, runtime: ManifestRuntime, arch: string): Promise<void> {
  const pin = findWheelPinForArch(loadWheelPins(root), runtime.package, runtime.version, arch);
  const dir = join(userCacheDir(), 'runtimes', `${runtime.package}-${runtime.version}-${arch}`);
  const described = await describeWheelRuntime(root, runtime, arch);
  const wanted: Extracted = { wheel: pin.file, sha256: pin.sha256, members: described.sources!.flatMap((s) => s.members), headers: runtime.headers ?? null };
  const marker = join(dir, MARKER);
  if (existsSync(marker) && readFileSync(marker, 'utf8') === `${JSON.stringify(wanted)}\n`) return;
  console.log(`extracting ${wanted.members.length} libraries${wanted.headers ? ` and ${wanted.headers}` : ''} of ${pin.file} into ${dir}`);
  const temp = `${dir}.tmp-${process.pid}`;
  await rm(temp, { recursive: true, force: true });
  const wheel = await openWheel(pin, await ensureWheel(pin, (line) => console.log(line)));
  try {
    for (const [path, entry] of wheel.entries) {
      const header = wanted.headers !== null && path.startsWith(wanted.headers) && !path.endsWith('/');
      if (header || wanted.members.includes(path)) await extractEntry(wheel.zip, entry, join(temp, path));
    }
    await writeFile(join(temp, MARKER), `${JSON.stringify(wanted)}\n`);
  } finally {
    wheel.zip.close();
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, '..'), { recursive: true });
  await rename(temp, dir);
}

async function main(): Promise<void> {
  const root = workspaceRoot();
  const manifest = await loadManifest(manifestPath(root));
  for (const plugin of manifest.plugins) {
    for (const backend of plugin.backends ?? []) {
      if (!backend.runtime) continue;
      for (const arch of Object.keys(backend.runtime.glibcFloor)) await extract(root, backend.runtime, arch);
    }
  }
  console.log(`backend runtimes ready in ${join(userCacheDir(), 'runtimes')}`);
}

runMain(main);
