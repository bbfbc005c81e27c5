/**
 * A backend's runtime, installed with its plug-in: each source the index
 * names (a pinned wheel on PyPI, or the same file on a mirror) is
 * downloaded into the staging directory and checked against the index's
 * size and sha256 before it is opened; then only the listed members are
 * taken out of it, as regular files under their base names, beside the
 * plug-in's library, where the plug-in looks for them (a RUNPATH of $ORIGIN
 * for a runtime it links, its own directory for one it opens). The wheel
 * itself is never kept.
 */
import { createWriteStream } from 'node:fs';
import { chmod, lstat, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import yauzl from 'yauzl';
import { runtimeMemberName, type BackendRuntime, type RuntimeSource } from '@wasmedge-plugins/common';
import { fromSystemError, LoaderError } from '../errors.ts';
import type { HttpOptions } from '../source/http.ts';
import { openLocation, saveVerified, type Progress } from '../source/release-source.ts';
import { MAX_TOTAL_BYTES, MODE_BY_ROLE } from './safe-extract.ts';

/** Where runtime sources come from instead of their registry URLs: a URL or directory holding the files by name. */
export const RUNTIME_MIRROR_ENV = 'WASMEDGE_PLUGINS_RUNTIME_MIRROR';

export interface RuntimeFetchOptions {
  /** A mirror holding each source under its file name; the registry URL when absent. */
  mirror?: string;
  http?: HttpOptions;
  onProgress?: (file: string) => Progress | undefined;
  log?: (line: string) => void;
}

/** What was installed of a runtime: the files (names beside the library) and their total size. */
export interface InstalledRuntime {
  package: string;
  version: string;
  /** File names beside the plug-in's library. */
  files: string[];
  /** Their total size in bytes. */
  size: number;
  /** The sources they came from, as downloaded (after a mirror and redirects). */
  sources: { file: string; sha256: string; location: string }[];
}

/** Where a source is downloaded from: the mirror's file of that name, else its registry URL. */
export function sourceLocation(source: RuntimeSource, mirror: string | undefined): string {
  if (mirror === undefined || mirror === '') return source.url;
  if (/^https?:\/\//i.test(mirror)) return new URL(source.file, mirror.endsWith('/') ? mirror : `${mirror}/`).href;
  return join(mirror.startsWith('file:') ? new URL(mirror).pathname : mirror, source.file);
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: true }, (error, zip) => (error ? reject(error) : resolve(zip))),
  );
}

/** The zip's entries by name; a name seen twice is refused (which one would be taken?). */
function listEntries(zip: yauzl.ZipFile, file: string): Promise<Map<string, yauzl.Entry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, yauzl.Entry>();
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entries.has(entry.fileName)) {
        reject(new LoaderError('verify', `${file} holds "${entry.fileName}" twice; refusing it`));
        return;
      }
      entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;

/** Why an entry cannot be taken as a library file; null if it can. */
function entryProblem(entry: yauzl.Entry | undefined): string | null {
  if (entry === undefined) return 'it is not in the file';
  if (entry.fileName.endsWith('/')) return 'it is a directory';
  const type = (entry.externalFileAttributes >>> 16) & S_IFMT;
  // Zips made on Unix record the file type; 0 means none was recorded (a plain file).
  if (type !== 0 && type !== S_IFREG) return 'it is not a regular file (a link or a device)';
  return null;
}

async function extractMember(zip: yauzl.ZipFile, entry: yauzl.Entry, dest: string, budget: { left: number }): Promise<number> {
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) => zip.openReadStream(entry, (error, s) => (error ? reject(error) : resolve(s))));
  let written = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      written += chunk.length;
      budget.left -= chunk.length;
      if (budget.left < 0) done(new LoaderError('verify', `the runtime unpacks to more than ${MAX_TOTAL_BYTES} bytes; refusing it`));
      else done(null, chunk);
    },
  });
  await pipeline(stream, meter, createWriteStream(dest, { flags: 'wx', mode: 0o600 }));
  await chmod(dest, MODE_BY_ROLE.runtime);
  return written;
}

/**
 * Downloads and verifies every source of `runtime`, then puts its members into `contentDir`
 * (the staged plug-in directory). `staging` holds the downloads; the caller removes it.
 * A member whose name is already in `contentDir` (the plug-in's own files) is refused.
 */
export async function fetchRuntime(runtime: BackendRuntime, staging: string, contentDir: string, options: RuntimeFetchOptions = {}): Promise<InstalledRuntime> {
  const sources = runtime.sources ?? [];
  if (sources.length === 0) {
    throw new LoaderError('index', `the release index does not say where the ${runtime.package} ${runtime.version} runtime comes from; install it by hand (pip install ${runtime.package}==${runtime.version}) and point the plug-in at its libraries`);
  }
  const installed: InstalledRuntime = { package: runtime.package, version: runtime.version, files: [], size: 0, sources: [] };
  const budget = { left: MAX_TOTAL_BYTES };
  for (const source of sources) {
    const location = sourceLocation(source, options.mirror);
    options.log?.(`downloading ${source.file} (${runtime.package} ${runtime.version}, ${source.size} bytes) from ${location}`);
    const download = join(staging, source.file);
    const saved = await saveVerified(await openLocation(location, options.http), source, download, options.onProgress?.(source.file));
    options.log?.(`verified sha256 ${source.sha256}`);
    let zip: yauzl.ZipFile;
    try {
      zip = await openZip(download);
    } catch (cause) {
      throw new LoaderError('verify', `${source.file} is not a readable zip archive: ${(cause as Error).message}`, { cause });
    }
    try {
      const entries = await listEntries(zip, source.file);
      for (const member of source.members) {
        const entry = entries.get(member);
        const problem = entryProblem(entry);
        if (problem !== null) throw new LoaderError('verify', `${source.file}: cannot take ${member}: ${problem}`);
        const name = runtimeMemberName(member);
        const dest = join(contentDir, name);
        if (await lstat(dest).then(() => true, () => false)) throw new LoaderError('verify', `${source.file}: ${member} would replace the plug-in's own ${name}`);
        try {
          installed.size += await extractMember(zip, entry!, dest, budget);
        } catch (cause) {
          await rm(dest, { force: true });
          if (cause instanceof LoaderError) throw cause;
          throw fromSystemError(cause, `writing ${dest}`) ?? new LoaderError('verify', `${source.file}: ${member} cannot be read: ${(cause as Error).message}`, { cause });
        }
        installed.files.push(name);
      }
    } finally {
      zip.close();
      await rm(download, { force: true });
    }
    installed.sources.push({ file: source.file, sha256: source.sha256, location: saved.location });
  }
  installed.files.sort();
  return installed;
}
