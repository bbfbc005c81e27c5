// The read-only data of an ELF file (.rodata and its kin), where a statically linked library
// leaves its version text: the audit reads which OpenSSL is inside a plug-in from there, since
// its symbols are hidden and nothing else in the file names it.

import { ElfBytes } from './elf-bytes.ts';
import { readElfHeader, readSectionHeaders, SECTION_TYPE } from './sections.ts';

const SHF_WRITE = 1;
const SHF_ALLOC = 2;
const SHF_EXECINSTR = 4;

/**
 * The contents of every loaded, read-only, non-executable data section (by flags, not by name:
 * linkers merge .rodata.* under different names), as views into `buf`.
 */
export function readReadOnlyData(buf: Buffer, source = 'ELF file'): Buffer[] {
  const bytes = new ElfBytes(buf, source);
  const sections = readSectionHeaders(bytes, readElfHeader(bytes));
  const data: Buffer[] = [];
  for (const section of sections) {
    if (section.type !== SECTION_TYPE.progbits) continue;
    if ((section.flags & (SHF_ALLOC | SHF_WRITE | SHF_EXECINSTR)) !== SHF_ALLOC) continue;
    if (section.offset + section.size > buf.length) {
      bytes.fail(`section ${section.index} (${section.size} bytes at 0x${section.offset.toString(16)}) runs past the end of the file (${buf.length} bytes)`);
    }
    data.push(buf.subarray(section.offset, section.offset + section.size));
  }
  return data;
}

/**
 * The NUL-terminated strings of the read-only data that start with `prefix` and match
 * `pattern`, each once, in file order. The prefix is searched as bytes, so a multi-megabyte
 * library is not decoded whole.
 */
export function findReadOnlyStrings(buf: Buffer, prefix: string, pattern: RegExp, source = 'ELF file'): string[] {
  const needle = Buffer.from(prefix, 'latin1');
  const found = new Set<string>();
  for (const data of readReadOnlyData(buf, source)) {
    for (let at = data.indexOf(needle); at !== -1; at = data.indexOf(needle, at + 1)) {
      // Only a string's start counts: a match inside a longer string is another text.
      if (at > 0 && data[at - 1] !== 0) continue;
      const nul = data.indexOf(0, at);
      const text = data.toString('latin1', at, nul === -1 ? data.length : nul);
      if (pattern.test(text)) found.add(text);
    }
  }
  return [...found];
}
