/**
 * Cross toolchains without containers: zig's C/C++ compiler (from the
 * `ziglang` PyPI wheel) targeting a glibc version, wired into CMake through
 * a toolchain file per release target. Wrapper scripts carry the target so
 * every compile and link (including CMake's probes) uses it.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findZig } from './find-zig.cjs';
import type { ReleaseTarget } from '@wasmedge-plugins/common';

export const ZIG_VERSION = '0.17.1';
export const ZIG_INSTALL = `pip install ziglang==${ZIG_VERSION}`;

/** The zig compiler ($ZIG, the ziglang wheel's, or zig on PATH); undefined when none. */
export { findZig };

const TOOLS = { cc: 'cc', 'c++': 'c++', ar: 'ar', ranlib: 'ranlib' } as const;

/**
 * Writes the wrappers and `toolchain.cmake` for `target` under `dir`;
 * returns the toolchain file's path.
 */
export async function writeZigToolchain(dir: string, zig: string, target: ReleaseTarget & { name: string }): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const [name, tool] of Object.entries(TOOLS)) {
    // Compilers get the target; ar/ranlib are target-independent.
    const targetFlag = tool === 'cc' || tool === 'c++' ? ` -target ${target.zigTarget}` : '';
    const script = `#!/bin/sh\nexec "${zig}" ${tool}${targetFlag} "$@"\n`;
    await writeFile(join(dir, `zig-${name}`), script);
    await chmod(join(dir, `zig-${name}`), 0o755);
  }
  const processor = target.arch;
  const file = join(dir, 'toolchain.cmake');
  await writeFile(
    file,
    [
      `# Generated for target ${target.name} (${target.zigTarget}) by tools/src/orchestration/zig-toolchain.ts`,
      'set(CMAKE_SYSTEM_NAME Linux)',
      `set(CMAKE_SYSTEM_PROCESSOR ${processor})`,
      `set(CMAKE_C_COMPILER "${join(dir, 'zig-cc')}")`,
      `set(CMAKE_CXX_COMPILER "${join(dir, 'zig-c++')}")`,
      `set(CMAKE_AR "${join(dir, 'zig-ar')}" CACHE FILEPATH "" FORCE)`,
      `set(CMAKE_RANLIB "${join(dir, 'zig-ranlib')}" CACHE FILEPATH "" FORCE)`,
      '# Release builds keep debug info otherwise; the host strip cannot read aarch64.',
      'set(CMAKE_SHARED_LINKER_FLAGS_INIT "-Wl,--strip-all")',
      '# Never pick up the build machine\'s libraries or headers for another target.',
      'set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)',
      'set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)',
      'set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)',
      'set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)',
      '',
    ].join('\n'),
  );
  return file;
}
