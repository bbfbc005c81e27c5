/**
 * Configure, build and install one cell with CMake and Ninja, out of source.
 * Target and backend reach the plug-in's CMakeLists only as cache variables.
 */
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { $ } from 'zx';

export interface CMakeCellBuild {
  sourceDir: string;
  buildDir: string;
  installDir: string;
  /** Cache variables: plug-in file name, version, backend, toolchain file... */
  cacheVariables: Record<string, string>;
  /** Strip this prefix from paths in debug info, so builds do not depend on the checkout location. */
  workspaceRoot: string;
  /** Added to every compile and link line (a build variant's sanitizer flags). */
  flags?: string[];
  /** Turns each cmake command into the one to run (inside a build root); as is when absent. */
  wrap?: (argv: string[]) => string[];
}

export function cmakeConfigureArgs(build: CMakeCellBuild): string[] {
  const flags = [`-ffile-prefix-map=${build.workspaceRoot}=.`, ...(build.flags ?? [])].join(' ');
  const linkFlags = (build.flags ?? []).join(' ');
  const vars: Record<string, string> = {
    CMAKE_BUILD_TYPE: 'Release',
    CMAKE_INSTALL_PREFIX: build.installDir,
    CMAKE_C_FLAGS: flags,
    CMAKE_CXX_FLAGS: flags,
    ...(linkFlags ? { CMAKE_SHARED_LINKER_FLAGS: linkFlags } : {}),
    ...build.cacheVariables,
  };
  return [
    '-S', build.sourceDir,
    '-B', build.buildDir,
    '-G', 'Ninja',
    '--no-warn-unused-cli',
    ...Object.entries(vars).map(([key, value]) => `-D${key}=${value}`),
  ];
}

/**
 * Why an existing build tree cannot be reused, or undefined when it can. CMake
 * refuses a tree configured for another source directory or made at another
 * path (a moved checkout, a build/ restored from a cache elsewhere).
 */
export function staleBuildTreeReason(build: Pick<CMakeCellBuild, 'sourceDir' | 'buildDir'>): string | undefined {
  const cacheFile = join(build.buildDir, 'CMakeCache.txt');
  if (!existsSync(cacheFile)) return undefined;
  const cache = readFileSync(cacheFile, 'utf8');
  const entry = (name: string) => new RegExp(`^${name}:INTERNAL=(.*)$`, 'm').exec(cache)?.[1];
  const checks = [
    { name: 'CMAKE_HOME_DIRECTORY', expected: build.sourceDir, what: 'source directory' },
    { name: 'CMAKE_CACHEFILE_DIR', expected: build.buildDir, what: 'build directory' },
  ];
  for (const check of checks) {
    const found = entry(check.name);
    if (found !== undefined && resolve(found) !== resolve(check.expected)) {
      return `${build.buildDir} was configured with ${check.what} ${found}, not ${check.expected}`;
    }
  }
  return undefined;
}

export async function runCMakeCell(build: CMakeCellBuild, log: (line: string) => void = console.log): Promise<void> {
  const stale = staleBuildTreeReason(build);
  if (stale !== undefined) {
    log(`${stale}: configuring it afresh`);
    await rm(build.buildDir, { recursive: true, force: true });
  }
  const run = $({ stdio: ['ignore', 'inherit', 'inherit'], verbose: false });
  const wrap = build.wrap ?? ((argv: string[]) => argv);
  await run`${wrap(['cmake', ...cmakeConfigureArgs(build)])}`;
  await run`${wrap(['cmake', '--build', build.buildDir])}`;
  await run`${wrap(['cmake', '--install', build.buildDir])}`;
}
