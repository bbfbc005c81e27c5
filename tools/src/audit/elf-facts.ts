/**
 * Facts the release index publishes about a library, read from the library
 * itself (never copied from the manifest): the C++ ABI its imports use.
 * (Which static libraries are inside cannot be read back reliably: their
 * symbols are hidden and the linker drops unused version strings; the build
 * that linked them reports them.)
 */
import type { ElfFile } from '@wasmedge-plugins/common';

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
