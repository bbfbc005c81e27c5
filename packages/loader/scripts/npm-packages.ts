/**
 * The npm packages this repository publishes, and how each is staged and
 * packed (`npm pack`) into one directory:
 *
 * | Package                                   | From                                   |
 * |-------------------------------------------|----------------------------------------|
 * | @wasmedge-plugins/common                  | packages/common (its `files`)          |
 * | @wasmedge-plugins/loader                  | packages/loader (its `files`), plus the|
 * |                                           | prebuilt packages as optional deps     |
 * | @wasmedge-plugins/loader-<platform>       | a zig build of the native host, with a |
 * |                                           | package.json made here (os/cpu/libc)   |
 *
 * The loader's optionalDependencies are added when staging, as napi-rs does:
 * in the checked-in package.json they would name versions the registry does
 * not have yet, and `npm ci` refuses a lockfile without them.
 * Every package gets the repository's LICENSE and the loader's version.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { workspaceRoot } from '@wasmedge-plugins/tools';
import { PACKAGE_DIR, PREBUILT_PLATFORMS, prebuiltPackageName, type PrebuiltPlatform } from '../src/host/addon-location.ts';

export const ROOT = workspaceRoot(PACKAGE_DIR);
export const COMMON_DIR = join(ROOT, 'packages', 'common');
export const STAGE_ROOT = join(PACKAGE_DIR, 'build', 'npm-stage');

interface PackageJson {
  name: string;
  version: string;
  [field: string]: unknown;
}

export function readPackageJson(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
}

export const LOADER_VERSION = readPackageJson(PACKAGE_DIR).version;

/** The files `npm pack` would take from `dir`, as npm itself lists them. */
function listPackedFiles(dir: string): string[] {
  const [report] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir, encoding: 'utf8' })) as [
    { files: { path: string }[] },
  ];
  return report!.files.map((f) => f.path);
}

/** Packs `dir` into `outDir`; resolves to the tarball's path. */
export function packDirectory(dir: string, outDir: string): string {
  mkdirSync(outDir, { recursive: true });
  const [report] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', outDir], { cwd: dir, encoding: 'utf8' }),
  ) as [{ filename: string }];
  return join(outDir, report!.filename);
}

/** npm checks a provenance statement against package.json's repository, so the release passes its own. */
export interface PackOptions {
  repository?: string;
}

function withRepository(pkg: PackageJson, options: PackOptions): PackageJson {
  return options.repository ? { ...pkg, repository: { type: 'git', url: options.repository } } : pkg;
}

/** Copies what npm would pack from `dir` into a fresh stage, with package.json changed by `edit`. */
function stage(dir: string, edit: (pkg: PackageJson) => PackageJson): string {
  const pkg = readPackageJson(dir);
  const staged = join(STAGE_ROOT, pkg.name.replace('/', '+'));
  rmSync(staged, { recursive: true, force: true });
  for (const file of listPackedFiles(dir)) {
    if (file === 'package.json') continue;
    mkdirSync(dirname(join(staged, file)), { recursive: true });
    copyFileSync(join(dir, file), join(staged, file));
  }
  copyFileSync(join(ROOT, 'LICENSE'), join(staged, 'LICENSE'));
  const edited = edit(pkg);
  delete edited.devDependencies;
  delete edited.nx;
  writeFileSync(join(staged, 'package.json'), `${JSON.stringify(edited, null, 2)}\n`);
  return staged;
}

/** Stages and packs common and the loader; resolves to the tarballs. */
export function packLibraries(outDir: string, options: PackOptions = {}): string[] {
  const common = stage(COMMON_DIR, (pkg) => withRepository(pkg, options));
  const loader = stage(PACKAGE_DIR, (pkg) =>
    withRepository({ ...pkg, optionalDependencies: Object.fromEntries(PREBUILT_PLATFORMS.map((p) => [prebuiltPackageName(p), pkg.version])) }, options),
  );
  return [packDirectory(common, outDir), packDirectory(loader, outDir)];
}

/** The package.json of a prebuilt package: npm installs it only where os, cpu and libc match. */
export function prebuiltPackageJson(platform: PrebuiltPlatform, files: string[], options: PackOptions = {}): PackageJson {
  const loader = readPackageJson(PACKAGE_DIR);
  return withRepository({
    name: prebuiltPackageName(platform),
    version: loader.version,
    description: `The native plug-in host of @wasmedge-plugins/loader for ${platform.key} (glibc)`,
    license: loader.license,
    os: [platform.os],
    cpu: [platform.cpu],
    libc: [platform.libc],
    files,
    engines: loader.engines,
    publishConfig: loader.publishConfig,
  }, options);
}

/** Writes a prebuilt package's package.json and LICENSE beside its built files. */
export function completePrebuiltPackage(dir: string, platform: PrebuiltPlatform, files: string[], options: PackOptions = {}): void {
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(prebuiltPackageJson(platform, files, options), null, 2)}\n`);
  cpSync(join(ROOT, 'LICENSE'), join(dir, 'LICENSE'));
}
