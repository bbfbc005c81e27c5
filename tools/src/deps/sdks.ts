/**
 * Makes the SDKs of sdk-recipes.ts from their pinned wheels. Only what the
 * build and the run need is extracted: the headers, the libraries the
 * backend links and everything they need from the same wheels, and a CMake
 * config. The tree is made in a temporary directory renamed into place, so
 * concurrent builds never see half an SDK.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { compareDottedVersions, highestVersionNeeded, readElf, type BackendRuntime } from '@wasmedge-plugins/common';
import { readCxxAbi } from '../audit/elf-facts.ts';
import { DependencyError } from './dependency.ts';
import { ensureWheel, findWheelPin, loadWheelPins, type WheelPin } from './pypi-wheels.ts';
import { findSdk, MARKER, recipeOf, sdkDir, type SdkRecipe, type Sdk } from './sdk-recipes.ts';
import { extractEntry, listEntries, openZip, type ZipEntry, type ZipFile } from './zip-tree.ts';

export { findSdk, listSdkNames, type Sdk } from './sdk-recipes.ts';
export type { BackendRuntime };

/** The SDK, downloading its wheels and extracting it first when it is not cached yet. */
export async function ensureSdk(workspaceRoot: string, name: string, onProgress: (line: string) => void = () => {}): Promise<Sdk> {
  const found = findSdk(workspaceRoot, name);
  if (found) return found;
  const recipe = recipeOf(name);
  const pins = loadWheelPins(workspaceRoot);
  const dir = sdkDir(name, pins);
  const wheels = await Promise.all(recipe.wheels.map(async (spec) => ({ pin: findWheelPin(pins, spec), path: await ensureWheel(findWheelPin(pins, spec), onProgress) })));
  onProgress(`extracting the ${name} SDK into ${dir}`);
  const temp = `${dir}.tmp-${process.pid}`;
  await rm(temp, { recursive: true, force: true });
  try {
    const archives = await Promise.all(wheels.map(async (w) => ({ ...w, zip: await openZip(w.path) })));
    try {
      const entries = new Map<string, { zip: ZipFile; entry: ZipEntry }>();
      for (const archive of archives) {
        for (const entry of await listEntries(archive.zip)) if (!entries.has(entry.fileName)) entries.set(entry.fileName, { zip: archive.zip, entry });
      }
      for (const [path, { zip, entry }] of entries) {
        if (recipe.trees.some((tree) => path.startsWith(tree)) && !path.endsWith('/')) await extractEntry(zip, entry, join(temp, path));
      }
      const libraries = await extractLibraryClosure(recipe, entries, temp);
      const mainPin = findWheelPin(pins, recipe.main);
      const runtime = runtimeOf(mainPin, libraries);
      const config = recipe.cmakeConfig(temp);
      await mkdir(dirname(join(temp, config.path)), { recursive: true });
      await writeFile(join(temp, config.path), config.text);
      await writeFile(join(temp, MARKER), `${JSON.stringify({ wheels: wheels.map((w) => ({ name: w.pin.name, version: w.pin.version, sha256: w.pin.sha256 })), runtime }, null, 2)}\n`);
    } finally {
      for (const archive of archives) archive.zip.close();
    }
    await mkdir(dirname(dir), { recursive: true });
    await rename(temp, dir);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    // Another build may have finished the same SDK first.
    if (existsSync(join(dir, MARKER))) return findSdk(workspaceRoot, name)!;
    throw error;
  }
  return findSdk(workspaceRoot, name)!;
}

interface ExtractedLibrary {
  soname: string;
  path: string;
}

/** The root libraries and, transitively, every DT_NEEDED library the wheels provide. */
async function extractLibraryClosure(
  recipe: SdkRecipe,
  entries: Map<string, { zip: ZipFile; entry: ZipEntry }>,
  destDir: string,
): Promise<ExtractedLibrary[]> {
  const done = new Map<string, ExtractedLibrary>();
  const queue = [...recipe.roots];
  while (queue.length > 0) {
    const soname = queue.shift()!;
    if (done.has(soname)) continue;
    const inWheel = recipe.libraryDirs.map((d) => posix.join(d, soname)).find((p) => entries.has(p));
    if (inWheel === undefined) {
      if (recipe.roots.includes(soname)) throw new DependencyError(`the wheels ${recipe.wheels.join(', ')} hold no ${soname} under ${recipe.libraryDirs.join(' or ')}`);
      continue; // a system library (libc, libstdc++...)
    }
    const { zip, entry } = entries.get(inWheel)!;
    const path = join(destDir, inWheel);
    await extractEntry(zip, entry, path);
    done.set(soname, { soname, path });
    queue.push(...readElf(await readFile(path), path).needed);
  }
  return [...done.values()];
}

function runtimeOf(main: WheelPin, libraries: ExtractedLibrary[]): BackendRuntime {
  let glibcFloor: string | null = null;
  let cxxAbi: BackendRuntime['cxxAbi'] = null;
  for (const library of libraries) {
    const elf = readElf(readFileSync(library.path), library.path);
    const floor = highestVersionNeeded(elf, 'GLIBC');
    if (floor !== null && (glibcFloor === null || compareDottedVersions(floor, glibcFloor) > 0)) glibcFloor = floor;
    cxxAbi ??= readCxxAbi(elf);
  }
  return { package: main.name, version: main.version, libraries: libraries.map((l) => l.soname).sort(), cxxAbi, glibcFloor, linkage: 'linked' };
}
