/**
 * The directories of the backend runtimes a package's built cells link
 * (an SDK made from pinned wheels, such as libtorch from torch's wheel), as
 * the build summary of a target lists them. The dynamic loader reads
 * LD_LIBRARY_PATH once, at process start: tests, smoke runs and benchmarks
 * start their process with these directories on it, as a user would.
 * Also where the runtimes a plug-in dlopens (OpenVINO, LiteRT) are, as
 * setup.sh extracts them from their pinned wheels.
 * Imported by path (not through the tools package) because vitest bundles
 * its config file and would leave a workspace package's TypeScript
 * untranspiled.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findSdk } from '../../../tools/src/deps/sdk-recipes.ts';
import { cellLayout } from '../../../tools/src/cells/expand-cells.cjs';
import { userCacheDir } from '../../../tools/src/deps/user-cache.ts';

interface SummaryCell {
  id: string;
  buildEnv?: { sdk: string | null };
}

/** SDK names the cells of `pkg` built for `target` link; [] when the package has no summary for it. */
export function runtimeSdkNames(root: string, target: string, pkg: string): string[] {
  const summary = join(root, cellLayout('', target, { plugin: pkg, backend: null, package: pkg }).buildSummary);
  if (!existsSync(summary)) return [];
  const { built } = JSON.parse(readFileSync(summary, 'utf8')) as { built: SummaryCell[] };
  return [...new Set(built.flatMap((c) => (c.buildEnv?.sdk ? [c.buildEnv.sdk] : [])))];
}

/** The library directories of those SDKs; an SDK the build used but that is gone is an error saying how to remake it. */
export function runtimeLibraryDirs(root: string, target: string, pkg: string): string[] {
  return runtimeSdkNames(root, target, pkg).flatMap((name) => {
    const sdk = findSdk(root, name);
    if (!sdk) throw new Error(`the ${name} SDK that ${pkg} was built against for ${target} is not in the cache any more: rebuild with npx nx run ${pkg}:build -c ${target}`);
    return sdk.libraryDirs;
  });
}

/** `env` with `dirs` ahead of its LD_LIBRARY_PATH (unchanged when there are none). */
export function withLibraryPath(dirs: readonly string[], env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (dirs.length === 0) return env;
  const current = (env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean);
  return { ...env, LD_LIBRARY_PATH: [...dirs, ...current.filter((d) => !dirs.includes(d))].join(':') };
}

/** A backend runtime the plug-in dlopens, as release-manifest.json pins it. */
export interface PinnedRuntime {
  package: string;
  version: string;
  library: string;
  /** The variable naming the directory the plug-in looks in first. */
  variable: string;
}

/**
 * The directory holding a dlopen'ed runtime's library for `arch`, as setup.sh extracts the
 * pinned wheel: <user cache>/runtimes/<package>-<version>-<arch>/<module>[/libs].
 */
export function pinnedRuntimeDir(runtime: PinnedRuntime, arch: string): string {
  const dir = join(userCacheDir(), 'runtimes', `${runtime.package}-${runtime.version}-${arch}`, runtime.package.replaceAll('-', '_'));
  for (const candidate of [dir, join(dir, 'libs')]) {
    if (existsSync(join(candidate, runtime.library))) return candidate;
  }
  throw new Error(`${runtime.library} is not in ${dir} or its libs/: run ./setup.sh, which extracts it from the pinned ${runtime.package} ${runtime.version} wheel`);
}

/** The environment that points a plug-in at the pinned runtime for `arch`. */
export function pinnedRuntimeEnv(runtime: PinnedRuntime, arch: string): Record<string, string> {
  return { [runtime.variable]: pinnedRuntimeDir(runtime, arch) };
}
