/**
 * Why a machine runs none of the release platforms, as one error that names
 * what was found, what the builds need, and what to do instead.
 */
import { ELF_MACHINE_BY_ARCH, RELEASE_TARGETS, compareDottedVersions, listReleaseTargetNames } from '@wasmedge-plugins/common';
import { LoaderError } from '../errors.ts';
import type { Platform } from './detect.ts';

interface NoPlatformReason {
  applies(p: Platform): boolean;
  explain(p: Platform): string;
  hint: string;
}

const BUILD_FROM_SOURCE = 'or build the plug-in from source on this machine (see its package README)';

// The first reason that applies is the one reported; order is from the most
// fundamental (wrong OS) to the most specific (glibc too old).
const NO_PLATFORM_REASONS: NoPlatformReason[] = [
  {
    applies: (p) => p.os !== 'linux',
    explain: (p) => `release builds are for Linux only, and this machine runs ${p.os}`,
    hint: `run the plug-in in a Linux machine or container (for example docker run debian:12), ${BUILD_FROM_SOURCE}`,
  },
  {
    applies: (p) => !Object.hasOwn(ELF_MACHINE_BY_ARCH, p.arch),
    explain: (p) => `there are no release builds for the CPU architecture ${p.arch} (builds exist for ${Object.keys(ELF_MACHINE_BY_ARCH).join(' and ')})`,
    hint: `use an x86_64 or aarch64 machine, ${BUILD_FROM_SOURCE}`,
  },
  {
    applies: (p) => p.libc.family === 'musl',
    explain: () => 'its C library is musl, and release builds are for glibc only',
    hint: `use a glibc-based distribution or container (for example debian:12 instead of alpine), ${BUILD_FROM_SOURCE}`,
  },
  {
    applies: (p) => p.libc.family !== 'glibc' || p.libc.version === undefined,
    explain: () => 'its C library could not be identified (Node reports no glibc version and no musl loader)',
    hint: 'check that this is a glibc-based Linux system (ldd --version prints the glibc version)',
  },
  {
    applies: (p) => compareDottedVersions(p.libc.version ?? '0', findOldestGlibc(p.arch)) < 0,
    explain: (p) =>
      `found glibc ${p.libc.version}, need at least ${findOldestGlibc(p.arch)} ` +
      `(the oldest release platform for ${p.arch} needs that)`,
    hint: `upgrade to a distribution with a newer glibc, ${BUILD_FROM_SOURCE}`,
  },
];

/**
 * Builds the 'platform' error for a machine whose platform list is empty:
 * which check failed, the machine's facts, and every supported platform.
 */
export function explainNoPlatform(p: Platform): LoaderError {
  const reason = NO_PLATFORM_REASONS.find((r) => r.applies(p));
  const why = reason?.explain(p) ?? 'no release platform matched its facts';
  return new LoaderError(
    'platform',
    `this machine (${describeMachine(p)}) runs none of the release platforms: ${why}. ` +
      `Release platforms: ${listSupportedPlatforms().join(', ')}`,
    { hint: reason?.hint ?? 'run wasmedge-plugins platform --json and report what it prints' },
  );
}

/** Every release platform with what it needs, e.g. 'manylinux2014_x86_64 (x86_64, glibc >= 2.17)'. */
export function listSupportedPlatforms(): string[] {
  return listReleaseTargetNames().map((name) => {
    const { arch, glibc } = RELEASE_TARGETS[name];
    return `${name} (${arch}, glibc >= ${glibc})`;
  });
}

/** One line naming the machine, e.g. 'Alpine Linux v3.19, x86_64, musl'. */
export function describeMachine(p: Platform): string {
  const distro = p.distro.prettyName ?? (`${p.distro.id} ${p.distro.versionId}`.trim() || 'unknown distribution');
  const libc = p.libc.version === undefined ? p.libc.family : `${p.libc.family} ${p.libc.version}`;
  return [p.os === 'linux' ? distro : p.os, p.arch, libc].join(', ');
}

function findOldestGlibc(arch: string): string {
  const ceilings = listReleaseTargetNames()
    .filter((name) => RELEASE_TARGETS[name].arch === arch)
    .map((name) => RELEASE_TARGETS[name].glibc as string)
    .sort(compareDottedVersions);
  return ceilings[0] ?? '0';
}
