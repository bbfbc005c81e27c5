/**
 * What a plug-in file says about itself, read in TypeScript without loading
 * it: architecture, libraries and symbol versions it needs, what it exports,
 * and which plug-in interface it offers.
 */
import {
  ElfError,
  exportedSymbols,
  findArchForElfMachine,
  highestVersionNeeded,
  listVersionedImports,
  readElf,
  type Arch,
  type ElfFileType,
} from '@wasmedge-plugins/common';
import { LoaderError } from '../errors.ts';
import { readRegularFileSync } from '../regular-file.ts';

/** Larger than any plug-in (a backend with its framework linked in is a few hundred MB). */
export const MAX_LIBRARY_BYTES = 2 * 1024 ** 3 - 1;

/** Symbol-version families whose ceilings decide where a library runs. */
export const VERSIONED_LIBRARIES = ['GLIBC', 'GLIBCXX', 'CXXABI'] as const;
export type VersionedLibrary = (typeof VERSIONED_LIBRARIES)[number];

/** The entry points the runtime probes, in its order (plugin-abi.md §1.2). */
export const CXX_DESCRIPTOR_SYMBOL = 'GetDescriptor';
export const C_DESCRIPTOR_SYMBOL = 'WasmEdge_Plugin_GetDescriptor';

/** Symbols a plug-in leaves for the host (the runtime or our addon) to provide. */
const HOST_SYMBOL_PREFIX = 'WasmEdge_';

// Names for e_machine values people meet, for messages; ours come from ELF_MACHINE_BY_ARCH.
const OTHER_MACHINE_NAMES: Record<number, string> = {
  3: 'i386 (32-bit x86)',
  8: 'mips',
  20: 'ppc (32-bit PowerPC)',
  21: 'ppc64',
  22: 's390x',
  40: 'arm (32-bit)',
  243: 'riscv',
  258: 'loongarch',
};

export interface VersionNeedFact {
  /** Numeric version, e.g. '2.34' for GLIBC_2.34. */
  version: string;
  /** An imported symbol that needs it, when one is bound to it. */
  symbol: string | null;
  /** The library that must provide it, e.g. libc.so.6. */
  file: string | null;
}

export interface ElfFacts {
  /** e_machine. */
  machine: number;
  /** Our architecture name, or null for one we do not build for. */
  arch: Arch | null;
  /** Human name of the machine, e.g. 'x86_64' or 'arm (32-bit)'. */
  machineName: string;
  /** The reader accepts only 64-bit little-endian files, so this is always ELF64. */
  elfClass: 'ELF64';
  fileType: ElfFileType;
  soname: string | null;
  /** DT_NEEDED entries in file order. */
  needed: string[];
  /** The highest version needed from each family, with a symbol that needs it; null if none. */
  highestNeeds: Record<VersionedLibrary, VersionNeedFact | null>;
  /** Names of the exported (defined, visible) dynamic symbols. */
  exports: string[];
  /** Undefined symbols other than WasmEdge_* (which the host provides). */
  undefinedSymbols: number;
  /** Undefined WasmEdge_* symbols: C API functions the host must provide. */
  hostImports: number;
  /** Which plug-in entry point it exports; 'c++' wins, as the runtime probes it first. */
  pluginInterface: 'c' | 'c++' | 'none';
}

/**
 * Reads the ELF facts of a file. Throws a LoaderError ('plugin-open') when
 * the file cannot be read, or ('not-a-plugin') when it is not a 64-bit
 * little-endian ELF file.
 */
export function readElfFacts(path: string): ElfFacts {
  let bytes: Buffer;
  try {
    bytes = readRegularFileSync(path, MAX_LIBRARY_BYTES);
  } catch (cause) {
    throw new LoaderError('plugin-open', `cannot read ${path}: ${(cause as Error).message}`, { cause });
  }
  let elf;
  try {
    elf = readElf(bytes, path);
  } catch (cause) {
    if (!(cause instanceof ElfError)) throw cause;
    throw new LoaderError('not-a-plugin', `${path} is not a shared library this tool can read: ${cause.message}`, {
      cause,
      hint: 'a plug-in is a 64-bit ELF shared library (.so) built for Linux x86_64 or aarch64',
    });
  }
  const exports = exportedSymbols(elf).map((s) => s.name);
  const undefinedNames = elf.symbols.filter((s) => !s.defined).map((s) => s.name);
  const hostImports = undefinedNames.filter((name) => name.startsWith(HOST_SYMBOL_PREFIX)).length;
  const arch = findArchForElfMachine(elf.machine) ?? null;
  return {
    machine: elf.machine,
    arch,
    machineName: arch ?? OTHER_MACHINE_NAMES[elf.machine] ?? `unknown (e_machine ${elf.machine})`,
    elfClass: 'ELF64',
    fileType: elf.fileType,
    soname: elf.soname,
    needed: elf.needed,
    highestNeeds: Object.fromEntries(VERSIONED_LIBRARIES.map((family) => [family, findHighestNeed(elf, family)])) as Record<
      VersionedLibrary,
      VersionNeedFact | null
    >,
    exports,
    undefinedSymbols: undefinedNames.length - hostImports,
    hostImports,
    pluginInterface: exports.includes(CXX_DESCRIPTOR_SYMBOL) ? 'c++' : exports.includes(C_DESCRIPTOR_SYMBOL) ? 'c' : 'none',
  };
}

function findHighestNeed(elf: ReturnType<typeof readElf>, family: VersionedLibrary): VersionNeedFact | null {
  const version = highestVersionNeeded(elf, family);
  if (version === null) return null;
  const user = listVersionedImports(elf, family).find((i) => i.version === version);
  const file = user?.file ?? elf.versionNeeds.find((n) => n.versions.includes(`${family}_${version}`))?.file ?? null;
  return { version, symbol: user?.symbol ?? null, file };
}
