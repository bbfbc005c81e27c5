// The dynamic section: which shared libraries a file needs (DT_NEEDED) and its own soname.

import type { ElfBytes } from './elf-bytes.ts';
import { findSection, getLinkedSection, readTableString, SECTION_TYPE, type SectionHeader } from './sections.ts';

const DT_NULL = 0n;
const DT_NEEDED = 1n;
const DT_SONAME = 14n;
const DT_RPATH = 15n;
const DT_RUNPATH = 29n;
const DYN_ENTRY_SIZE = 16;

export interface DynamicInfo {
  soname: string | null;
  needed: string[];
  /** Where it asks the dynamic linker to look for what it needs: DT_RUNPATH, else DT_RPATH, split on ':'. */
  runpath: string[];
}

export function readDynamicInfo(bytes: ElfBytes, sections: SectionHeader[]): DynamicInfo {
  const dynamic = findSection(sections, SECTION_TYPE.dynamic);
  // A static executable or an object file has no dynamic section and needs nothing.
  if (!dynamic) return { soname: null, needed: [], runpath: [] };
  const strings = getLinkedSection(bytes, sections, dynamic);
  const info: DynamicInfo = { soname: null, needed: [], runpath: [] };
  let rpath: string[] = [];
  const count = Math.floor(dynamic.size / DYN_ENTRY_SIZE);
  for (let i = 0; i < count; i++) {
    const at = dynamic.offset + i * DYN_ENTRY_SIZE;
    const tag = bytes.i64(at, `dynamic entry ${i} d_tag`);
    if (tag === DT_NULL) break;
    if (tag !== DT_NEEDED && tag !== DT_SONAME && tag !== DT_RPATH && tag !== DT_RUNPATH) continue;
    const value = readTableString(bytes, strings, bytes.u64(at + 8, `dynamic entry ${i} d_val`), `dynamic entry ${i}`);
    if (tag === DT_NEEDED) info.needed.push(value);
    else if (tag === DT_SONAME) info.soname = value;
    else if (tag === DT_RUNPATH) info.runpath = value.split(':').filter(Boolean);
    else rpath = value.split(':').filter(Boolean);
  }
  // The dynamic linker ignores DT_RPATH when DT_RUNPATH is present.
  if (info.runpath.length === 0) info.runpath = rpath;
  return info;
}
