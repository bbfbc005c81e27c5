/**
 * The audit that gates packaging: refuse an artifact whose ELF machine is
 * wrong for its target, that needs a GLIBC_/GLIBCXX_/CXXABI_ version above
 * the target's ceiling, that needs a library outside the target's allowed
 * list (plus what the manifest declares for its backend), or that exports
 * anything but the descriptor; and one whose linked dependencies are not
 * what the build linked: a release library must carry the pinned version's
 * identity text and no other version's, a host library (which links the
 * system's shared copy) none at all. Each finding names the symbol, library
 * or text and the file it came from.
 */
import {
  compareDottedVersions,
  ELF_MACHINE_BY_ARCH,
  exportedSymbols,
  findArchForElfMachine,
  highestVersionNeeded,
  listVersionedImports,
  type BundledLibrary,
  type ElfFile,
  type ResolvedTarget,
} from '@wasmedge-plugins/common';
import type { LinkedDependency } from '../orchestration/build-cells.ts';
import { readCxxAbi, readIdentityTexts, type CxxAbi } from './elf-facts.ts';
import { MANYLINUX_ALLOWED_LIBRARIES, PLUGIN_EXPORT, VERSIONED_FAMILIES } from './policy.ts';

export type AuditRule = 'machine' | 'symbol-version' | 'library' | 'export' | 'expectation' | 'bundled' | 'runpath';

export interface AuditFinding {
  rule: AuditRule;
  message: string;
}

export interface AuditReport {
  file: string;
  target: string;
  verdict: 'pass' | 'fail';
  /** The facts the verdict rests on, recorded in the release index. */
  facts: {
    arch: string | null;
    glibc: string | null;
    glibcxx: string | null;
    cxxabi: string | null;
    cxxAbi: CxxAbi | null;
    needed: string[];
    /** Statically linked dependencies whose pinned version text is in the library. */
    bundled: BundledLibrary[];
  };
  findings: AuditFinding[];
}

export interface AuditOptions {
  file: string;
  elf: ElfFile;
  target: ResolvedTarget;
  /** What the manifest expects of this cell: the SDK libraries it needs (e.g. libtorch) and its C++ ABI. */
  expects?: { needed: readonly string[]; cxxAbi: string | null };
  /** The native dependencies the build linked (a built cell's `linked`); needs `bytes`. */
  linked?: readonly LinkedDependency[];
  /** The library file's contents, where linked dependencies leave their version text. */
  bytes?: Buffer;
}

function ceilingOf(target: ResolvedTarget, key: 'glibc' | 'glibcxx' | 'cxxabi'): string | undefined {
  return (target as unknown as Record<string, string | undefined>)[key];
}

/** Checks each linked dependency's identity text in the library against how the build linked it. */
function checkLinkedDependencies(file: string, bytes: Buffer, linked: readonly LinkedDependency[], findings: AuditFinding[]): BundledLibrary[] {
  const bundled: BundledLibrary[] = [];
  for (const dependency of linked) {
    const texts = readIdentityTexts(bytes, file, dependency);
    const others = texts.filter((t) => t !== dependency.identity.text);
    if (dependency.linkage === 'system') {
      if (texts.length > 0) {
        findings.push({
          rule: 'bundled',
          message: `${file}: contains a copy of ${dependency.name} ("${texts.join('", "')}"), but this build links the system's shared ${dependency.name}; a copy inside would shadow it`,
        });
      }
      continue;
    }
    if (!texts.includes(dependency.identity.text)) {
      findings.push({
        rule: 'bundled',
        message: `${file}: ${dependency.name} ${dependency.version} is linked in, but its version text "${dependency.identity.text}" is not in the library's read-only data (found ${others.length ? `"${others.join('", "')}"` : 'no version text'}; is ${dependency.identity.symbol} kept by WASMEDGE_PLUGIN_KEEP_SYMBOLS?)`,
      });
    } else {
      bundled.push({ name: dependency.name, version: dependency.version });
    }
    if (others.length > 0) {
      findings.push({
        rule: 'bundled',
        message: `${file}: contains another version of ${dependency.name} ("${others.join('", "')}") beside the pinned ${dependency.version}`,
      });
    }
  }
  return bundled;
}

export function auditLibrary({ file, elf, target, expects = { needed: [], cxxAbi: null }, linked = [], bytes }: AuditOptions): AuditReport {
  if (linked.length > 0 && bytes === undefined) {
    throw new Error(`auditLibrary: ${file} links ${linked.map((d) => d.name).join(', ')}, so its bytes are needed to read what is inside`);
  }
  const declaredLibraries = expects.needed;
  const findings: AuditFinding[] = [];
  const expected = ELF_MACHINE_BY_ARCH[target.arch];
  const arch = findArchForElfMachine(elf.machine) ?? null;
  if (elf.machine !== expected) {
    findings.push({
      rule: 'machine',
      message: `${file}: ELF machine ${elf.machine} (${arch ?? 'unknown'}), but target ${target.name} is ${target.arch} (machine ${expected})`,
    });
  }
  for (const family of VERSIONED_FAMILIES) {
    const ceiling = ceilingOf(target, family.ceiling);
    if (ceiling === undefined) continue;
    for (const imp of listVersionedImports(elf, family.prefix)) {
      if (compareDottedVersions(imp.version, ceiling) > 0) {
        findings.push({
          rule: 'symbol-version',
          message: `${file}: symbol ${imp.symbol} needs ${imp.versionName} from ${imp.file}, above ${target.name}'s ceiling ${family.prefix}_${ceiling}`,
        });
      }
    }
  }
  // The host target links what this machine has, by design; release targets may not.
  if (target.name !== 'host') {
    const allowed = new Set<string>([...MANYLINUX_ALLOWED_LIBRARIES, ...declaredLibraries]);
    for (const lib of elf.needed) {
      if (!allowed.has(lib)) {
        findings.push({
          rule: 'library',
          message: `${file}: needs ${lib}, which ${target.name} does not allow (link it statically, or declare it in the manifest's backend "needed" if the platform provides it)`,
        });
      }
    }
  }
  for (const symbol of exportedSymbols(elf)) {
    if (symbol.name !== PLUGIN_EXPORT) {
      findings.push({ rule: 'export', message: `${file}: exports ${symbol.name}; a plug-in exports only ${PLUGIN_EXPORT}` });
    }
  }
  // A search path other than the plug-in's own directory would make the user's machine look
  // where the build machine kept things.
  for (const entry of elf.runpath) {
    if (entry !== '$ORIGIN') {
      findings.push({ rule: 'runpath', message: `${file}: its RUNPATH names ${entry}; a plug-in may only name $ORIGIN (its own directory)` });
    }
  }
  // The manifest's expectations hold only if the library shows them.
  for (const lib of expects.needed) {
    if (!elf.needed.includes(lib)) {
      findings.push({ rule: 'expectation', message: `${file}: the manifest expects it to need ${lib}, but its DT_NEEDED entries are ${elf.needed.join(', ') || 'none'}` });
    }
  }
  const cxxAbi = readCxxAbi(elf);
  if (expects.cxxAbi !== null && expects.cxxAbi !== cxxAbi) {
    findings.push({ rule: 'expectation', message: `${file}: the manifest expects the ${expects.cxxAbi} C++ ABI, but its imports show ${cxxAbi ?? 'no libstdc++ ABI'}` });
  }
  const bundled = linked.length > 0 ? checkLinkedDependencies(file, bytes!, linked, findings) : [];
  return {
    file,
    target: target.name,
    verdict: findings.length === 0 ? 'pass' : 'fail',
    facts: {
      arch,
      glibc: highestVersionNeeded(elf, 'GLIBC'),
      glibcxx: highestVersionNeeded(elf, 'GLIBCXX'),
      cxxabi: highestVersionNeeded(elf, 'CXXABI'),
      cxxAbi,
      needed: [...elf.needed].sort(),
      bundled,
    },
    findings,
  };
}

export class AuditError extends Error {
  constructor(readonly report: AuditReport) {
    super(`audit refused ${report.file} for ${report.target}:\n  ${report.findings.map((f) => f.message).join('\n  ')}`);
    this.name = 'AuditError';
  }
}
