// Byte-for-byte reproducible .tar.gz files: the same inputs and SOURCE_DATE_EPOCH give the same
// sha256 on any machine running the same Node major (deflate output is tied to Node's zlib).
// What would otherwise vary, and how it is pinned:
//   entry order       -> sorted file list, no directory recursion
//   mtime             -> one fixed time for every entry (SOURCE_DATE_EPOCH)
//   uid/gid/names     -> node-tar `portable` leaves them empty, which tar readers take as 0/0
//   atime/ctime/dev   -> dropped by `portable`
//   file modes        -> 0644, or 0755 for executables and shared libraries
//   gzip header       -> Node's zlib writes mtime 0 and no file name; the OS byte is set to 255
//                        (unknown), as node-tar's `portable` gzip does
// The tar is built in memory and compressed in one zlib call: a plug-in is a few MB at most, and
// one call avoids the per-chunk cost of a streaming gzip (packaging was 1.5x `tar | gzip -n`).

import { execFile } from 'node:child_process';
import { lstat, rename, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import * as tar from 'tar';

export interface ReproducibleTarballOptions {
  sourceDir: string;
  /** Paths relative to sourceDir; regular files only. */
  files: readonly string[];
  outFile: string;
  /** Written as every entry's mtime; sub-second parts are dropped by the tar format. */
  mtime: Date;
}

// gzip -n's own default level, pinned so a change of zlib's default cannot change our bytes; 9 costs
// about a third more time for under 1% smaller plug-in tarballs.
const GZIP_LEVEL = 6;

export async function writeReproducibleTarball(options: ReproducibleTarballOptions): Promise<void> {
  const files = [...options.files].sort(compareCodeUnits);
  await checkTarballInputs(options.sourceDir, files);
  // Write beside the destination and rename, so a failed run never leaves a half tarball behind.
  const partial = `${options.outFile}.partial`;
  try {
    const archive = packTar(options.sourceDir, files, options.mtime);
    const compressed = await promisify(gzip)(archive, { level: GZIP_LEVEL });
    compressed[GZIP_OS_BYTE] = GZIP_OS_UNKNOWN;
    await writeFile(partial, compressed);
    await rename(partial, options.outFile);
  } catch (error) {
    await rm(partial, { force: true });
    throw new Error(`writeReproducibleTarball: cannot write ${options.outFile}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

// RFC 1952: byte 9 of the header names the OS; 255 is "unknown", so no build machine shows.
const GZIP_OS_BYTE = 9;
const GZIP_OS_UNKNOWN = 255;

/** The uncompressed tar of `files`, in the given order. */
function packTar(cwd: string, files: readonly string[], mtime: Date): Buffer {
  const chunks: Buffer[] = [];
  const pack = new tar.PackSync({
    cwd,
    portable: true,
    noDirRecurse: true,
    strict: true,
    mtime,
    onWriteEntry(entry) {
      if (entry.stat) entry.stat.mode = normaliseMode(entry.path, entry.stat.mode);
    },
  });
  pack.on('data', (chunk: Buffer) => chunks.push(chunk));
  for (const file of files) pack.add(file);
  pack.end();
  return Buffer.concat(chunks);
}

function normaliseMode(path: string, mode: number): number {
  const executable = (mode & 0o111) !== 0 || path.endsWith('.so');
  return (mode & ~0o7777) | (executable ? 0o755 : 0o644);
}

async function checkTarballInputs(sourceDir: string, files: string[]): Promise<void> {
  if (files.length === 0) throw new Error(`writeReproducibleTarball: no files given to pack from ${sourceDir}`);
  for (const [i, file] of files.entries()) {
    if (isAbsolute(file) || file.split(/[\\/]/).some((part) => part === '..' || part === '' || part === '.')) {
      throw new Error(`writeReproducibleTarball: expected a plain path inside ${sourceDir}, found "${file}"`);
    }
    if (files[i - 1] === file) throw new Error(`writeReproducibleTarball: "${file}" is listed twice`);
    const stat = await lstat(join(sourceDir, file));
    if (!stat.isFile()) {
      throw new Error(`writeReproducibleTarball: expected a regular file, found something else at ${join(sourceDir, file)}`);
    }
  }
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface SourceDateEpoch {
  seconds: number;
  mtime: Date;
  source: 'SOURCE_DATE_EPOCH' | 'last commit';
}

export interface ResolveSourceDateEpochOptions {
  env: Record<string, string | undefined>;
  cwd: string;
  /** Returns the last commit time in seconds; a parameter so tests need no repository. */
  readLastCommitTime?: (cwd: string) => Promise<number>;
}

/** The timestamp for tarball entries: SOURCE_DATE_EPOCH if set, else the last commit's time. */
export async function resolveSourceDateEpoch(options: ResolveSourceDateEpochOptions): Promise<SourceDateEpoch> {
  const fromEnv = options.env.SOURCE_DATE_EPOCH;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!/^\d+$/.test(fromEnv) || !Number.isSafeInteger(Number(fromEnv))) {
      throw new Error(`SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 UTC, found "${fromEnv}"`);
    }
    return makeSourceDateEpoch(Number(fromEnv), 'SOURCE_DATE_EPOCH');
  }
  const readLastCommitTime = options.readLastCommitTime ?? readGitLastCommitTime;
  try {
    return makeSourceDateEpoch(await readLastCommitTime(options.cwd), 'last commit');
  } catch (error) {
    throw new Error(
      `cannot choose a timestamp for reproducible tarballs: SOURCE_DATE_EPOCH is not set and the last commit time ` +
        `could not be read in ${options.cwd} (${(error as Error).message}); set SOURCE_DATE_EPOCH=<seconds> ` +
        'or run inside a git checkout with at least one commit',
      { cause: error },
    );
  }
}

function makeSourceDateEpoch(seconds: number, source: SourceDateEpoch['source']): SourceDateEpoch {
  return { seconds, mtime: new Date(seconds * 1000), source };
}

async function readGitLastCommitTime(cwd: string): Promise<number> {
  const { stdout } = await promisify(execFile)('git', ['log', '-1', '--format=%ct'], { cwd });
  const text = stdout.trim();
  if (!/^\d+$/.test(text)) throw new Error(`git log printed "${text}" instead of a commit time`);
  return Number(text);
}
