// The dynamic section: which shared libraries a file needs (DT_NEEDED) and its own soname.

import type { ElfBytes } from './elf-bytes.ts';
import { findSection, getLinkedSection, readTableString, SECTION_TYPE, type SectionHeader } from './sections.ts';

const DT_NULL = 0n;
const DT_NEEDED = 1n;
const DT_SONAME = 14n;
const DYN_ENTRY_SIZE = 16;

export interface DynamicInfo {
  soname: string | null;
  needed: string[];
}

export function readDynamicInfo(bytes: ElfBytes, sections: SectionHeader[]): DynamicInfo {
  const dynamic = findSection(sections, SECTION_TYPE.dynamic);
  // A static executable or an object file has no dynamic section and needs nothing.
  if (!dynamic) return { soname: null, needed: [] };
  const strings = getLinkedSection(bytes, sections, dynamic);
  const info: DynamicInfo = { soname: null, needed: [] };
  const count = Math.floor(dynamic.size / DYN_ENTRY_SIZE);
  for (let i = 0; i < count; i++) {
    const at = dynamic.offset + i * DYN_ENTRY_SIZE;
    const tag = bytes.i64(at, `dynamic entry ${i} d_tag`);
    if (tag === DT_NULL) break;
    if (tag !== DT_NEEDED && tag !== DT_SONAME) continue;
    const value = readTableString(bytes, strings, bytes.u64(at + 8, `dynamic entry ${i} d_val`), `dynamic entry ${i}`);
    if (tag === DT_NEEDED) info.needed.push(value);
    else info.soname = value;
  }
  return info;
}
