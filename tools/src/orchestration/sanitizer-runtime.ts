/**
 * Running uninstrumented programs (node, the tests' helpers) with sanitized
 * plug-ins inside: the sanitizer runtime must be the first library in the
 * process, so it is preloaded, and its options are set once here for the
 * plug-in suites and the fuzz targets alike.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { arch } from 'node:process';
import { CLANG_INSTALL } from './variants.ts';

const RUNTIME_ARCH: Record<string, string> = { x64: 'x86_64', arm64: 'aarch64' };

/** The shared ASan runtime of Debian's clang (it carries UBSan's handlers too). */
export function asanRuntimePath(): string {
  const name = `libclang_rt.asan-${RUNTIME_ARCH[arch] ?? arch}.so`;
  const result = spawnSync('clang', [`-print-file-name=${name}`], { encoding: 'utf8' });
  const path = result.status === 0 ? result.stdout.trim() : '';
  if (!path.startsWith('/') || !existsSync(path)) {
    throw new Error(`the sanitizer runtime ${name} was not found (clang said "${path}"): ${CLANG_INSTALL}`);
  }
  return path;
}

/**
 * Options, and why:
 * - allocator_may_return_null: plug-ins answer a failed allocation with an
 *   error code, and that path must run, not abort;
 * - detect_leaks=0 in Node: node itself does not free at exit; the fuzz
 *   targets keep leak detection (they free everything per input);
 * - quarantine_size_mb=4: freed memory is held back for use-after-free
 *   checks; the default 256 MiB makes every fork() of Node (the process
 *   plug-in spawns) copy four times the page tables: 105 ms against 24 ms;
 * - halt_on_error / abort_on_error: one report ends the run with a failure.
 */
export function sanitizerOptions({ detectLeaks }: { detectLeaks: boolean }): NodeJS.ProcessEnv {
  return {
    ASAN_OPTIONS: ['allocator_may_return_null=1', `detect_leaks=${detectLeaks ? 1 : 0}`, 'quarantine_size_mb=4', 'halt_on_error=1', 'abort_on_error=1'].join(':'),
    UBSAN_OPTIONS: ['print_stacktrace=1', 'halt_on_error=1'].join(':'),
  };
}

/** The environment of a Node process that loads sanitized plug-ins. */
export function sanitizedNodeEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const preload = [asanRuntimePath(), env.LD_PRELOAD].filter(Boolean).join(':');
  return { ...env, ...sanitizerOptions({ detectLeaks: false }), LD_PRELOAD: preload };
}
