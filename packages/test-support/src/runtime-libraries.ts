/**
 * The directories of the backend runtimes a package's built cells link
 * (an SDK made from pinned wheels, such as libtorch from torch's wheel), as
 * the build summary of a target lists them. The dynamic loader reads
 * LD_LIBRARY_PATH once, at process start: tests, smoke runs and benchmarks
 * start their process with these directories on it, as a user would.
 * Imported by path (not through the tools package) because vitest bundles
 * its config file and would leave a workspace package's TypeScript
 * untranspiled.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findSdk } from '../../../tools/src/deps/sdk-recipes.ts';
import { cellLayout } from '../../../tools/src/cells/expand-cells.cjs';

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
