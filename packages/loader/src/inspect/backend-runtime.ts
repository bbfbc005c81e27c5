/**
 * A backend's runtime, which its artifact does not ship (OpenVINO, LiteRT):
 * the release index says which library the plug-in opens on first use
 * (`backendRuntime`, linkage "dlopen"), and the install record keeps it. The
 * plug-in itself loads without it, so doctor warns instead of failing: when
 * the library is nowhere the plug-in or the dynamic linker would look, and
 * when this machine's glibc is below the runtime's own floor (which can be
 * above the plug-in's: 2.34 for LiteRT on aarch64, against 2.17).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { compareDottedVersions } from '@wasmedge-plugins/common';
import { readInstallState, type InstallRecord } from '../install/install-state.ts';
import type { Platform } from '../platform/detect.ts';
import { createProblem, type DoctorProblem } from './problems.ts';

export interface RuntimeLookup {
  /** LD_LIBRARY_PATH as the runtime's process would see it. */
  libraryPath: string;
  /** File names in the dynamic linker's cache (`ldconfig -p`). */
  cachedLibraries: ReadonlySet<string>;
}

/** This machine's library search places, read once per doctor run. */
export function currentRuntimeLookup(env: NodeJS.ProcessEnv = process.env): RuntimeLookup {
  const ldconfig = ['/sbin/ldconfig', '/usr/sbin/ldconfig', 'ldconfig'].find((p) => !p.startsWith('/') || existsSync(p)) ?? 'ldconfig';
  const listed = spawnSync(ldconfig, ['-p'], { encoding: 'utf8' });
  const names = new Set<string>();
  for (const line of (listed.stdout ?? '').split('\n')) {
    const name = /^\s+(\S+)\s+\(/.exec(line)?.[1];
    if (name !== undefined) names.add(name);
  }
  return { libraryPath: env.LD_LIBRARY_PATH ?? '', cachedLibraries: names };
}

/** The install record of the plug-in at `path`, found in its search-path directory's state file; null if none. */
async function installRecordOf(path: string, pluginDir: string): Promise<InstallRecord | null> {
  try {
    const state = await readInstallState(pluginDir);
    for (const record of state.installed.values()) {
      if (resolve(pluginDir, record.dir, record.library) === resolve(path)) return record;
    }
  } catch {
    // A damaged state file is the installer's to report; doctor judges the file itself.
  }
  return null;
}

export async function checkBackendRuntime(path: string, pluginDir: string, platform: Platform, lookup: RuntimeLookup): Promise<DoctorProblem[]> {
  const record = await installRecordOf(path, pluginDir);
  const runtime = record?.backendRuntime;
  if (record === null || runtime === undefined || runtime.linkage !== 'dlopen') return [];
  const problems: DoctorProblem[] = [];
  const what = `its ${record.backend} backend's runtime, ${runtime.package} ${runtime.version}`;
  const places = [dirname(path), ...lookup.libraryPath.split(delimiter).filter(Boolean)];
  for (const library of runtime.libraries) {
    if (places.some((dir) => existsSync(join(dir, library))) || lookup.cachedLibraries.has(library)) continue;
    problems.push(
      createProblem(
        'backend-runtime-missing',
        {
          found: `${what}, opens ${library} when a guest first loads a model, and ${library} is not beside the plug-in, on LD_LIBRARY_PATH or in the dynamic linker's cache (the plug-in loads, but that load fails)`,
          required: `${library} from \`pip install ${runtime.package}==${runtime.version}\``,
          action: `install it, then set the backend's library path variable (the plug-in's README names it) to the directory holding ${library}, or add that directory to LD_LIBRARY_PATH`,
        },
        'warning',
      ),
    );
  }
  const glibc = platform.libc.family === 'glibc' ? (platform.libc.version ?? null) : null;
  if (runtime.glibcFloor !== null && glibc !== null && compareDottedVersions(glibc, runtime.glibcFloor) < 0) {
    problems.push(
      createProblem(
        'backend-runtime-glibc',
        {
          found: `${what}, needs glibc ${runtime.glibcFloor}, and this machine has ${glibc}`,
          required: `glibc ${runtime.glibcFloor} or newer for this backend (the plug-in itself loads)`,
          action: 'run this backend on a newer system, or use another backend of the plug-in',
        },
        'warning',
      ),
    );
  }
  return problems;
}
