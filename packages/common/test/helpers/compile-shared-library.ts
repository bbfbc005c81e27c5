// Builds real shared libraries for the ELF tests with the machine's compiler, so the reader is
// checked against what a linker actually emits rather than against hand-made bytes.

import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `${prefix}-`));
}

/** Compiles `source` into `<dir>/<name>` with `compiler -shared -fPIC` plus `flags`; returns the path. */
export async function compileSharedLibrary(options: {
  dir: string;
  name: string;
  source: string;
  language: 'c' | 'c++';
  flags?: string[];
}): Promise<string> {
  const sourcePath = join(options.dir, `${options.name}.${options.language === 'c' ? 'c' : 'cpp'}`);
  const outPath = join(options.dir, options.name);
  await writeFile(sourcePath, options.source);
  const compiler = options.language === 'c' ? 'gcc' : 'g++';
  await run(compiler, ['-shared', '-fPIC', '-O0', '-o', outPath, sourcePath, ...(options.flags ?? [])]);
  return outPath;
}

export async function hasCommand(command: string): Promise<boolean> {
  try {
    await run(command, ['--version']);
    return true;
  } catch {
    return false;
  }
}
