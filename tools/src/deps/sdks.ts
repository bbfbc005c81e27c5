/**
 * SDKs made from pinned PyPI wheels, for cells whose backend builds against
 * them (release-manifest.json: a backend's `perTarget.<target>.sdk`). Only
 * what the build and the run need is extracted: the headers, the libraries
 * the backend links and everything they need from the same wheels, and a
 * CMake config written here. The extracted tree is cached under
 * <user cache>/sdk/<name>-<version>-<key>, the key covering the wheels'
 * checksums and this layout, and made atomically (a temporary directory
 * renamed into place), so concurrent builds never see half an SDK.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { compareDottedVersions, highestVersionNeeded, readElf, type BackendRuntime } from '@wasmedge-plugins/common';

export type { BackendRuntime };
import { readCxxAbi } from '../audit/elf-facts.ts';
import { DependencyError } from './dependency.ts';
import { ensureWheel, findWheelPin, loadWheelPins, type WheelPin } from './pypi-wheels.ts';
import { userCacheDir } from './user-cache.ts';
import { extractEntry, listEntries, openZip, type ZipEntry, type ZipFile } from './zip-tree.ts';

interface SdkRecipe {
  /** The wheel whose package and version name the runtime. */
  main: string;
  /** Every wheel the SDK is made from, as name==version pins of wheels.json. */
  wheels: string[];
  /** Directories extracted whole (headers). */
  trees: string[];
  /** Where the libraries are looked up in the wheels, in order. */
  libraryDirs: string[];
  /** The libraries the backend links; their DT_NEEDED closure within the wheels comes with them. */
  roots: string[];
  /** The CMake config file written into the SDK (relative path, contents). */
  cmakeConfig: (sdkDir: string) => { path: string; text: string };
  /** Cache variables that point CMake at the SDK. */
  cmakeVariables: (sdkDir: string) => Record<string, string>;
}

/** Bumped when what is extracted or written changes: a new key, a new directory. */
const LAYOUT_VERSION = 1;

const SDK_RECIPES: Record<string, SdkRecipe> = {
  'libtorch-wheel': {
    main: 'torch==2.15.0',
    wheels: ['torch==2.15.0', 'nvidia-cuda-runtime==13.2.86', 'nvidia-cuda-cupti==13.2.86'],
    trees: ['torch/include/'],
    libraryDirs: ['torch/lib', 'nvidia/cu13/lib'],
    roots: ['libtorch_cpu.so', 'libc10.so'],
    cmakeConfig: () => ({ path: 'cmake/Torch/TorchConfig.cmake', text: TORCH_CONFIG }),
    cmakeVariables: (sdkDir) => ({ Torch_DIR: join(sdkDir, 'cmake', 'Torch') }),
  },
};

// The wheel's own TorchConfig looks for a CUDA toolkit; the plug-in uses
// the CPU libraries only, so this one declares just those.
const TORCH_CONFIG = `# Written by wasmedge-plugins (tools/src/deps/sdks.ts): libtorch from PyPI's torch
# wheel, CPU libraries only (the wheel's own config requires a CUDA toolkit).
get_filename_component(_torch_root "\${CMAKE_CURRENT_LIST_DIR}/../.." ABSOLUTE)
set(TORCH_INCLUDE_DIRS "\${_torch_root}/torch/include" "\${_torch_root}/torch/include/torch/csrc/api/include")
foreach(_lib c10 torch_cpu)
  if(NOT TARGET \${_lib})
    add_library(\${_lib} SHARED IMPORTED)
    set_target_properties(\${_lib} PROPERTIES
      IMPORTED_LOCATION "\${_torch_root}/torch/lib/lib\${_lib}.so"
      INTERFACE_INCLUDE_DIRECTORIES "\${TORCH_INCLUDE_DIRS}"
      # libtorch 2.x's headers stop without C++20.
      INTERFACE_COMPILE_FEATURES cxx_std_20
      INTERFACE_COMPILE_OPTIONS "-D_GLIBCXX_USE_CXX11_ABI=1"
      # The linker follows libtorch_cpu's DT_NEEDED (libgomp, the CUDA runtime) here.
      INTERFACE_LINK_OPTIONS "LINKER:-rpath-link,\${_torch_root}/torch/lib:\${_torch_root}/nvidia/cu13/lib")
  endif()
endforeach()
set_property(TARGET torch_cpu PROPERTY INTERFACE_LINK_LIBRARIES c10)
set(TORCH_LIBRARIES torch_cpu c10)
set(TORCH_CXX_FLAGS "-D_GLIBCXX_USE_CXX11_ABI=1")
set(Torch_FOUND TRUE)
`;

export interface Sdk {
  name: string;
  dir: string;
  /** Directories holding the runtime libraries (LD_LIBRARY_PATH for tests and smoke runs). */
  libraryDirs: string[];
  cmakeVariables: Record<string, string>;
  runtime: BackendRuntime;
}

const MARKER = '.wasmedge-plugins-sdk.json';

export function listSdkNames(): string[] {
  return Object.keys(SDK_RECIPES);
}

function recipeOf(name: string): SdkRecipe {
  const recipe = SDK_RECIPES[name];
  if (!recipe) throw new DependencyError(`no SDK named "${name}" (known: ${listSdkNames().join(', ')})`);
  return recipe;
}

/** The SDK's cache directory for the pinned wheels (whether or not it exists yet). */
export function sdkDir(name: string, pins: readonly WheelPin[]): string {
  const recipe = recipeOf(name);
  const wheels = recipe.wheels.map((spec) => findWheelPin(pins, spec));
  const key = createHash('sha256')
    .update(JSON.stringify({ layout: LAYOUT_VERSION, recipe: { ...recipe, cmakeConfig: recipe.cmakeConfig('').text }, wheels: wheels.map((w) => w.sha256) }))
    .digest('hex')
    .slice(0, 12);
  const main = findWheelPin(pins, recipe.main);
  return join(userCacheDir(), 'sdk', `${name}-${main.version}-${key}`);
}

function describe(name: string, dir: string, runtime: BackendRuntime): Sdk {
  const recipe = recipeOf(name);
  return { name, dir, libraryDirs: recipe.libraryDirs.map((d) => join(dir, d)), cmakeVariables: recipe.cmakeVariables(dir), runtime };
}

/** The SDK if it is extracted already, without downloading anything; undefined otherwise. */
export function findSdk(workspaceRoot: string, name: string): Sdk | undefined {
  const dir = sdkDir(name, loadWheelPins(workspaceRoot));
  if (!existsSync(join(dir, MARKER))) return undefined;
  const { runtime } = JSON.parse(readFileSync(join(dir, MARKER), 'utf8')) as { runtime: BackendRuntime };
  return describe(name, dir, runtime);
}

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
