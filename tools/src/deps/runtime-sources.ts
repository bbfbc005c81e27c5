/**
 * A backend runtime's libraries as they come from pinned wheels: the root
 * libraries, everything they need from the same wheels (DT_NEEDED, read
 * from the ELF files), and which wheel each comes from. The release index
 * publishes this as the runtime's `sources`, so an installer can fetch the
 * same wheels and take out the same files the build and the tests used.
 * The SDKs builds link against (sdks.ts) and the runtimes the plug-in opens
 * itself (a backend's manifest `runtime`) are both described this way.
 */
import { posix } from 'node:path';
import { compareDottedVersions, highestVersionNeeded, readElf, type BackendRuntime, type RuntimeSource } from '@wasmedge-plugins/common';
import type { BackendRuntime as ManifestBackendRuntime } from '../manifest/schema.ts';
import { DependencyError } from './dependency.ts';
import { ensureWheel, findWheelPinForArch, loadWheelPins, type WheelPin } from './pypi-wheels.ts';
import { listEntries, openZip, readEntry, type ZipEntry, type ZipFile } from './zip-tree.ts';

/** An open wheel and its entries by path. */
export interface OpenWheel {
  pin: WheelPin;
  zip: ZipFile;
  entries: Map<string, ZipEntry>;
}

/** A library taken from a wheel. */
export interface TakenLibrary {
  soname: string;
  /** Its path inside the wheel. */
  member: string;
  pin: WheelPin;
  /** Highest GLIBC_x.y it needs. */
  glibcFloor: string | null;
}

export async function openWheel(pin: WheelPin, path: string): Promise<OpenWheel> {
  const zip = await openZip(path);
  const entries = new Map<string, ZipEntry>();
  for (const entry of await listEntries(zip)) entries.set(entry.fileName, entry);
  return { pin, zip, entries };
}

/**
 * The root libraries and, transitively, every DT_NEEDED library the wheels hold under
 * `libraryDirs` (the first wheel holding a path wins). `read` returns a library's bytes (the
 * caller may extract it on the way). A root no wheel holds is an error; any other library the
 * wheels do not hold is the system's (libc, libstdc++).
 */
export async function libraryClosure(
  wheels: readonly OpenWheel[],
  libraryDirs: readonly string[],
  roots: readonly string[],
  read: (wheel: OpenWheel, entry: ZipEntry) => Promise<Buffer>,
): Promise<TakenLibrary[]> {
  const done = new Map<string, TakenLibrary>();
  const queue = [...roots];
  while (queue.length > 0) {
    const soname = queue.shift()!;
    if (done.has(soname)) continue;
    let found: { wheel: OpenWheel; member: string } | undefined;
    for (const dir of libraryDirs) {
      const member = posix.join(dir, soname);
      const wheel = wheels.find((w) => w.entries.has(member));
      if (wheel) {
        found = { wheel, member };
        break;
      }
    }
    if (found === undefined) {
      if (roots.includes(soname)) {
        throw new DependencyError(`the wheels ${wheels.map((w) => w.pin.file).join(', ')} hold no ${soname} under ${libraryDirs.join(' or ')}`);
      }
      continue;
    }
    const bytes = await read(found.wheel, found.wheel.entries.get(found.member)!);
    const elf = readElf(bytes, `${found.wheel.pin.file}:${found.member}`);
    done.set(soname, { soname, member: found.member, pin: found.wheel.pin, glibcFloor: highestVersionNeeded(elf, 'GLIBC') });
    queue.push(...elf.needed);
  }
  return [...done.values()];
}

/** The libraries grouped by the wheel they come from, in the wheels' order. */
export function sourcesOf(wheels: readonly WheelPin[], taken: readonly TakenLibrary[]): RuntimeSource[] {
  return wheels.flatMap((pin) => {
    const members = taken.filter((t) => t.pin === pin).map((t) => t.member).sort();
    return members.length ? [{ file: pin.file, url: pin.url, sha256: pin.sha256, size: pin.size, members }] : [];
  });
}

/** The highest glibc floor of the libraries. */
export function glibcFloorOf(taken: readonly TakenLibrary[]): string | null {
  let floor: string | null = null;
  for (const library of taken) {
    if (library.glibcFloor !== null && (floor === null || compareDottedVersions(library.glibcFloor, floor) > 0)) floor = library.glibcFloor;
  }
  return floor;
}

/**
 * A runtime the plug-in opens itself (a backend's manifest `runtime`), for one architecture, as
 * the index publishes it: read from the pinned wheel, which is downloaded into the cache when
 * absent. The manifest's glibc floor is published: the backend's targets were chosen by it, and
 * it may be above what the libraries' symbols show (a wheel's platform tag also covers the
 * libstdc++ it expects). Libraries that need more than it are an error in the manifest.
 */
export async function describeWheelRuntime(workspaceRoot: string, runtime: ManifestBackendRuntime, arch: string, onProgress?: (line: string) => void): Promise<BackendRuntime> {
  const pin = findWheelPinForArch(loadWheelPins(workspaceRoot), runtime.package, runtime.version, arch);
  const wheel = await openWheel(pin, await ensureWheel(pin, onProgress));
  try {
    const taken = await libraryClosure([wheel], [runtime.libraryDir], [runtime.library, ...(runtime.alsoLoads ?? [])], (w, entry) => readEntry(w.zip, entry));
    const needs = glibcFloorOf(taken);
    const stated = runtime.glibcFloor[arch as keyof ManifestBackendRuntime['glibcFloor']];
    if (stated === undefined || (needs !== null && compareDottedVersions(needs, stated) > 0)) {
      throw new DependencyError(
        `release-manifest.json states glibc ${stated ?? '(none)'} for the ${runtime.package} ${runtime.version} runtime on ${arch}, but its libraries in ${pin.file} need ${needs}: correct the manifest's glibcFloor (and the targets it allows)`,
      );
    }
    return {
      package: runtime.package,
      version: runtime.version,
      libraries: taken.map((t) => t.soname).sort(),
      // Reached through its C API: the plug-in shares no C++ types with it.
      cxxAbi: null,
      glibcFloor: stated,
      linkage: 'dlopen',
      sources: sourcesOf([pin], taken),
    };
  } finally {
    wheel.zip.close();
  }
}
