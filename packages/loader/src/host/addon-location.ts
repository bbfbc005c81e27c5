/**
 * Where the native host addon comes from, in order:
 *   1. WASMEDGE_HOST_ADDON, when set (another build, chosen by the user);
 *   2. a build from source inside this package, build/native/ (the workspace
 *      build, or `wasmedge-plugins build-host` where no prebuilt matched);
 *   3. the prebuilt package for this platform, an optional dependency
 *      (@wasmedge-plugins/loader-<platform>), as napi-rs and esbuild ship theirs.
 * When none exists, the error names this platform, every place looked at,
 * and how to build from source.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LoaderError } from '../errors.ts';

export const ADDON_FILE = 'wasmedge_host.node';

/** The platforms with a prebuilt package: npm's os/cpu/libc values and the ELF architecture. */
export const PREBUILT_PLATFORMS = [
  { key: 'linux-x64-gnu', os: 'linux', cpu: 'x64', libc: 'glibc', arch: 'x86_64' },
  { key: 'linux-arm64-gnu', os: 'linux', cpu: 'arm64', libc: 'glibc', arch: 'aarch64' },
] as const;

export type PrebuiltPlatform = (typeof PREBUILT_PLATFORMS)[number];

export const PACKAGE_NAME = '@wasmedge-plugins/loader';

export function prebuiltPackageName(platform: PrebuiltPlatform): string {
  return `${PACKAGE_NAME}-${platform.key}`;
}

/** This package's root: src/host/ and dist/host/ are both two levels down. */
export const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));

/** Where a build from source puts the addon (and any library built beside it). */
export const SOURCE_BUILD_DIR = join(PACKAGE_DIR, 'build', 'native');

export interface RuntimePlatform {
  os: string;
  cpu: string;
  /** 'glibc', 'musl', or undefined off Linux. */
  libc: string | undefined;
}

export function currentRuntimePlatform(): RuntimePlatform {
  if (process.platform !== 'linux') return { os: process.platform, cpu: process.arch, libc: undefined };
  // Node states the glibc it runs on in its report header; musl builds leave it out.
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  return { os: 'linux', cpu: process.arch, libc: header?.glibcVersionRuntime ? 'glibc' : 'musl' };
}

export function describeRuntimePlatform(p: RuntimePlatform): string {
  return [p.os, p.cpu, p.libc].filter(Boolean).join('-');
}

export function findPrebuiltPlatform(p: RuntimePlatform): PrebuiltPlatform | undefined {
  return PREBUILT_PLATFORMS.find((row) => row.os === p.os && row.cpu === p.cpu && row.libc === p.libc);
}

const BUILD_HINT =
  'build it from source inside the package: npx wasmedge-plugins build-host (needs cmake and a C++ compiler: apt-get install cmake g++); ' +
  'or set WASMEDGE_HOST_ADDON to a built wasmedge_host.node';

/** The addon to load, or a native-host-missing error naming the platform and every place looked at. */
export function locateAddon(platform: RuntimePlatform = currentRuntimePlatform()): string {
  const looked: string[] = [];
  const local = join(SOURCE_BUILD_DIR, ADDON_FILE);
  if (existsSync(local)) return local;
  looked.push(`no build from source at ${local}`);
  const prebuilt = findPrebuiltPlatform(platform);
  if (prebuilt) {
    const name = prebuiltPackageName(prebuilt);
    try {
      const dir = dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));
      const file = join(dir, ADDON_FILE);
      if (existsSync(file)) return file;
      looked.push(`${name} is installed at ${dir} but holds no ${ADDON_FILE}`);
    } catch {
      looked.push(`the prebuilt package ${name} is not installed (npm skips optional dependencies with --omit=optional or --no-optional)`);
    }
  } else {
    looked.push(`no prebuilt for ${describeRuntimePlatform(platform)} (prebuilt: ${PREBUILT_PLATFORMS.map((p) => p.key).join(', ')})`);
  }
  throw new LoaderError('native-host-missing', `no native plug-in host for ${describeRuntimePlatform(platform)}: ${looked.join('; ')}`, {
    hint: BUILD_HINT,
  });
}
