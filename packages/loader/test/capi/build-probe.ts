/**
 * Builds the C API probe plug-in (capi_probe.c) and a table that takes the
 * address of every C API function listed in native/capi-functions.txt, so
 * the probe cannot be opened by a host that lacks one; and a stand-in
 * "system" libwasmedge.so.0 whose every function aborts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const packageDir = join(here, '..', '..');
const apiInclude = join(packageDir, '..', 'plugin-api', 'include');

export interface CapiFunction {
  name: string;
  /** Also exported with the default version WASMEDGE_0.17. */
  v017: boolean;
}

export function capiFunctions(): CapiFunction[] {
  return readFileSync(join(packageDir, 'native', 'capi-functions.txt'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => {
      const [name, version] = l.trim().split(/\s+/);
      return { name: name!, v017: version === '0.17' };
    });
}

function writeEveryFunctionTable(dir: string): string {
  const file = join(dir, 'every_function.c');
  const lines = capiFunctions().map((f) => `  (const void *)&${f.name},`);
  writeFileSync(
    file,
    `#include <wasmedge/wasmedge.h>\n/* Taking each address makes the library need every function at load. */\n` +
      `__attribute__((used, visibility("default"))) const void *const capi_probe_every_function[] = {\n${lines.join('\n')}\n};\n`,
  );
  return file;
}

/** The native host's build, which also holds libwasmedge.so(.0) pointing at it. */
export const HOST_LIBRARY_DIR = join(packageDir, 'build', 'native');

/**
 * Builds libcapi_probe.so in a new directory (the plug-in path for a run),
 * linked with -lwasmedge as upstream links plug-ins: against `linkWith`
 * (default: the native host's libwasmedge.so). That gives its references the
 * symbol versions, which the five limit functions need (an unversioned
 * reference binds to their 0.16 form).
 */
export function buildCapiProbe(options: { linkWith?: string; name?: string; instance?: string } = {}): { dir: string; library: string } {
  const linkWith = options.linkWith ?? HOST_LIBRARY_DIR;
  const names = [
    ...(options.name ? [`-DCAPI_PROBE_NAME="${options.name}"`] : []),
    ...(options.instance ? [`-DCAPI_PROBE_INSTANCE="${options.instance}"`] : []),
  ];
  const dir = mkdtempSync(join(tmpdir(), 'capi-probe-'));
  const library = join(dir, 'libcapi_probe.so');
  execFileSync('cc', [
    '-std=gnu11', '-shared', '-fPIC', '-fvisibility=hidden', '-Wall', '-Wextra', '-Werror',
    `-I${apiInclude}`,
    ...names,
    join(here, 'capi_probe.c'),
    writeEveryFunctionTable(dir),
    `-L${linkWith}`, '-Wl,--no-as-needed', '-lwasmedge',
    '-o', library,
  ]);
  return { dir, library };
}

/**
 * A stand-in for a real libwasmedge.so.0 (SONAME, symbol versions) in its own
 * directory, with libwasmedge.so for linking; every function aborts, so a
 * plug-in bound to it dies at its first call.
 */
export function buildAbortingLibwasmedge(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fake-libwasmedge-'));
  const functions = capiFunctions();
  writeFileSync(
    join(dir, 'fake.c'),
    `#include <stdlib.h>\n${functions.map((f) => `void ${f.name}(void) { abort(); }`).join('\n')}\n`,
  );
  writeFileSync(
    join(dir, 'fake.map'),
    `WASMEDGE_0.16 { global: WasmEdge_*; local: *; };\n` +
      `WASMEDGE_0.17 { global: ${functions.filter((f) => f.v017).map((f) => `${f.name};`).join(' ')} } WASMEDGE_0.16;\n`,
  );
  execFileSync('cc', [
    '-shared', '-fPIC', '-fno-builtin', '-Wl,-soname,libwasmedge.so.0', `-Wl,--version-script=${join(dir, 'fake.map')}`,
    join(dir, 'fake.c'), '-o', join(dir, 'libwasmedge.so.0'),
  ]);
  execFileSync('ln', ['-s', 'libwasmedge.so.0', join(dir, 'libwasmedge.so')]);
  return dir;
}
