/**
 * The SDKs builds can use (release-manifest.json: a backend's
 * `perTarget.<target>.sdk`), each made from pinned PyPI wheels, and where
 * each is cached: <user cache>/sdk/<name>-<version>-<key>, the key covering
 * the wheels' checksums and what is extracted. sdks.ts makes them; this file
 * only locates them, so test configurations can find an SDK's libraries
 * without loading the extraction code.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BackendRuntime } from '@wasmedge-plugins/common';
import { DependencyError } from './dependency.ts';
import { findWheelPin, loadWheelPins, type WheelPin } from './pypi-wheels.ts';
import { userCacheDir } from './user-cache.ts';

export type { BackendRuntime };

export interface SdkRecipe {
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
export const LAYOUT_VERSION = 2;

export const SDK_RECIPES: Record<string, SdkRecipe> = {
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

export const MARKER = '.wasmedge-plugins-sdk.json';

export function listSdkNames(): string[] {
  return Object.keys(SDK_RECIPES);
}

export function recipeOf(name: string): SdkRecipe {
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

export function describeSdk(name: string, dir: string, runtime: BackendRuntime): Sdk {
  const recipe = recipeOf(name);
  return { name, dir, libraryDirs: recipe.libraryDirs.map((d) => join(dir, d)), cmakeVariables: recipe.cmakeVariables(dir), runtime };
}

/** The SDK if it is extracted already, without downloading anything; undefined otherwise. */
export function findSdk(workspaceRoot: string, name: string): Sdk | undefined {
  const dir = sdkDir(name, loadWheelPins(workspaceRoot));
  if (!existsSync(join(dir, MARKER))) return undefined;
  const { runtime } = JSON.parse(readFileSync(join(dir, MARKER), 'utf8')) as { runtime: BackendRuntime };
  return describeSdk(name, dir, runtime);
}

