/**
 * Extracts a release tarball only after checking every entry: plain files
 * and directories with relative paths that stay inside the destination, no
 * links of any kind, no devices, bounded sizes. The listing pass runs first,
 * so a bad archive is refused before a single file is written.
 */
import { mkdir } from 'node:fs/promises';
import { isAbsolute, normalize } from 'node:path';
import * as tar from 'tar';
import { LoaderError } from '../errors.ts';

const MAX_ENTRIES = 1000;
const MAX_TOTAL_BYTES = 2 * 1024 ** 3;

interface EntryFacts {
  path: string;
  type: string;
  size: number;
}

function entryProblem(entry: EntryFacts): string | null {
  const path = entry.path;
  if (isAbsolute(path) || /^[A-Za-z]:/.test(path)) return 'an absolute path';
  const parts = normalize(path).split('/');
  if (parts.includes('..') || path.split('/').includes('..')) return 'a path that leaves the destination (..)';
  if (entry.type === 'SymbolicLink') return 'a symbolic link';
  if (entry.type === 'Link') return 'a hard link';
  if (entry.type !== 'File' && entry.type !== 'OldFile' && entry.type !== 'ContiguousFile' && entry.type !== 'Directory') {
    return `an entry of type ${entry.type}`;
  }
  return null;
}

/** Lists and checks the archive; returns the regular files it holds. */
export async function checkArchive(file: string): Promise<string[]> {
  const entries: EntryFacts[] = [];
  try {
    await tar.t({
      file,
      strict: true,
      onReadEntry: (e) => {
        entries.push({ path: e.path, type: e.type, size: e.size ?? 0 });
      },
    });
  } catch (cause) {
    throw new LoaderError('verify', `${file} is not a readable .tar.gz: ${(cause as Error).message}`, { cause });
  }
  if (entries.length === 0) throw new LoaderError('verify', `${file} is empty`);
  if (entries.length > MAX_ENTRIES) throw new LoaderError('verify', `${file} has ${entries.length} entries (at most ${MAX_ENTRIES})`);
  let total = 0;
  for (const entry of entries) {
    const problem = entryProblem(entry);
    if (problem) throw new LoaderError('verify', `${file}: refusing entry "${entry.path}": ${problem}`);
    total += entry.size;
  }
  if (total > MAX_TOTAL_BYTES) throw new LoaderError('verify', `${file} unpacks to ${total} bytes (at most ${MAX_TOTAL_BYTES})`);
  return entries.filter((e) => e.type !== 'Directory').map((e) => normalize(e.path));
}

/** Checks, then extracts `file` into the (new, empty) directory `dest`. */
export async function extractArchive(file: string, dest: string): Promise<string[]> {
  const files = await checkArchive(file);
  await mkdir(dest, { recursive: true });
  try {
    await tar.x({
      file,
      cwd: dest,
      strict: true,
      preserveOwner: false,
      noChmod: false,
      // Checked above; refuse again here so a reader difference cannot slip one through.
      filter: (path, entry) => entryProblem({ path, type: (entry as tar.ReadEntry).type, size: 0 }) === null,
    });
  } catch (cause) {
    throw new LoaderError('verify', `extracting ${file} failed: ${(cause as Error).message}`, { cause });
  }
  return files;
}
