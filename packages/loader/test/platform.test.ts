import { describe, expect, it } from 'vitest';
import { LoaderError } from '../src/errors.ts';
import {
  describeMachine,
  detectPlatform,
  explainNoPlatform,
  listSupportedPlatforms,
  readPlatformFacts,
  type PlatformFacts,
} from '../src/platform/index.ts';

const UBUNTU_22_04 = 'NAME="Ubuntu"\nVERSION_ID="22.04"\nID=ubuntu\nID_LIKE=debian\nPRETTY_NAME="Ubuntu 22.04.4 LTS"\n';
const ALPINE = 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME="Alpine Linux v3.19"\n';

function fakeHost(overrides: Partial<PlatformFacts> = {}): PlatformFacts {
  return {
    os: 'linux',
    nodeArch: 'x64',
    glibcVersionRuntime: '2.35',
    sharedObjects: ['/lib/x86_64-linux-gnu/libc.so.6', '/lib64/ld-linux-x86-64.so.2'],
    osRelease: UBUNTU_22_04,
    ...overrides,
  };
}

function explain(facts: PlatformFacts): LoaderError {
  return explainNoPlatform(detectPlatform(facts));
}

describe('detectPlatform maps a host to the release platforms it runs', () => {
  it('lists an Ubuntu 22.04 x86_64 host first by its own name, then by glibc ceiling, highest first', () => {
    const platform = detectPlatform(fakeHost());
    expect(platform).toEqual({
      os: 'linux',
      arch: 'x86_64',
      libc: { family: 'glibc', version: '2.35' },
      distro: { id: 'ubuntu', versionId: '22.04', prettyName: 'Ubuntu 22.04.4 LTS' },
      platforms: ['ubuntu22.04_x86_64', 'ubuntu20.04_x86_64', 'manylinux_2_28_x86_64', 'manylinux2014_x86_64'],
    });
  });

  it('does not repeat the host name when it is itself a release platform (Ubuntu 20.04)', () => {
    const facts = fakeHost({ glibcVersionRuntime: '2.31', osRelease: 'ID=ubuntu\nVERSION_ID="20.04"\n' });
    expect(detectPlatform(facts).platforms).toEqual(['ubuntu20.04_x86_64', 'manylinux_2_28_x86_64', 'manylinux2014_x86_64']);
  });

  it('gives an aarch64 host with glibc 2.17 only manylinux2014_aarch64 after its own name', () => {
    const facts = fakeHost({ nodeArch: 'arm64', glibcVersionRuntime: '2.17', osRelease: 'ID="centos"\nVERSION_ID="7"\n' });
    expect(detectPlatform(facts)).toMatchObject({ arch: 'aarch64', platforms: ['centos7_aarch64', 'manylinux2014_aarch64'] });
  });

  it('gives a newer aarch64 host both aarch64 platforms and no x86_64 one', () => {
    const facts = fakeHost({ nodeArch: 'arm64', glibcVersionRuntime: '2.36', osRelease: 'ID=debian\nVERSION_ID="12"\n' });
    expect(detectPlatform(facts).platforms).toEqual(['debian12_aarch64', 'manylinux_2_28_aarch64', 'manylinux2014_aarch64']);
  });

  it('names a rolling distribution without a version, and a host without os-release not at all', () => {
    expect(detectPlatform(fakeHost({ glibcVersionRuntime: '2.39', osRelease: 'ID=arch\nPRETTY_NAME="Arch Linux"\n' })).platforms[0]).toBe('arch_x86_64');
    const bare = detectPlatform(fakeHost({ osRelease: null }));
    expect(bare.distro).toEqual({ id: '', versionId: '' });
    expect(bare.platforms).toEqual(['ubuntu20.04_x86_64', 'manylinux_2_28_x86_64', 'manylinux2014_x86_64']);
  });

  it('detects musl from the loaded ld-musl, and from an Alpine os-release when Node lists no objects', () => {
    const fromObjects = detectPlatform(fakeHost({ glibcVersionRuntime: null, osRelease: null, sharedObjects: ['/lib/ld-musl-x86_64.so.1'] }));
    expect(fromObjects).toMatchObject({ libc: { family: 'musl' }, platforms: [] });
    const fromOsRelease = detectPlatform(fakeHost({ glibcVersionRuntime: null, osRelease: ALPINE, sharedObjects: [] }));
    expect(fromOsRelease).toMatchObject({ libc: { family: 'musl' }, distro: { id: 'alpine', prettyName: 'Alpine Linux v3.19' }, platforms: [] });
  });

  it('runs nothing on glibc 2.12, on macOS or on riscv64', () => {
    expect(detectPlatform(fakeHost({ glibcVersionRuntime: '2.12', osRelease: 'ID=centos\nVERSION_ID=6\n' })).platforms).toEqual([]);
    expect(detectPlatform(fakeHost({ os: 'darwin', glibcVersionRuntime: null, osRelease: null })).platforms).toEqual([]);
    expect(detectPlatform(fakeHost({ nodeArch: 'riscv64' }))).toMatchObject({ arch: 'riscv64', platforms: [] });
  });

  it('reads this machine without a shell, agreeing with Node\'s own report', () => {
    const facts = readPlatformFacts();
    expect(facts.os).toBe(process.platform);
    const header = (process.report.getReport() as { header: { glibcVersionRuntime?: string } }).header;
    expect(facts.glibcVersionRuntime).toBe(header.glibcVersionRuntime ?? null);
    const platform = detectPlatform();
    if (platform.libc.family === 'glibc') {
      expect(platform.libc.version).toBe(header.glibcVersionRuntime);
    }
  });
});

describe('explainNoPlatform says why a machine runs no release platform', () => {
  it('says musl builds do not exist, with the platforms that do and a next step', () => {
    const error = explain(fakeHost({ glibcVersionRuntime: null, osRelease: ALPINE, sharedObjects: ['/lib/ld-musl-x86_64.so.1'] }));
    expect(error).toBeInstanceOf(LoaderError);
    expect(error.kind).toBe('platform');
    expect(error.exitCode).toBe(7);
    expect(error.message).toContain('this machine (Alpine Linux v3.19, x86_64, musl) runs none of the release platforms');
    expect(error.message).toContain('its C library is musl, and release builds are for glibc only');
    expect(error.message).toContain('manylinux2014_x86_64 (x86_64, glibc >= 2.17)');
    expect(error.hint).toContain('instead of alpine');
  });

  it('names the glibc found and the glibc needed for an old distribution', () => {
    const error = explain(fakeHost({ glibcVersionRuntime: '2.12', osRelease: 'ID=centos\nVERSION_ID=6\nPRETTY_NAME="CentOS release 6"\n' }));
    expect(error.message).toContain('found glibc 2.12, need at least 2.17');
    expect(error.hint).toContain('newer glibc');
  });

  it('explains another OS, another CPU and an unknown C library', () => {
    expect(explain(fakeHost({ os: 'darwin', glibcVersionRuntime: null })).message).toContain('release builds are for Linux only, and this machine runs darwin');
    expect(explain(fakeHost({ nodeArch: 'riscv64' })).message).toContain('no release builds for the CPU architecture riscv64 (builds exist for x86_64 and aarch64)');
    expect(explain(fakeHost({ glibcVersionRuntime: null, sharedObjects: [] })).message).toContain('its C library could not be identified');
  });

  it('lists every release platform with its architecture and glibc floor', () => {
    expect(listSupportedPlatforms()).toContain('manylinux_2_28_aarch64 (aarch64, glibc >= 2.28)');
    expect(describeMachine(detectPlatform(fakeHost({ osRelease: null })))).toBe('unknown distribution, x86_64, glibc 2.35');
  });
});
