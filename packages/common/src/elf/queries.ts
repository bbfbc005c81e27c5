// Questions the audit, the packager and the loader ask of a read ELF file.

import type { ElfFile } from './read-elf.ts';
import type { DynamicSymbol } from './symbols.ts';

const EXPORTED_BINDINGS = new Set(['global', 'weak', 'unique']);
const EXPORTED_VISIBILITIES = new Set(['default', 'protected']);

/** Symbols other objects can bind to: defined, global or weak, default or protected visibility. */
export function exportedSymbols(elf: ElfFile): DynamicSymbol[] {
  return elf.symbols.filter(
    (symbol) => symbol.defined && EXPORTED_BINDINGS.has(symbol.binding) && EXPORTED_VISIBILITIES.has(symbol.visibility),
  );
}

export interface VersionedImport {
  symbol: string;
  file: string;
  /** Full version name, e.g. GLIBC_2.34. */
  versionName: string;
  /** The numeric part, e.g. 2.34. */
  version: string;
}

/**
 * Imported symbols bound to a numeric version of `prefix` (GLIBC, GLIBCXX, CXXABI), so a failed
 * ceiling check can name the symbol that pulled in the version. GLIBC_PRIVATE and the like are
 * skipped because they carry no number to compare.
 */
export function listVersionedImports(elf: ElfFile, prefix: string): VersionedImport[] {
  const imports: VersionedImport[] = [];
  for (const symbol of elf.symbols) {
    if (symbol.defined || !symbol.neededVersion) continue;
    const version = extractVersionNumber(symbol.neededVersion.version, prefix);
    if (version === null) continue;
    imports.push({ symbol: symbol.name, file: symbol.neededVersion.file, versionName: symbol.neededVersion.version, version });
  }
  return imports;
}

/** The highest numeric `<prefix>_x.y` version in .gnu.version_r, e.g. '2.34' for GLIBC; null if none. */
export function highestVersionNeeded(elf: ElfFile, prefix: string): string | null {
  let highest: string | null = null;
  for (const need of elf.versionNeeds) {
    for (const name of need.versions) {
      const version = extractVersionNumber(name, prefix);
      if (version !== null && (highest === null || compareDottedVersions(version, highest) > 0)) {
        highest = version;
      }
    }
  }
  return highest;
}

/** Compares dotted numeric versions component by component, so 2.9 < 2.17 (unlike string order). */
export function compareDottedVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

function extractVersionNumber(versionName: string, prefix: string): string | null {
  if (!versionName.startsWith(`${prefix}_`)) return null;
  const version = versionName.slice(prefix.length + 1);
  return /^\d+(\.\d+)*$/.test(version) ? version : null;
}
