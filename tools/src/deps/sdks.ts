/**
 * Makes the SDKs of sdk-recipes.ts from their pinned wheels. Only what the
 * build and the run need is extracted: the headers, the libraries the
 * backend links and everything they need from the same wheels, and a CMake
 * config. The tree is made in a temporary directory renamed into place, so
 * concurrent builds never see half an SDK.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { readElf, type BackendRuntime } from '@wasmedge-plugins/common';
import { readCxxAbi } from '../audit/elf-facts.ts';
import { ensureWheel, findWheelPin, loadWheelPins, type WheelPin } from './pypi-wheels.ts';
import { findSdk, MARKER, recipeOf, sdkDir, type SdkRecipe, type Sdk } from './sdk-recipes.ts';
import { glibcFloorOf, libraryClosure, openWheel, sourcesOf, type TakenLibrary } from './runtime-sources.ts';
import { extractEntry } from './zip-tree.ts';

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
    const archives = await Promise.all(wheels.map((w) => openWheel(w.pin, w.path)));
    try {
      for (const archive of archives) {
        for (const [path, entry] of archive.entries) {
          if (recipe.trees.some((tree) => path.startsWith(tree)) && !path.endsWith('/')) await extractEntry(archive.zip, entry, join(temp, path));
        }
      }
      const libraries = await libraryClosure(archives, recipe.libraryDirs, recipe.roots, async (wheel, entry) => {
        const path = join(temp, entry.fileName);
        await extractEntry(wheel.zip, entry, path);
        return readFile(path);
      });
      const runtime = runtimeOf(findWheelPin(pins, recipe.main), wheels.map((w) => w.pin), libraries, temp);
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

/** The runtime the SDK's libraries make up, and the wheels an installer takes them from. */
function runtimeOf(main: WheelPin, wheels: readonly WheelPin[], libraries: readonly TakenLibrary[], sdkDir: string): BackendRuntime {
  let cxxAbi: BackendRuntime['cxxAbi'] = null;
  for (const library of libraries) cxxAbi ??= readCxxAbi(readElf(readFileSync(join(sdkDir, library.member)), library.member));
  return {
    package: main.name,
    version: main.version,
    libraries: libraries.map((l) => l.soname).sort(),
    cxxAbi,
    glibcFloor: glibcFloorOf(libraries),
    linkage: 'linked',
    sources: sourcesOf(wheels, libraries),
  };
}
