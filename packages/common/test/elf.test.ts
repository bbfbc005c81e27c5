import { readFile, rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ELF_MACHINE_BY_ARCH,
  compareDottedVersions,
  exportedSymbols,
  highestVersionNeeded,
  listVersionedImports,
  mapNodeArch,
  findReadOnlyStrings,
  readElf,
  readReadOnlyData,
  type ElfFile,
} from '../src/index.ts';
import { compileSharedLibrary, hasCommand, makeTempDir } from './helpers/compile-shared-library.ts';

// -fstack-protector-all guarantees an import of __stack_chk_fail, which glibc always versions;
// the variable-length memcpy is a call (not inlined) at -O0 and is versioned GLIBC_2.14 on x86_64.
const DEMO_SOURCE = `
#include <string.h>
#include <math.h>
__attribute__((visibility("hidden"))) int demo_hidden(int x) { return x + 1; }
static int demo_static(int x) { return x * 2; }
int demo_exported(char *dst, const char *src, unsigned long n) {
  char local[64];
  unsigned long size = n < sizeof local ? n : sizeof local;
  memcpy(local, src, size);
  memcpy(dst, local, size);
  return demo_static(demo_hidden((int)n));
}
__attribute__((weak)) int demo_weak(void) { return 7; }
__attribute__((visibility("protected"))) int demo_protected(void) { return 8; }
double demo_cos(double x) { return cos(x); }
`;

// g++ comes with gcc on our machines, but the C++ case is only a bonus, so it may skip.
const hasCxxCompiler = await hasCommand('g++');

let dir: string;
let libraryPath: string;
let elf: ElfFile;

beforeAll(async () => {
  dir = await makeTempDir('elf-test');
  libraryPath = await compileSharedLibrary({
    dir,
    name: 'libdemo.so',
    source: DEMO_SOURCE,
    language: 'c',
    flags: ['-fstack-protector-all', '-Wl,-soname,libdemo.so.1', '-Wl,--no-as-needed', '-lm'],
  });
  elf = readElf(await readFile(libraryPath), libraryPath);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readElf on a library built by gcc', () => {
  it('reads e_machine for this machine (62 on x86_64, 183 on aarch64) and the file type', () => {
    expect(elf.machine).toBe(ELF_MACHINE_BY_ARCH[mapNodeArch(process.arch)]);
    expect(elf.fileType).toBe('shared');
  });

  it('reads DT_NEEDED in file order and DT_SONAME', () => {
    expect(elf.needed).toEqual(['libm.so.6', 'libc.so.6']);
    expect(elf.soname).toBe('libdemo.so.1');
  });

  it('lists the version names needed from each library in .gnu.version_r', () => {
    const libc = elf.versionNeeds.find((need) => need.file === 'libc.so.6');
    expect(libc?.versions.every((name) => /^GLIBC_\d+(\.\d+)+$/.test(name))).toBe(true);
    expect(elf.versionNeeds.map((need) => need.file).sort()).toEqual(['libc.so.6', 'libm.so.6']);
  });

  it('ties each versioned import to its library and version through .gnu.version', () => {
    const stackCheck = elf.symbols.find((symbol) => symbol.name === '__stack_chk_fail');
    expect(stackCheck).toMatchObject({ defined: false, binding: 'global', type: 'func' });
    expect(stackCheck?.neededVersion).toEqual({ file: 'libc.so.6', version: expect.stringMatching(/^GLIBC_2\.\d+$/) });
    expect(elf.symbols.find((symbol) => symbol.name === 'cos')?.neededVersion?.file).toBe('libm.so.6');
  });
});

describe('exportedSymbols', () => {
  it('keeps defined global, weak and protected symbols and drops hidden, static and undefined ones', () => {
    const names = exportedSymbols(elf).map((symbol) => symbol.name).sort();
    expect(names).toEqual(['demo_cos', 'demo_exported', 'demo_protected', 'demo_weak']);
    expect(exportedSymbols(elf).find((symbol) => symbol.name === 'demo_weak')?.binding).toBe('weak');
  });
});

describe('highestVersionNeeded', () => {
  it('returns the highest GLIBC version any import needs', () => {
    const versions = listVersionedImports(elf, 'GLIBC').map((entry) => entry.version);
    const highest = [...versions].sort(compareDottedVersions).at(-1);
    expect(highestVersionNeeded(elf, 'GLIBC')).toBe(highest);
  });

  it.runIf(process.arch === 'x64')('compares numerically, so memcpy@GLIBC_2.14 beats __stack_chk_fail@GLIBC_2.4', () => {
    expect(highestVersionNeeded(elf, 'GLIBC')).toBe('2.14');
    expect(listVersionedImports(elf, 'GLIBC')).toContainEqual({
      symbol: 'memcpy',
      file: 'libc.so.6',
      versionName: 'GLIBC_2.14',
      version: '2.14',
    });
  });

  it('returns null for a prefix the library needs nothing from', () => {
    expect(highestVersionNeeded(elf, 'GLIBCXX')).toBeNull();
  });

  it('skips version names without a number, such as GLIBC_PRIVATE', () => {
    const fake: ElfFile = {
      ...elf,
      versionNeeds: [{ file: 'libc.so.6', versions: ['GLIBC_2.9', 'GLIBC_PRIVATE', 'GLIBC_2.17', 'GLIBC_2.2.5'] }],
    };
    expect(highestVersionNeeded(fake, 'GLIBC')).toBe('2.17');
  });
});

describe('readElf on a C++ library', () => {
  it.runIf(hasCxxCompiler)('reports GLIBCXX needs from libstdc++', async () => {
    const path = await compileSharedLibrary({
      dir,
      name: 'libgreet.so',
      source: '#include <string>\nstd::string demo_greet(const std::string& n) { return "hi " + n; }\n',
      language: 'c++',
    });
    const cxx = readElf(await readFile(path), path);
    expect(cxx.needed).toContain('libstdc++.so.6');
    expect(compareDottedVersions(highestVersionNeeded(cxx, 'GLIBCXX') ?? '0', '3.4')).toBeGreaterThanOrEqual(0);
  });
});

describe('readElf on bad input', () => {
  it('refuses a file that is not ELF and shows what it found', () => {
    expect(() => readElf(Buffer.from('hello, not an ELF file\n'), 'notes.txt')).toThrow(
      `notes.txt: not an ELF file (expected it to start with 7f 45 4c 46 "\\x7fELF", found 68 65 6c 6c, 23 bytes in all)`,
    );
  });

  it('refuses an empty file', () => {
    expect(() => readElf(Buffer.alloc(0), 'empty.so')).toThrow('empty.so: not an ELF file (expected it to start with 7f 45 4c 46 "\\x7fELF", found an empty file, 0 bytes in all)');
  });

  it('refuses a 32-bit ELF file', async () => {
    const bytes = Buffer.from(await readFile(libraryPath));
    bytes[4] = 1; // EI_CLASS = ELFCLASS32
    expect(() => readElf(bytes, 'lib32.so')).toThrow('lib32.so: expected a 64-bit ELF file (EI_CLASS 2), found EI_CLASS 1 (32-bit)');
  });

  it('refuses a big-endian ELF file', async () => {
    const bytes = Buffer.from(await readFile(libraryPath));
    bytes[5] = 2; // EI_DATA = ELFDATA2MSB
    expect(() => readElf(bytes, 'libbe.so')).toThrow('libbe.so: expected a little-endian ELF file (EI_DATA 1), found EI_DATA 2 (big-endian)');
  });

  it('reports a truncated file instead of reading past its end', async () => {
    const bytes = (await readFile(libraryPath)).subarray(0, 2048);
    expect(() => readElf(bytes, 'truncated.so')).toThrow(/^truncated\.so: section header 0 sh_type at offset 0x[0-9a-f]+ \(\+4 bytes\) runs past the end of the file \(2048 bytes\)$/);
  });
});

describe('findReadOnlyStrings', () => {
  // The texts sit where a static library's version text would: a const array in .rodata. The
  // writable copy and the text inside a longer string must not count.
  const SOURCE = `
const char demo_version_text[] = "Demo 1.2.3 27 Jan 2026";
const char demo_other_text[] = "Demo 4.5.6 1 Feb 2027";
const char demo_inner_text[] = "not a Demo 7.8.9 string";
char demo_writable_text[] = "Demo 9.9.9 writable";
const char *demo_version(int i) { return i == 0 ? demo_version_text : i == 1 ? demo_other_text : i == 2 ? demo_inner_text : demo_writable_text; }
`;
  let buf: Buffer;
  beforeAll(async () => {
    const path = await compileSharedLibrary({ dir, name: 'libtexts.so', source: SOURCE, language: 'c' });
    buf = await readFile(path);
  });

  it('finds every read-only string that starts with the prefix and matches the pattern, in file order', () => {
    expect(findReadOnlyStrings(buf, 'Demo ', /^Demo \d+\.\d+\.\d+ /)).toEqual(['Demo 1.2.3 27 Jan 2026', 'Demo 4.5.6 1 Feb 2027']);
  });

  it('finds nothing in a library that carries no such text', async () => {
    expect(findReadOnlyStrings(await readFile(libraryPath), 'Demo ', /^Demo /)).toEqual([]);
  });

  it('reads only loaded, read-only, non-executable sections', () => {
    const data = readReadOnlyData(buf, 'libtexts.so');
    expect(data.some((section) => section.includes('Demo 1.2.3 27 Jan 2026'))).toBe(true);
    expect(data.some((section) => section.includes('Demo 9.9.9 writable'))).toBe(false);
  });
});
