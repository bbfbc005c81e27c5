// The dynamic symbol table (.dynsym) and GNU symbol versioning: .gnu.version_r lists, per needed
// library, the version names required (GLIBC_2.17, GLIBCXX_3.4.19, ...), and .gnu.version gives
// each symbol an index into those, which is how we can say *which* import needs a too-new glibc.

import type { ElfBytes } from './elf-bytes.ts';
import { findSection, getLinkedSection, readTableString, SECTION_TYPE, type SectionHeader } from './sections.ts';

const SYMBOL_SIZE = 24;
const VERNEED_SIZE = 16;
const VERNAUX_SIZE = 16;
const SHN_UNDEF = 0;
const VERSYM_INDEX_MASK = 0x7fff; // the top bit marks a hidden version, not part of the index

const BINDING_BY_VALUE: Record<number, SymbolBinding> = { 0: 'local', 1: 'global', 2: 'weak', 10: 'unique' };
const TYPE_BY_VALUE: Record<number, SymbolType> = {
  0: 'notype', 1: 'object', 2: 'func', 3: 'section', 4: 'file', 5: 'common', 6: 'tls', 10: 'ifunc',
};
const VISIBILITY_BY_VALUE = ['default', 'internal', 'hidden', 'protected'] as const;

export type SymbolBinding = 'local' | 'global' | 'weak' | 'unique' | 'other';
export type SymbolType = 'notype' | 'object' | 'func' | 'section' | 'file' | 'common' | 'tls' | 'ifunc' | 'other';
export type SymbolVisibility = (typeof VISIBILITY_BY_VALUE)[number];

export interface NeededVersionRef {
  /** The needed library that must provide the version, e.g. libc.so.6. */
  file: string;
  /** The version name, e.g. GLIBC_2.17. */
  version: string;
}

export interface DynamicSymbol {
  name: string;
  defined: boolean;
  binding: SymbolBinding;
  type: SymbolType;
  visibility: SymbolVisibility;
  /** For an imported symbol bound to a version: which library and version it needs. */
  neededVersion: NeededVersionRef | null;
}

export interface VersionNeed {
  file: string;
  versions: string[];
}

export interface SymbolInfo {
  symbols: DynamicSymbol[];
  versionNeeds: VersionNeed[];
}

export function readSymbolInfo(bytes: ElfBytes, sections: SectionHeader[]): SymbolInfo {
  const { needs, refsByIndex } = readVersionNeeds(bytes, sections);
  const dynsym = findSection(sections, SECTION_TYPE.dynsym);
  if (!dynsym) return { symbols: [], versionNeeds: needs };
  const strings = getLinkedSection(bytes, sections, dynsym);
  const versym = findSection(sections, SECTION_TYPE.gnuVersym);
  const count = Math.floor(dynsym.size / SYMBOL_SIZE);
  const symbols: DynamicSymbol[] = [];
  // Entry 0 is the reserved null symbol.
  for (let i = 1; i < count; i++) {
    const at = dynsym.offset + i * SYMBOL_SIZE;
    const what = `dynamic symbol ${i}`;
    const info = bytes.u8(at + 4, `${what} st_info`);
    const versionIndex = versym ? bytes.u16(versym.offset + i * 2, `${what} version`) & VERSYM_INDEX_MASK : 0;
    symbols.push({
      name: readTableString(bytes, strings, bytes.u32(at, `${what} st_name`), what),
      defined: bytes.u16(at + 6, `${what} st_shndx`) !== SHN_UNDEF,
      binding: BINDING_BY_VALUE[info >> 4] ?? 'other',
      type: TYPE_BY_VALUE[info & 0xf] ?? 'other',
      visibility: VISIBILITY_BY_VALUE[bytes.u8(at + 5, `${what} st_other`) & 0x3]!,
      neededVersion: refsByIndex.get(versionIndex) ?? null,
    });
  }
  return { symbols, versionNeeds: needs };
}

function readVersionNeeds(
  bytes: ElfBytes,
  sections: SectionHeader[],
): { needs: VersionNeed[]; refsByIndex: Map<number, NeededVersionRef> } {
  const needs: VersionNeed[] = [];
  const refsByIndex = new Map<number, NeededVersionRef>();
  const verneed = findSection(sections, SECTION_TYPE.gnuVerneed);
  if (!verneed) return { needs, refsByIndex };
  const strings = getLinkedSection(bytes, sections, verneed);
  let at = verneed.offset;
  // sh_info holds the number of Verneed entries; each links to the next by a relative offset.
  for (let i = 0; i < verneed.info; i++) {
    const what = `version need ${i}`;
    const file = readTableString(bytes, strings, bytes.u32(at + 4, `${what} vn_file`), what);
    const need: VersionNeed = { file, versions: [] };
    let auxAt = at + bytes.u32(at + 8, `${what} vn_aux`);
    const auxCount = bytes.u16(at + 2, `${what} vn_cnt`);
    for (let j = 0; j < auxCount; j++) {
      const auxWhat = `${what} entry ${j}`;
      const version = readTableString(bytes, strings, bytes.u32(auxAt + 8, `${auxWhat} vna_name`), auxWhat);
      need.versions.push(version);
      refsByIndex.set(bytes.u16(auxAt + 6, `${auxWhat} vna_other`) & VERSYM_INDEX_MASK, { file, version });
      auxAt += bytes.u32(auxAt + 12, `${auxWhat} vna_next`);
      if (auxAt + VERNAUX_SIZE > verneed.offset + verneed.size && j + 1 < auxCount) {
        bytes.fail(`${auxWhat}: vna_next points outside .gnu.version_r`);
      }
    }
    needs.push(need);
    const next = bytes.u32(at + 12, `${what} vn_next`);
    if (next === 0) break;
    at += next;
    if (at + VERNEED_SIZE > verneed.offset + verneed.size) {
      bytes.fail(`${what}: vn_next points outside .gnu.version_r`);
    }
  }
  return { needs, refsByIndex };
}
