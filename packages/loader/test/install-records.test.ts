/**
 * The install record is read as untrusted input: a tampered record cannot
 * make uninstall touch anything outside the plug-in directory, names are
 * names (not object properties), and killed installs leave nothing behind
 * for long.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { LoaderError } from '../src/errors.ts';
import { installPlugin, listInstalled, uninstallPlugin } from '../src/install/installer.ts';
import { openReleaseSource } from '../src/source/release-source.ts';
import { HOST_PLATFORM, LIBRARY, makeRelease, readIndex, scratch, serveDirectory } from '@wasmedge-plugins/test-support/fixtures';

const BIN = fileURLToPath(new URL('../bin/wasmedge-plugins.mjs', import.meta.url));

const platforms = [HOST_PLATFORM];
let release: string;
beforeAll(async () => {
  release = await makeRelease(['1.0.0']);
});

async function installed(): Promise<string> {
  const pluginDir = join(scratch('home-'), 'plugin');
  await installPlugin({ pluginDir, source: await openReleaseSource(release), request: { plugin: 'fixture', platforms } });
  return pluginDir;
}

function editRecord(pluginDir: string, edit: (record: Record<string, unknown>) => void): void {
  const path = join(pluginDir, '.wasmedge-plugins.json');
  const state = JSON.parse(readFileSync(path, 'utf8'));
  edit(state.installed.fixture);
  writeFileSync(path, JSON.stringify(state));
}

async function refusal(work: Promise<unknown>): Promise<LoaderError> {
  const err = await work.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(LoaderError);
  return err as LoaderError;
}

describe('a tampered install record', () => {
  it('naming a directory outside ("../victim") makes uninstall refuse, removing nothing', async () => {
    const pluginDir = await installed();
    const victim = join(dirname(pluginDir), 'victim');
    mkdirSync(victim);
    writeFileSync(join(victim, 'keep.txt'), 'mine');
    editRecord(pluginDir, (r) => (r.dir = '../victim'));
    const err = await refusal(uninstallPlugin(pluginDir, 'fixture'));
    expect(err.message).toMatch(/was altered: the record of "fixture" its directory "..\/victim" is not a path inside the plug-in directory/);
    expect(readFileSync(join(victim, 'keep.txt'), 'utf8')).toBe('mine');
    expect(existsSync(join(pluginDir, 'fixture'))).toBe(true);
  });

  it('listing a file outside ("../outside.txt") makes uninstall refuse, removing nothing', async () => {
    const pluginDir = await installed();
    const outside = join(dirname(pluginDir), 'outside.txt');
    writeFileSync(outside, 'mine');
    editRecord(pluginDir, (r) => (r.files as { path: string }[]).push({ path: '../outside.txt', sha256: '0'.repeat(64) } as never));
    const err = await refusal(uninstallPlugin(pluginDir, 'fixture'));
    expect(err.message).toMatch(/a file "..\/outside.txt" is not a path inside the plug-in directory/);
    expect(readFileSync(outside, 'utf8')).toBe('mine');
  });

  it('whose plug-in directory was replaced by a link elsewhere: uninstall removes the link, not what it points to', async () => {
    const pluginDir = await installed();
    const victim = join(dirname(pluginDir), 'victim');
    mkdirSync(victim);
    writeFileSync(join(victim, LIBRARY), 'mine');
    rmSync(join(pluginDir, 'fixture'), { recursive: true });
    symlinkSync(victim, join(pluginDir, 'fixture'));
    await uninstallPlugin(pluginDir, 'fixture');
    expect(readFileSync(join(victim, LIBRARY), 'utf8')).toBe('mine');
    expect(existsSync(join(pluginDir, 'fixture'))).toBe(false);
  });

  it('listing a file of another plug-in\'s directory is refused too', async () => {
    const pluginDir = await installed();
    editRecord(pluginDir, (r) => (r.files as { path: string }[]).push({ path: 'other/lib.so', sha256: '0'.repeat(64) } as never));
    expect((await refusal(listInstalled(pluginDir))).message).toMatch(/lists "other\/lib.so", outside its directory "fixture"/);
  });
});

describe('plug-in names are names', () => {
  it('uninstall __proto__ (or constructor, toString) says it is not installed', async () => {
    const pluginDir = await installed();
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const err = await refusal(uninstallPlugin(pluginDir, name));
      expect(err.kind).toBe('not-installed');
      expect(err.message).toBe(`${name} was not installed by wasmedge-plugins in ${pluginDir}; nothing was removed`);
    }
    expect((await listInstalled(pluginDir)).map((r) => r.plugin)).toEqual(['fixture']);
  });

  it('an empty plug-in directory is refused, not taken as the current directory', async () => {
    const err = await refusal(installPlugin({ pluginDir: '', source: await openReleaseSource(release), request: { plugin: 'fixture', platforms } }));
    expect(err.kind).toBe('usage');
    expect(err.message).toMatch(/the plug-in directory is empty/);
    expect((await refusal(uninstallPlugin('', 'fixture'))).kind).toBe('usage');
    expect((await refusal(listInstalled(''))).kind).toBe('usage');
  });
});

describe('staging directories', () => {
  it('a CLI install killed mid-download leaves a staging directory and a lock that the next install clears', async () => {
    const asset = readIndex(release).assets[0]!;
    const { url, server } = await serveDirectory(release, {
      [asset.file]: (res) => {
        res.writeHead(200, { 'content-length': asset.size });
        res.write(Buffer.alloc(64)); // then stall
      },
    });
    try {
      const home = scratch('home-');
      const pluginDir = join(home, 'plugin');
      const env = { ...process.env, HOME: home, WASMEDGE_PLUGINS_DIR: '', WASMEDGE_BIN: '/nonexistent/wasmedge' };
      const child = spawn(process.execPath, [BIN, 'install', 'fixture', '--index', url, '--dir', pluginDir, '--runtime', '0.17.1'], { env, stdio: 'ignore' });
      const leftovers = () => (existsSync(home) ? readdirSync(home).filter((f) => f.startsWith('.plugin.')) : []);
      while (!leftovers().some((f) => f.includes('staging'))) {
        if (child.exitCode !== null) throw new Error(`the install ended (${child.exitCode}) before it was killed`);
        await new Promise((r) => setTimeout(r, 50));
      }
      child.kill('SIGKILL');
      await new Promise((r) => child.on('close', r));
      expect(leftovers().some((f) => f === '.plugin.lock')).toBe(true);
      const source = await openReleaseSource(release);
      await installPlugin({ pluginDir, source, request: { plugin: 'fixture', platforms }, lockWaitMs: 5_000 });
      expect(leftovers()).toEqual([]);
    } finally {
      server.close();
    }
  });

  it('one left by a killed install is removed by the next run', async () => {
    const pluginDir = await installed();
    const left = join(dirname(pluginDir), '.plugin.staging-AbC123');
    mkdirSync(join(left, 'content'), { recursive: true });
    writeFileSync(join(left, 'content', 'half.so'), 'half');
    await installPlugin({ pluginDir, source: await openReleaseSource(release), request: { plugin: 'fixture', platforms }, force: true });
    expect(readdirSync(dirname(pluginDir)).filter((f) => f.includes('staging'))).toEqual([]);
  });
});
