import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  deriveRuntimePluginDir,
  discoverPlugins,
  findWasmedgeLibDir,
  formatPluginPath,
  pluginSearchPath,
  splitPluginPath,
  type SearchPathEntry,
} from '../src/discovery/index.ts';

const INSTALL_DIR = '/home/u/.wasmedge/plugin';

function summarize(entries: SearchPathEntry[]) {
  return entries.map((e) => [e.path, e.source, e.searchedByWasmEdge]);
}

describe('pluginSearchPath follows the runtime\'s order', () => {
  it('puts WASMEDGE_PLUGIN_PATH entries first, a run of colons being one separator', () => {
    const path = pluginSearchPath({
      env: { WASMEDGE_PLUGIN_PATH: '/opt/a::/opt/b:::/opt/c.so' },
      wasmedgeLibDir: '/usr/lib/x86_64-linux-gnu',
      installDir: INSTALL_DIR,
    });
    expect(summarize(path.entries)).toEqual([
      ['/opt/a', 'WASMEDGE_PLUGIN_PATH', true],
      ['/opt/b', 'WASMEDGE_PLUGIN_PATH', true],
      ['/opt/c.so', 'WASMEDGE_PLUGIN_PATH', true],
      ['/usr/lib/x86_64-linux-gnu/wasmedge', 'libwasmedge', true],
      [INSTALL_DIR, 'install-dir', false],
    ]);
    expect(path.installDirSearchedByWasmEdge).toBe(false);
    expect(path.warnings).toEqual([]);
  });

  it('derives <dir>/wasmedge under /usr and /lib, and <dir>/../plugin elsewhere', () => {
    expect(deriveRuntimePluginDir('/usr/local/lib')).toBe('/usr/local/lib/wasmedge');
    expect(deriveRuntimePluginDir('/lib64')).toBe('/lib64/wasmedge');
    expect(deriveRuntimePluginDir('/opt/wasmedge/lib')).toBe('/opt/wasmedge/plugin');
    expect(deriveRuntimePluginDir('/home/u/.wasmedge/lib')).toBe(INSTALL_DIR);
  });

  it('lists the install dir once, searched by WasmEdge, when libwasmedge is in ~/.wasmedge/lib', () => {
    const path = pluginSearchPath({ env: {}, wasmedgeLibDir: '/home/u/.wasmedge/lib', installDir: INSTALL_DIR });
    expect(summarize(path.entries)).toEqual([[INSTALL_DIR, 'libwasmedge', true]]);
    expect(path.installDirSearchedByWasmEdge).toBe(true);
  });

  it('has only the variable and the install dir when there is no libwasmedge', () => {
    const path = pluginSearchPath({ env: { WASMEDGE_PLUGIN_PATH: '/opt/a' }, wasmedgeLibDir: null, installDir: INSTALL_DIR });
    expect(summarize(path.entries)).toEqual([
      ['/opt/a', 'WASMEDGE_PLUGIN_PATH', true],
      [INSTALL_DIR, 'install-dir', false],
    ]);
  });

  it('finds libwasmedge.so.0 in ~/.wasmedge/lib before the system directories', () => {
    const home = mkdtempSync(join(tmpdir(), 'home-'));
    expect(findWasmedgeLibDir({ home, nodeArch: 'x64' })).not.toBe(join(home, '.wasmedge', 'lib'));
    mkdirSync(join(home, '.wasmedge', 'lib'), { recursive: true });
    writeFileSync(join(home, '.wasmedge', 'lib', 'libwasmedge.so.0'), '');
    expect(findWasmedgeLibDir({ home, nodeArch: 'x64' })).toBe(join(home, '.wasmedge', 'lib'));
    const path = pluginSearchPath({ env: {}, home, installDir: join(home, '.wasmedge', 'plugin') });
    expect(summarize(path.entries)).toEqual([[join(home, '.wasmedge', 'plugin'), 'libwasmedge', true]]);
  });

  it('warns about a trailing colon, which aborts WasmEdge 0.17.1, and never writes one', () => {
    const path = pluginSearchPath({ env: { WASMEDGE_PLUGIN_PATH: '/opt/a:' }, wasmedgeLibDir: null, installDir: INSTALL_DIR });
    expect(path.entries[0]!.path).toBe('/opt/a');
    expect(path.warnings).toEqual([
      'WASMEDGE_PLUGIN_PATH ends with \':\' ("/opt/a:"), which makes WasmEdge 0.17.1 abort at start-up; set it to "/opt/a" instead',
    ]);
    expect(splitPluginPath(':/a::/b:')).toEqual(['/a', '/b']);
    expect(formatPluginPath(['', '/a', '', '/b', ''])).toBe('/a:/b');
  });
});

describe('discoverPlugins walks the search path as the runtime does', () => {
  let root: string;
  let dirA: string;
  let dirB: string;
  let solo: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'discovery-'));
    dirA = join(root, 'a');
    dirB = join(root, 'b');
    for (const dir of ['a/nested/deeper', 'a/dir.so', 'b', 'elsewhere']) {
      mkdirSync(join(root, dir), { recursive: true });
    }
    const files = [
      'a/libzeta.so', 'a/libalpha.so', 'a/nested/deeper/libdeep.so', 'a/dir.so/libinside.so',
      'a/libversioned.so.1', 'a/.so', 'a/libnotes.so.txt', 'b/libbeta.so', 'elsewhere/libsolo.so', 'elsewhere/libsolo.so.1',
      'elsewhere/libfar.so',
    ];
    for (const file of files) writeFileSync(join(root, file), 'not really a library');
    symlinkSync(join(root, 'a', 'libalpha.so'), join(root, 'a', 'liblink.so'));
    symlinkSync(join(root, 'elsewhere'), join(root, 'a', 'linkdir'));
    solo = join(root, 'elsewhere', 'libsolo.so');
  });

  it('lists entries in order, directories depth first, only files ending exactly in .so', async () => {
    const entries: SearchPathEntry[] = [dirA, solo, `${solo}.1`, dirB, join(root, 'missing')].map((path) => ({
      path,
      source: 'WASMEDGE_PLUGIN_PATH',
      searchedByWasmEdge: true,
    }));
    const found = await discoverPlugins({ entries });
    expect(found.map((f) => [relative(root, f.path), relative(root, f.entry.path)])).toEqual([
      ['a/dir.so/libinside.so', 'a'],
      ['a/libalpha.so', 'a'],
      ['a/liblink.so', 'a'],
      ['a/libzeta.so', 'a'],
      ['a/nested/deeper/libdeep.so', 'a'],
      ['elsewhere/libsolo.so', 'elsewhere/libsolo.so'],
      ['b/libbeta.so', 'b'],
    ]);
  });

  it('skips a directory it cannot read and says so', async () => {
    const base = mkdtempSync(join(tmpdir(), 'discovery-locked-'));
    chmodSync(base, 0o755);
    mkdirSync(join(base, 'locked'));
    writeFileSync(join(base, 'locked', 'libhidden.so'), '');
    writeFileSync(join(base, 'libvisible.so'), '');
    chmodSync(join(base, 'locked'), 0o000);
    const result = process.getuid?.() === 0 ? discoverWithoutCapabilities(base) : await discoverHere(base);
    expect(result.found).toEqual([join(base, 'libvisible.so')]);
    expect(result.skipped).toEqual([join(base, 'locked')]);
  });
});

async function discoverHere(dir: string) {
  const skipped: string[] = [];
  const found = await discoverPlugins(
    { entries: [{ path: dir, source: 'WASMEDGE_PLUGIN_PATH', searchedByWasmEdge: true }] },
    { onSkipped: (path) => skipped.push(path) },
  );
  return { found: found.map((f) => f.path), skipped };
}

// root reads every directory through its capabilities (CAP_DAC_*): run the
// same discovery as root with every capability dropped (util-linux setpriv),
// so the mode-000 directory is unreadable while the checkout stays readable
// wherever it is.
function discoverWithoutCapabilities(dir: string): { found: string[]; skipped: string[] } {
  const here = dirname(fileURLToPath(import.meta.url));
  const moduleUrl = pathToFileURL(join(here, '..', 'src', 'discovery', 'index.ts')).href;
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const script = join(dir, 'discover-without-capabilities.mts');
  writeFileSync(
    script,
    `import { discoverPlugins } from ${JSON.stringify(moduleUrl)};\n` +
      'const skipped = [];\n' +
      `const found = await discoverPlugins({ entries: [{ path: ${JSON.stringify(dir)}, source: 'WASMEDGE_PLUGIN_PATH', searchedByWasmEdge: true }] }, { onSkipped: (p) => skipped.push(p) });\n` +
      'console.log(JSON.stringify({ found: found.map((f) => f.path), skipped }));\n',
  );
  const dropAll = ['--bounding-set', '-all', '--inh-caps', '-all', '--ambient-caps', '-all'];
  // tsx reads the workspace's source paths from the loader's tsconfig, whatever the working directory.
  const env = { ...process.env, TSX_TSCONFIG_PATH: join(here, '..', 'tsconfig.json') };
  const child = spawnSync('setpriv', [...dropAll, process.execPath, '--import', tsx, script], { encoding: 'utf8', cwd: dir, env });
  if (child.status !== 0) throw new Error(`discovery without capabilities failed: ${child.stderr}${child.error ?? ''}`);
  return JSON.parse(child.stdout) as { found: string[]; skipped: string[] };
}
