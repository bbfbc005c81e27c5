/**
 * Extracts a release tarball only after checking every entry against what
 * the release index declares: exactly the declared files (the library, its
 * license notices, a backend's runtime files), each once, as plain regular
 * files at the top level; no directories, links or devices; and a total size
 * bounded both absolutely and relative to the archive (no decompression
 * bombs). The listing pass runs first and stops at the first problem, so a
 * bad archive is refused before a single file is written. Modes are the
 * installer's own, never the archive's.
 */
import { createReadStream } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as tar from 'tar';
import { fromSystemError, LoaderError } from '../errors.ts';

export type ContentRole = 'library' | 'license' | 'runtime';

/** Modes the installer writes, by role: executable for what the loader maps, no set-id or sticky bits. */
export const MODE_BY_ROLE: Record<ContentRole | 'directory', number> = {
  directory: 0o755,
  library: 0o755,
  runtime: 0o644,
  license: 0o644,
};

/** The most an archive may unpack to, whatever it is. */
export const MAX_TOTAL_BYTES = 1024 ** 3;
/** Unpacked size allowed per packed byte; shared libraries compress 2-5 times. */
export const MAX_EXPANSION_RATIO = 50;
/** A small archive may always unpack to this much (license texts compress well). */
const MIN_ALLOWANCE_BYTES = 4 * 1024 ** 2;

const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);
const TYPE_NAMES: Record<string, string> = { SymbolicLink: 'a symbolic link', Link: 'a hard link', Directory: 'a directory' };

function entryProblem(path: string, type: string, declared: ReadonlyMap<string, ContentRole>, seen: Set<string>): string | null {
  if (!FILE_TYPES.has(type)) return `${TYPE_NAMES[type] ?? `an entry of type ${type}`}, and a release holds only regular files`;
  if (!declared.has(path)) {
    if (path.includes('/') && path.split('/').includes('..')) return 'a path that leaves the destination (..)';
    return 'a file the release index does not declare';
  }
  if (seen.has(path)) return 'a second entry of the same name';
  return null;
}

/** The most `archiveBytes` of archive may unpack to. */
export function expansionLimit(archiveBytes: number): number {
  return Math.min(MAX_TOTAL_BYTES, Math.max(MIN_ALLOWANCE_BYTES, archiveBytes * MAX_EXPANSION_RATIO));
}

/**
 * Lists and checks the archive against `declared` (file name to role);
 * returns the files it holds. Throws at the first problem.
 */
export async function checkArchive(file: string, declared: ReadonlyMap<string, ContentRole>): Promise<string[]> {
  const limit = expansionLimit((await stat(file)).size);
  const seen = new Set<string>();
  let total = 0;
  await new Promise<void>((resolve, reject) => {
    const input = createReadStream(file);
    const parser = new tar.Parser({ strict: true, maxDecompressionRatio: MAX_EXPANSION_RATIO });
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      input.destroy();
      reject(error);
    };
    parser.on('entry', (entry: tar.ReadEntry) => {
      const problem = entryProblem(entry.path, entry.type, declared, seen);
      total += entry.size ?? 0;
      if (problem) fail(new LoaderError('verify', `${file}: refusing entry "${entry.path}": ${problem}`));
      else if (total > limit) fail(new LoaderError('verify', `${file} would unpack to more than ${limit} bytes (at most ${MAX_EXPANSION_RATIO} times its size, and never more than ${MAX_TOTAL_BYTES})`));
      seen.add(entry.path);
      entry.resume();
    });
    const unreadable = (cause: unknown) => fail(new LoaderError('verify', `${file} is not a readable .tar.gz: ${(cause as Error)?.message ?? cause}`, { cause }));
    parser.on('error', unreadable);
    parser.on('warn', (_code: string, message: string | Error) => unreadable(message instanceof Error ? message : new Error(message)));
    parser.on('end', () => (failed ? undefined : resolve()));
    input.on('error', (cause) => fail(fromSystemError(cause, `reading ${file}`) ?? new LoaderError('verify', `cannot read ${file}: ${cause.message}`, { cause })));
    input.pipe(parser);
  });
  const missing = [...declared.keys()].filter((name) => !seen.has(name));
  if (missing.length > 0) {
    throw new LoaderError('verify', `${file} does not contain ${missing.join(', ')}, which the release index declares`);
  }
  return [...seen];
}

/** Checks, then extracts `file` into the (new) directory `dest`, with the installer's modes. */
export async function extractArchive(file: string, dest: string, declared: ReadonlyMap<string, ContentRole>): Promise<string[]> {
  const files = await checkArchive(file, declared);
  try {
    await mkdir(dest, { recursive: true });
    await tar.x({
      file,
      cwd: dest,
      strict: true,
      preserveOwner: false,
      maxDecompressionRatio: MAX_EXPANSION_RATIO,
      // Checked above; refuse again here so a reader difference cannot slip one through.
      filter: (path, entry) => declared.has(path) && FILE_TYPES.has((entry as tar.ReadEntry).type),
    });
    // Modes are set, not kept: an archive's set-id bits or world-writable
    // modes must never reach a directory WasmEdge loads code from.
    for (const name of files) await chmod(join(dest, name), MODE_BY_ROLE[declared.get(name)!]);
    await chmod(dest, MODE_BY_ROLE.directory);
  } catch (cause) {
    throw fromSystemError(cause, `extracting ${file}`) ?? new LoaderError('verify', `extracting ${file} failed: ${(cause as Error).message}`, { cause });
  }
  return files;
}
