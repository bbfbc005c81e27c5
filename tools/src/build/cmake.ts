/**
 * Configure, build and install one cell with CMake and Ninja, out of source.
 * Target and backend reach the plug-in's CMakeLists only as cache variables.
 */
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

export async function runCMakeCell(build: CMakeCellBuild): Promise<void> {
  const run = $({ stdio: ['ignore', 'inherit', 'inherit'], verbose: false });
  await run`cmake ${cmakeConfigureArgs(build)}`;
  await run`cmake --build ${build.buildDir}`;
  await run`cmake --install ${build.buildDir}`;
}
