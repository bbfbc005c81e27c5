/**
 * Builds (or reuses) a native dependency for one release target and says
 * how CMake finds it. The build lands in build/deps/<name>/<target>/ with a
 * stamp whose key covers everything that shapes the result: pinned source,
 * recipe options, the zig target and zig's version. One build serves every
 * target of an architecture: it is compiled for the lowest glibc any release
 * target of that architecture has, and a sibling target with the same key is
 * copied instead of rebuilt.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { delimiter, join } from 'node:path';
import { $ } from 'zx';
import { RELEASE_TARGETS, compareDottedVersions, getTarget, isProcessAlive, listReleaseTargetNames, type Arch, type ReleaseTarget } from '@wasmedge-plugins/common';
import type { BuildLog } from '../orchestration/build-log.ts';
import { findZig, writeZigToolchain, ZIG_INSTALL } from '../orchestration/zig-toolchain.ts';
import { DependencyError, type NativeDependency } from './dependency.ts';
import { OPENSSL_CONFIGURE_OPTIONS, OPENSSL_INSTALL_PREFIX, OPENSSL_INSTALLED_FILES, opensslCMakeVariables, opensslConfigureArgs } from './openssl-recipe.ts';
import { fetchPinnedSource, unpackSource } from './source-archive.ts';

export interface BuiltDependency {
  name: string;
  version: string;
  prefix: string;
  /** The dependency's license text, shipped beside a plug-in that links it in. */
  licenseFile: string;
  /** Cache variables for the plug-in's CMake configure. */
  cmakeVariables: Record<string, string>;
}

export interface DependencyStamp {
  name: string;
  version: string;
  key: string;
  arch: Arch;
  zigTarget: string;
  zigVersion: string;
  source: { url: string; sha256: string };
  options: string[];
}

interface Recipe {
  options: readonly string[];
  installedFiles: readonly string[];
  cmakeVariables(prefix: string): Record<string, string>;
  build(context: RecipeContext): Promise<void>;
}

interface RecipeContext {
  sourceRoot: string;
  /** Where the finished headers and libraries must end up (include/, lib/). */
  prefix: string;
  arch: Arch;
  toolchainDir: string;
  logFile: string;
  log: BuildLog;
}

/** Runs a command with its output in the log file; on failure the log's tail says why. */
async function runLogged(context: RecipeContext, label: string, command: string[], env: Record<string, string>): Promise<void> {
  const out = createWriteStream(context.logFile, { flags: 'a' });
  const started = Date.now();
  const ticker = setInterval(() => context.log.info(`  ${label}: still running (${Math.round((Date.now() - started) / 1000)} s)`), 30_000);
  try {
    const child = $({ cwd: context.sourceRoot, env: { ...process.env, ...env }, verbose: false, quiet: true, nothrow: true })`${command}`;
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    const result = await child;
    if (result.exitCode !== 0) {
      const tail = readFileSync(context.logFile, 'utf8').split('\n').slice(-40).join('\n');
      throw new DependencyError(`${label} failed (exit ${result.exitCode}); the end of ${context.logFile}:\n${tail}`);
    }
    context.log.info(`  ${label}: done in ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    clearInterval(ticker);
    out.end();
  }
}

const RECIPES: Record<string, Recipe> = {
  openssl: {
    options: OPENSSL_CONFIGURE_OPTIONS,
    installedFiles: OPENSSL_INSTALLED_FILES,
    cmakeVariables: opensslCMakeVariables,
    async build(context) {
      // The wrappers are called by name from PATH: OpenSSL records the
      // compiler command in libcrypto, and a checkout path there would make
      // artifacts differ between machines. CROSS_COMPILE stays empty because
      // the wrappers already carry the target; SOURCE_DATE_EPOCH fixes the
      // "built on" date OpenSSL records.
      const env = {
        PATH: `${context.toolchainDir}${delimiter}${process.env.PATH ?? ''}`,
        CC: 'zig-cc',
        CXX: 'zig-c++',
        AR: 'zig-ar',
        RANLIB: 'zig-ranlib',
        CROSS_COMPILE: '',
        SOURCE_DATE_EPOCH: '0',
      };
      const jobs = String(availableParallelism());
      const destDir = `${context.prefix}.destdir`;
      await runLogged(context, 'configure', ['perl', './Configure', ...opensslConfigureArgs(context.arch)], env);
      await runLogged(context, 'make build_libs', ['make', `-j${jobs}`, 'build_libs'], env);
      await runLogged(context, 'make install_dev', ['make', 'install_dev', `DESTDIR=${destDir}`], env);
      await rename(join(destDir, OPENSSL_INSTALL_PREFIX), context.prefix);
      await rm(destDir, { recursive: true, force: true });
    },
  },
};

function recipeFor(dependency: NativeDependency): Recipe {
  const recipe = RECIPES[dependency.name];
  if (recipe === undefined) {
    throw new DependencyError(`deps/${dependency.name} has no build recipe in tools/src/deps/static-deps.ts`);
  }
  return recipe;
}

/** The release target of `arch` with the lowest glibc: what a shared build of that arch is compiled for. */
export function floorTargetFor(arch: Arch): ReleaseTarget {
  const rows = listReleaseTargetNames()
    .map((name) => getTarget(name))
    .filter((t) => t.arch === arch)
    .sort((a, b) => compareDottedVersions(a.glibc, b.glibc));
  if (rows.length === 0) throw new DependencyError(`no release target has architecture ${arch}`);
  return rows[0]!;
}

export function zigVersionOf(zig: string): string {
  return execFileSync(zig, ['version'], { encoding: 'utf8' }).trim();
}

export function stampFor(dependency: NativeDependency, arch: Arch, zigVersion: string): DependencyStamp {
  const recipe = recipeFor(dependency);
  const zigTarget = floorTargetFor(arch).zigTarget;
  const facts = { source: { url: dependency.source.url, sha256: dependency.source.sha256 }, options: [...recipe.options], arch, zigTarget, zigVersion };
  const key = createHash('sha256').update(JSON.stringify(facts)).digest('hex').slice(0, 16);
  return { name: dependency.name, version: dependency.version, key, ...facts };
}

function readStamp(dir: string): DependencyStamp | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'stamp.json'), 'utf8')) as DependencyStamp;
  } catch {
    return undefined;
  }
}


/** Removes work and staging directories left by builds that were killed (each is named after its pid). */
async function removeAbandoned(root: string): Promise<void> {
  for (const name of await readdir(root)) {
    const pid = Number(/(?:^\.work-[\w]+|\.tmp)-(\d+)$/.exec(name)?.[1]);
    if (Number.isInteger(pid) && pid > 0 && (pid === process.pid || !isProcessAlive(pid))) {
      await rm(join(root, name), { recursive: true, force: true });
    }
  }
}

export function dependencyRoot(workspaceRoot: string, name: string): string {
  return join(workspaceRoot, 'build', 'deps', name);
}

export interface EnsureOptions {
  workspaceRoot: string;
  dependency: NativeDependency;
  /** A release target name (never `host`: it links the system's libraries). */
  target: string;
  log: BuildLog;
}

/** The dependency built for `target`, building it only when no matching build exists. */
export async function ensureStaticDependency({ workspaceRoot, dependency, target, log }: EnsureOptions): Promise<BuiltDependency> {
  const row = getTarget(target);
  const recipe = recipeFor(dependency);
  const zig = findZig();
  if (zig === undefined) {
    throw new DependencyError(`building ${dependency.name} for ${target} needs zig's C compiler, which is not installed: ${ZIG_INSTALL}`);
  }
  const stamp = stampFor(dependency, row.arch, zigVersionOf(zig));
  const root = dependencyRoot(workspaceRoot, dependency.name);
  const outDir = join(root, target);
  const prefix = join(outDir, 'prefix');
  const licenseFile = join(outDir, 'LICENSE.txt');
  const result = { name: dependency.name, version: dependency.version, prefix, licenseFile, cmakeVariables: recipe.cmakeVariables(prefix) };
  const complete = (dir: string) =>
    readStamp(dir)?.key === stamp.key && existsSync(join(dir, 'LICENSE.txt')) && recipe.installedFiles.every((f) => existsSync(join(dir, 'prefix', f)));
  if (complete(outDir)) {
    log.info(`${dependency.name} ${dependency.version} for ${target}: up to date (${outDir})`);
    return result;
  }
  const staging = `${outDir}.tmp-${process.pid}`;
  await mkdir(root, { recursive: true });
  await removeAbandoned(root);
  const siblings = (await readdir(root)).filter((n) => n !== target && n in RELEASE_TARGETS);
  const twin = siblings.map((n) => join(root, n)).find(complete);
  if (twin !== undefined) {
    // Same arch, source, options and zig: the build for the floor glibc serves this target too.
    log.info(`${dependency.name} ${dependency.version} for ${target}: reusing the identical build in ${twin}`);
    await cp(twin, staging, { recursive: true });
  } else {
    await log.group(`build ${dependency.name} ${dependency.version} for ${row.arch} (${stamp.zigTarget}, serves ${target})`, async () => {
      const source = await fetchPinnedSource(dependency.source, join(workspaceRoot, 'build', 'deps', 'downloads'), (line) => log.info(line));
      log.info(`source ${source} verified (sha256 ${dependency.source.sha256})`);
      const work = join(root, `.work-${row.arch}-${process.pid}`);
      try {
        const sourceRoot = await unpackSource(source, work, dependency.source.sourceDir);
        const toolchainDir = join(workspaceRoot, 'build', 'toolchains', `${dependency.name}-${stamp.zigTarget}`);
        await writeZigToolchain(toolchainDir, zig, floorTargetFor(row.arch));
        await mkdir(staging, { recursive: true });
        const logFile = join(staging, 'build.log');
        log.info(`building in ${sourceRoot}; full output in ${logFile} (a few minutes)`);
        await recipe.build({ sourceRoot, prefix: join(staging, 'prefix'), arch: row.arch, toolchainDir, logFile, log });
        await cp(join(sourceRoot, dependency.source.licenseFile), join(staging, 'LICENSE.txt'));
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    });
  }
  // pkg-config files and CMake configs name the install prefix, which is not
  // where the files are; FindOpenSSL reads neither.
  await rm(join(staging, 'prefix', 'lib', 'pkgconfig'), { recursive: true, force: true });
  await rm(join(staging, 'prefix', 'lib', 'cmake'), { recursive: true, force: true });
  // Only a complete build gets a stamp and takes the target's place.
  const missing = recipe.installedFiles.filter((f) => !existsSync(join(staging, 'prefix', f)));
  if (missing.length > 0) {
    throw new DependencyError(`${dependency.name} for ${target}: the build finished but ${missing.join(', ')} is missing from ${join(staging, 'prefix')}`);
  }
  await writeFile(join(staging, 'stamp.json'), `${JSON.stringify(stamp, null, 2)}\n`);
  await rm(outDir, { recursive: true, force: true });
  await rename(staging, outDir);
  return result;
}
