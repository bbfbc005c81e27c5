// ELF64 file header and section header table. We locate everything by section type and sh_link
// rather than by section name, so we never need .shstrtab.

import { ElfBytes } from './elf-bytes.ts';

export const SECTION_TYPE = {
  progbits: 1, // SHT_PROGBITS
  dynamic: 6, // SHT_DYNAMIC
  dynsym: 11, // SHT_DYNSYM
  gnuVerneed: 0x6ffffffe, // SHT_GNU_verneed (.gnu.version_r)
  gnuVersym: 0x6fffffff, // SHT_GNU_versym (.gnu.version)
} as const;

const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);
const ELFCLASS64 = 2;
const ELFDATA2LSB = 1;
const ELF64_HEADER_SIZE = 64;
const ELF64_SECTION_HEADER_SIZE = 64;
const SHN_XINDEX = 0xffff;

const FILE_TYPE_BY_VALUE: Record<number, ElfFileType> = {
  1: 'relocatable',
  2: 'executable',
  3: 'shared',
  4: 'core',
};

export type ElfFileType = 'relocatable' | 'executable' | 'shared' | 'core' | 'unknown';

export interface ElfHeader {
  fileType: ElfFileType;
  machine: number;
  sectionHeaderOffset: number;
  sectionCount: number;
}

export interface SectionHeader {
  index: number;
  type: number;
  /** sh_flags: SHF_WRITE 1, SHF_ALLOC 2, SHF_EXECINSTR 4. */
  flags: number;
  offset: number;
  size: number;
  link: number;
  info: number;
  entrySize: number;
}

export function readElfHeader(bytes: ElfBytes): ElfHeader {
  const magic = bytes.buf.subarray(0, 4);
  if (bytes.buf.length < ELF64_HEADER_SIZE || !magic.equals(ELF_MAGIC)) {
    bytes.fail(
      `not an ELF file (expected it to start with 7f 45 4c 46 "\\x7fELF", found ${formatHex(magic)}, ${bytes.buf.length} bytes in all)`,
    );
  }
  const elfClass = bytes.u8(4, 'EI_CLASS');
  if (elfClass !== ELFCLASS64) {
    bytes.fail(`expected a 64-bit ELF file (EI_CLASS 2), found EI_CLASS ${elfClass}${elfClass === 1 ? ' (32-bit)' : ''}`);
  }
  const data = bytes.u8(5, 'EI_DATA');
  if (data !== ELFDATA2LSB) {
    bytes.fail(`expected a little-endian ELF file (EI_DATA 1), found EI_DATA ${data}${data === 2 ? ' (big-endian)' : ''}`);
  }
  const header = {
    fileType: FILE_TYPE_BY_VALUE[bytes.u16(16, 'e_type')] ?? 'unknown',
    machine: bytes.u16(18, 'e_machine'),
    sectionHeaderOffset: bytes.u64(40, 'e_shoff'),
    sectionCount: bytes.u16(60, 'e_shnum'),
  };
  if (header.sectionHeaderOffset !== 0) {
    const entrySize = bytes.u16(58, 'e_shentsize');
    if (entrySize !== ELF64_SECTION_HEADER_SIZE) {
      bytes.fail(`expected e_shentsize ${ELF64_SECTION_HEADER_SIZE}, found ${entrySize}`);
    }
    // With 0xff00 sections or more, e_shnum is 0 and the real count sits in section 0's sh_size.
    if (header.sectionCount === 0) {
      header.sectionCount = bytes.u64(header.sectionHeaderOffset + 32, 'section 0 sh_size (extended e_shnum)');
    }
  }
  return header;
}

export function readSectionHeaders(bytes: ElfBytes, header: ElfHeader): SectionHeader[] {
  if (header.sectionHeaderOffset === 0 || header.sectionCount === 0) {
    bytes.fail('has no section headers (stripped with sstrip?), so its dynamic symbols cannot be located');
  }
  const sections: SectionHeader[] = [];
  for (let index = 0; index < header.sectionCount; index++) {
    const at = header.sectionHeaderOffset + index * ELF64_SECTION_HEADER_SIZE;
    const what = `section header ${index}`;
    sections.push({
      index,
      type: bytes.u32(at + 4, `${what} sh_type`),
      flags: bytes.u64(at + 8, `${what} sh_flags`),
      offset: bytes.u64(at + 24, `${what} sh_offset`),
      size: bytes.u64(at + 32, `${what} sh_size`),
      link: bytes.u32(at + 40, `${what} sh_link`),
      info: bytes.u32(at + 44, `${what} sh_info`),
      entrySize: bytes.u64(at + 56, `${what} sh_entsize`),
    });
  }
  return sections;
}

export function findSection(sections: SectionHeader[], type: number): SectionHeader | undefined {
  return sections.find((section) => section.type === type);
}

/** The string table a section points at through sh_link. */
export function getLinkedSection(bytes: ElfBytes, sections: SectionHeader[], section: SectionHeader): SectionHeader {
  const linked = section.link === SHN_XINDEX ? undefined : sections[section.link];
  if (!linked) {
    bytes.fail(`section ${section.index} links to section ${section.link}, which does not exist`);
  }
  return linked;
}

/** Reads the string at `offset` inside string table section `table`. */
export function readTableString(bytes: ElfBytes, table: SectionHeader, offset: number, what: string): string {
  if (offset >= table.size) {
    bytes.fail(`${what}: string offset ${offset} is past the end of its string table (${table.size} bytes)`);
  }
  return bytes.cString(table.offset + offset, table.offset + table.size, what);
}

function formatHex(bytes: Buffer): string {
  return bytes.length === 0 ? 'an empty file' : [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}
