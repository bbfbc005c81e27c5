/**
 * Build variants: the same cells built another way, into their own
 * directories (`dist/plugins/<target>-<variant>/`), never packaged.
 *
 * `asan` compiles every plug-in with Debian's clang under AddressSanitizer
 * and UndefinedBehaviorSanitizer, and with libFuzzer's coverage hooks
 * (`fuzzer-no-link`): the plug-in suites run against these libraries in
 * Node, and the fuzz targets (tools/src/fuzz) link the very same ones, so
 * one sanitized build serves both. The hooks cost nothing outside a fuzzer:
 * the sanitizer runtime defines them as no-ops.
 */
import type { Requirement } from './requirements.ts';

export interface BuildVariant {
  name: string;
  /** Compilers, as CMake cache values. */
  cCompiler: string;
  cxxCompiler: string;
  /** Added to compile and link lines of every plug-in. */
  flags: string[];
  requirements: Requirement[];
}

/** libclang-rt-<major>-dev matches the clang on PATH (`clang -print-resource-dir` ends in its version). */
export const CLANG_INSTALL = 'apt-get install clang, then libclang-rt-<major>-dev for its LLVM major version (./setup.sh does both)';

const SANITIZER_FLAGS = [
  '-fsanitize=address,undefined',
  '-fsanitize=fuzzer-no-link',
  // A UBSan report is an error, not a line in a log nobody reads.
  '-fno-sanitize-recover=undefined',
  // libtorch and OpenSSL are not instrumented: their RTTI cannot be checked.
  '-fno-sanitize=vptr',
  '-fno-omit-frame-pointer',
  '-g',
];

export const BUILD_VARIANTS: Record<string, BuildVariant> = {
  asan: {
    name: 'asan',
    cCompiler: 'clang',
    cxxCompiler: 'clang++',
    flags: SANITIZER_FLAGS,
    requirements: [
      { kind: 'command', name: 'clang', install: CLANG_INSTALL, neededBy: 'the asan variant' },
      { kind: 'command', name: 'clang++', install: CLANG_INSTALL, neededBy: 'the asan variant' },
    ],
  },
};

export function getVariant(name: string): BuildVariant {
  const variant = BUILD_VARIANTS[name];
  if (variant === undefined) {
    throw new Error(`unknown build variant "${name}"; known variants: ${Object.keys(BUILD_VARIANTS).join(', ')}`);
  }
  return variant;
}

/** The directory name of a target's build: `host`, or `host-asan` for a variant. */
export function layoutKey(target: string, variant?: string | null): string {
  return variant ? `${target}-${variant}` : target;
}
