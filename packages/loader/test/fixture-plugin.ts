/** Builds the fixture plug-in (test/fixtures/fixture_plugin.c) with the system C compiler. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const apiDir = join(here, '..', '..', 'plugin-api');

export function buildFixturePlugin(apiVersion = 5): string {
  const out = join(mkdtempSync(join(tmpdir(), 'fixture-plugin-')), `libfixture${apiVersion}.so`);
  execFileSync('cc', [
    '-std=c11', '-shared', '-fPIC', '-fvisibility=hidden', '-Wall', '-Werror',
    `-DFIXTURE_API_VERSION=${apiVersion}`,
    `-I${join(apiDir, 'include')}`,
    join(here, 'fixtures', 'fixture_plugin.c'),
    join(apiDir, 'src', 'plugin_support.c'),
    '-o', out,
  ]);
  return out;
}
