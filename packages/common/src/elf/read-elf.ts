// readElf: the facts we audit and publish about a shared library, read from an ELF64
// little-endian file in memory. No npm package read .gnu.version_r/.gnu.version when this was
// written (elfy, elf-tools, elfinfo only name the section types), hence our own reader.

import { ElfBytes } from './elf-bytes.ts';
import { readDynamicInfo } from './dynamic.ts';
import { readElfHeader, readSectionHeaders, type ElfFileType } from './sections.ts';
import { readSymbolInfo, type DynamicSymbol, type VersionNeed } from './symbols.ts';

export interface ElfFile {
  /** e_machine: 62 for x86_64, 183 for aarch64 (see ELF_MACHINE_BY_ARCH). */
  machine: number;
  fileType: ElfFileType;
  soname: string | null;
  /** DT_NEEDED entries in file order. */
  needed: string[];
  /** DT_RUNPATH (else DT_RPATH) entries, e.g. $ORIGIN. */
  runpath: string[];
  /** .dynsym without the reserved null entry. */
  symbols: DynamicSymbol[];
  /** .gnu.version_r: per needed library, the version names required from it. */
  versionNeeds: VersionNeed[];
}

/** Reads `buf` as an ELF64 little-endian file; `source` names it in error messages. */
export function readElf(buf: Buffer, source = 'ELF file'): ElfFile {
  const bytes = new ElfBytes(buf, source);
  const header = readElfHeader(bytes);
  const sections = readSectionHeaders(bytes, header);
  const { soname, needed, runpath } = readDynamicInfo(bytes, sections);
  const { symbols, versionNeeds } = readSymbolInfo(bytes, sections);
  return { machine: header.machine, fileType: header.fileType, soname, needed, runpath, symbols, versionNeeds };
}
