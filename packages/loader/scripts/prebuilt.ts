/**
 * Builds the prebuilt native host packages with zig, for the lowest glibc
 * the release targets support on each architecture (the floor target's zig
 * triple, e.g. x86_64-linux-gnu.2.17), and checks the result stays under it.
 * zig c++ links libc++ statically, so the addon needs no libstdc++.
 */
import { basename, join } from 'node:path';
import { lstatSync, readFileSync } from 'node:fs';
import { compareDottedVersions, highestVersionNeeded, readElf } from '@wasmedge-plugins/common';
import { findZig, floorTargetFor, writeZigToolchain, ZIG_INSTALL } from '@wasmedge-plugins/tools';
import { PACKAGE_DIR, PREBUILT_PLATFORMS, type PrebuiltPlatform } from '../src/host/addon-location.ts';
import { buildNativeHost } from '../src/native-build/build-host.ts';
import { completePrebuiltPackage, ROOT, type PackOptions } from './npm-packages.ts';

export const PREBUILT_ROOT = join(PACKAGE_DIR, 'build', 'prebuilt');

export function findPrebuiltPlatformByKey(key: string): PrebuiltPlatform {
  const platform = PREBUILT_PLATFORMS.find((p) => p.key === key);
  if (!platform) throw new Error(`no prebuilt platform ${key} (known: ${PREBUILT_PLATFORMS.map((p) => p.key).join(', ')})`);
  return platform;
}

/** Builds one platform's package directory under build/prebuilt/<key>/; resolves to it. */
export async function buildPrebuilt(platform: PrebuiltPlatform, options: PackOptions & { stdio?: 'inherit' | 'ignore' } = {}): Promise<string> {
  const zig = findZig();
  if (!zig) throw new Error(`building the prebuilt native hosts needs zig: ${ZIG_INSTALL}`);
  const target = floorTargetFor(platform.arch);
  const toolchainFile = await writeZigToolchain(join(PACKAGE_DIR, 'build', 'toolchains', target.zigTarget), zig, target);
  const dir = join(PREBUILT_ROOT, platform.key);
  const files = await buildNativeHost({
    outDir: dir,
    workDir: join(PACKAGE_DIR, 'build', 'cmake-js', target.zigTarget),
    toolchainFile,
    pluginApiInclude: join(ROOT, 'packages', 'plugin-api', 'include'),
    // The toolchain strips shared libraries; the addon is a module.
    defines: { CMAKE_MODULE_LINKER_FLAGS: '-Wl,--strip-all' },
    stdio: options.stdio,
  });
  // npm packs no symbolic links (the libwasmedge.so.0 names CMake adds): the addon carries that
  // SONAME, so a plug-in that needs libwasmedge.so.0 binds to it once it is loaded.
  const shipped = files.filter((file) => !lstatSync(file).isSymbolicLink());
  for (const file of shipped) {
    const elf = readElf(readFileSync(file));
    const glibc = highestVersionNeeded(elf, 'GLIBC_');
    if (glibc !== null && compareDottedVersions(glibc, target.glibc) > 0) {
      throw new Error(`${file} needs GLIBC_${glibc}, above ${target.name}'s ${target.glibc}`);
    }
  }
  completePrebuiltPackage(dir, platform, shipped.map((f) => basename(f)), options);
  return dir;
}
