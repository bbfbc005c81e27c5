import { describe, expect, it } from 'vitest';
import {
  RELEASE_TARGETS,
  describeHostTarget,
  findArchForElfMachine,
  getTarget,
  listTargetNames,
  mapNodeArch,
  parseOsRelease,
  readHostFacts,
  resolveTarget,
  type HostFacts,
} from '../src/index.ts';

const debianHost: HostFacts = {
  arch: 'x86_64',
  osRelease: { id: 'debian', versionId: '12' },
  glibcVersion: '2.36',
};
const ubuntuArmHost: HostFacts = {
  arch: 'aarch64',
  osRelease: { id: 'ubuntu', versionId: '22.04' },
  glibcVersion: '2.35',
};

describe('RELEASE_TARGETS', () => {
  it('holds exactly the release targets we ship, with their ceilings and toolchains', () => {
    expect(RELEASE_TARGETS).toMatchInlineSnapshot(`
      {
        "manylinux2014_aarch64": {
          "arch": "aarch64",
          "cxxabi": "1.3.7",
          "glibc": "2.17",
          "glibcxx": "3.4.19",
          "toolchain": "zig",
          "zigTarget": "aarch64-linux-gnu.2.17",
        },
        "manylinux2014_x86_64": {
          "arch": "x86_64",
          "cxxabi": "1.3.7",
          "glibc": "2.17",
          "glibcxx": "3.4.19",
          "toolchain": "zig",
          "zigTarget": "x86_64-linux-gnu.2.17",
        },
        "manylinux_2_28_aarch64": {
          "arch": "aarch64",
          "cxxabi": "1.3.11",
          "glibc": "2.28",
          "glibcxx": "3.4.24",
          "toolchain": "zig",
          "zigTarget": "aarch64-linux-gnu.2.28",
        },
        "manylinux_2_28_x86_64": {
          "arch": "x86_64",
          "cxxabi": "1.3.11",
          "glibc": "2.28",
          "glibcxx": "3.4.24",
          "toolchain": "zig",
          "zigTarget": "x86_64-linux-gnu.2.28",
        },
        "ubuntu20.04_x86_64": {
          "arch": "x86_64",
          "cxxabi": "1.3.12",
          "glibc": "2.31",
          "glibcxx": "3.4.28",
          "toolchain": "zig",
          "zigTarget": "x86_64-linux-gnu.2.31",
        },
      }
    `);
  });
});

describe('listTargetNames', () => {
  it('lists every release row and then host', () => {
    expect(listTargetNames()).toEqual([
      'manylinux2014_x86_64',
      'manylinux2014_aarch64',
      'ubuntu20.04_x86_64',
      'manylinux_2_28_x86_64',
      'manylinux_2_28_aarch64',
      'host',
    ]);
  });
});

describe('getTarget', () => {
  it('returns the row with its name used as the platform', () => {
    expect(getTarget('manylinux2014_aarch64')).toMatchObject({
      name: 'manylinux2014_aarch64',
      platform: 'manylinux2014_aarch64',
      arch: 'aarch64',
      zigTarget: 'aarch64-linux-gnu.2.17',
    });
  });

  it('refuses an unknown name and lists the supported ones', () => {
    expect(() => getTarget('win64')).toThrow(
      'unknown target "win64"; supported targets: manylinux2014_x86_64, manylinux2014_aarch64, ' +
        'ubuntu20.04_x86_64, manylinux_2_28_x86_64, manylinux_2_28_aarch64, host',
    );
  });

  it('refuses host and points to resolveTarget', () => {
    expect(() => getTarget('host')).toThrow(/call resolveTarget\("host", hostFacts\)/);
  });
});

describe('describeHostTarget', () => {
  it('names a Debian 12 x86_64 host debian12_x86_64 with its glibc and the system toolchain', () => {
    expect(describeHostTarget(debianHost)).toEqual({
      name: 'host',
      platform: 'debian12_x86_64',
      arch: 'x86_64',
      glibc: '2.36',
      toolchain: 'system',
    });
  });

  it('names an Ubuntu 22.04 aarch64 host ubuntu22.04_aarch64', () => {
    expect(describeHostTarget(ubuntuArmHost)).toEqual({
      name: 'host',
      platform: 'ubuntu22.04_aarch64',
      arch: 'aarch64',
      glibc: '2.35',
      toolchain: 'system',
    });
  });

  it('refuses a host without glibc', () => {
    expect(() =>
      describeHostTarget({ arch: 'x86_64', osRelease: { id: 'alpine', versionId: '3.20' }, glibcVersion: null }),
    ).toThrow('host alpine3.20 (x86_64) does not run glibc; plug-ins are built for glibc only');
  });

  it('refuses an os-release ID that cannot be part of a file name', () => {
    expect(() => describeHostTarget({ ...debianHost, osRelease: { id: 'my/os', versionId: '1' } })).toThrow(
      'host os-release ID "my/os" cannot be used in a platform name',
    );
  });
});

describe('resolveTarget', () => {
  it('describes host from the facts it is given and looks other names up in the table', () => {
    expect(resolveTarget('host', ubuntuArmHost).platform).toBe('ubuntu22.04_aarch64');
    expect(resolveTarget('ubuntu20.04_x86_64', ubuntuArmHost).platform).toBe('ubuntu20.04_x86_64');
  });
});

describe('parseOsRelease', () => {
  it('reads ID and VERSION_ID with double, single or no quotes and ignores comments', () => {
    const text = '# comment\nNAME="Ubuntu"\nID=ubuntu\nVERSION_ID="20.04"\n';
    expect(parseOsRelease(text)).toEqual({ id: 'ubuntu', versionId: '20.04' });
    expect(parseOsRelease("ID='rocky'\nVERSION_ID='8.9'")).toEqual({ id: 'rocky', versionId: '8.9' });
  });

  it('gives a null VERSION_ID on a rolling distribution', () => {
    expect(parseOsRelease('ID=arch\nBUILD_ID=rolling\n')).toEqual({ id: 'arch', versionId: null });
  });
});

describe('mapNodeArch and findArchForElfMachine', () => {
  it('map Node and ELF names onto our arch names', () => {
    expect(mapNodeArch('x64')).toBe('x86_64');
    expect(mapNodeArch('arm64')).toBe('aarch64');
    expect(findArchForElfMachine(62)).toBe('x86_64');
    expect(findArchForElfMachine(183)).toBe('aarch64');
    expect(findArchForElfMachine(40)).toBeUndefined();
  });

  it('refuses a CPU we do not build for', () => {
    expect(() => mapNodeArch('ia32')).toThrow('unsupported CPU architecture "ia32"; supported: x64, arm64');
  });
});

describe('readHostFacts', () => {
  it('reads this machine without a shell', () => {
    const facts = readHostFacts();
    expect(['x86_64', 'aarch64']).toContain(facts.arch);
    expect(facts.osRelease.id).toMatch(/^[a-z0-9._-]+$/);
    expect(facts.glibcVersion).toMatch(/^\d+\.\d+/);
  });
});
