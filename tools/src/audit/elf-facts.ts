/**
 * Facts the release index publishes about a library, read from the library
 * itself (never copied from the manifest or the build): the C++ ABI its
 * imports use, and which version of a statically linked dependency is
 * inside. The latter shows only in read-only data, as the version text the
 * dependency embeds (its symbols are hidden); the build keeps that text
 * linked in (WASMEDGE_PLUGIN_KEEP_SYMBOLS).
 */
import { findReadOnlyStrings, type BundledLibrary, type ElfFile } from '@wasmedge-plugins/common';
import { identityPattern, type NativeDependency } from '../deps/dependency.ts';

export type CxxAbi = 'cxx11' | 'pre-cxx11';

/**
 * libstdc++'s dual ABI shows in mangled names: std::__cxx11:: (and the
 * [abi:cxx11] tag) for the new one, the old std::string (`Ss`) otherwise.
 * A library that imports neither (a C plug-in, or one with libc++ linked in)
 * depends on no libstdc++ ABI: null.
 */
const CXX_ABI_MARKERS: { abi: CxxAbi; pattern: RegExp }[] = [
  { abi: 'cxx11', pattern: /St7__cxx11|B5cxx11/ },
  { abi: 'pre-cxx11', pattern: /^_ZNK?Ss|[RP]KSs/ },
];

export function readCxxAbi(elf: ElfFile): CxxAbi | null {
  const imported = elf.symbols.filter((s) => !s.defined).map((s) => s.name);
  for (const marker of CXX_ABI_MARKERS) {
    if (imported.some((name) => marker.pattern.test(name))) return marker.abi;
  }
  return null;
}

/** The version texts of `dependency` (any version) found in the library's read-only data. */
export function readIdentityTexts(bytes: Buffer, file: string, dependency: Pick<NativeDependency, 'identity'>): string[] {
  return findReadOnlyStrings(bytes, dependency.identity.family, identityPattern(dependency), file);
}

/** The dependencies whose own version text is in the library: what the index lists as built in. */
export function readBundled(bytes: Buffer, file: string, dependencies: readonly Pick<NativeDependency, 'name' | 'version' | 'identity'>[]): BundledLibrary[] {
  return dependencies
    .filter((d) => readIdentityTexts(bytes, file, d).includes(d.identity.text))
    .map(({ name, version }) => ({ name, version }));
}
