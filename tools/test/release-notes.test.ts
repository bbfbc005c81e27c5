import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateManifest } from '../src/manifest/load-manifest.ts';
import { findPreviousTag, formatReleaseNotes, readCommitsSince } from '../src/release/release-notes.ts';
import { parseReleaseTag, selectTagPlugins } from '../src/release/release-tag.ts';
import { makeScratchWorkspace, runStep } from './actions-harness.ts';

const MANIFEST = {
  runtime: { range: '>=0.17.0 <0.18.0', testedWith: '0.17.1', pluginApiVersion: 5 },
  plugins: [
    { name: 'plain', package: 'plain', library: 'libwasmedgePluginPlain.so', version: '0.17.1', description: 'No backend.', targets: ['host', 'manylinux2014_x86_64'] },
    {
      name: 'nn', package: 'nn', library: 'libwasmedgePluginNN.so', version: '0.17.1', description: 'Backends.', targets: ['host', 'manylinux2014_aarch64'],
      backends: [{ name: 'ggml', exclude: [{ target: 'manylinux2014_aarch64', reason: 'no aarch64 SDK yet' }] }],
    },
  ],
};
const manifest = validateManifest(MANIFEST, 'fixture');

/**
 * A stand-in `git` on PATH: it logs its arguments and answers `describe` with FAKE_GIT_TAG (or
 * git's "no names found" failure) and `log` with two commits, so the command runs without a repository.
 */
function makeFakeGit(): { bin: string; log: string } {
  const bin = mkdtempSync(join(tmpdir(), 'fake-git-'));
  const log = join(bin, 'calls.log');
  writeFileSync(
    join(bin, 'git'),
    [
      '#!/bin/sh',
      `echo "$*" >> "${log}"`,
      'case "$1" in',
      '  describe) if [ -n "$FAKE_GIT_TAG" ]; then echo "$FAKE_GIT_TAG"; else echo "fatal: No names found, cannot describe anything." >&2; exit 128; fi ;;',
      "  log) printf 'abc1234 Add the nn plug-in\\ndef5678 Fix a bounds check\\n' ;;",
      '  *) exit 1 ;;',
      'esac',
      '',
    ].join('\n'),
  );
  chmodSync(join(bin, 'git'), 0o755);
  return { bin, log };
}

describe('release-notes (command)', () => {
  it('writes notes from the manifest and the commits since the previous tag, and names the file in an output', () => {
    const ws = makeScratchWorkspace({}, MANIFEST);
    const git = makeFakeGit();
    const step = runStep('release-notes', ['--tag', 'v0.17.1', '--out', 'dist/release-notes.md'], {
      cwd: ws,
      env: { PATH: `${git.bin}${delimiter}${process.env.PATH}`, FAKE_GIT_TAG: 'v0.17.0', GITHUB_REPOSITORY: 'example/plugins' },
    });
    expect(step.status, step.stdout + step.stderr).toBe(0);
    expect(readFileSync(git.log, 'utf8')).toBe(
      'describe --tags --abbrev=0 --match=v[0-9]* --exclude=v0.17.1 HEAD\nlog --oneline --no-decorate v0.17.0..HEAD\n',
    );
    const notes = readFileSync(join(ws, 'dist', 'release-notes.md'), 'utf8');
    expect(step.outputs.get('notes-file')).toBe(join(ws, 'dist', 'release-notes.md'));
    expect(notes).toContain('| `plain` | 0.17.1 | — | `host`, `manylinux2014_x86_64` |');
    expect(notes).toContain('| `nn` | 0.17.1 | ggml | `host` |');
    expect(notes).toContain('- nn-ggml for `manylinux2014_aarch64`: no aarch64 SDK yet');
    expect(notes).toContain('Runtime: WasmEdge `>=0.17.0 <0.18.0`, plug-in C API version 5.');
    expect(notes).toContain('gh attestation verify <file> --repo example/plugins');
    expect(notes).toContain('## Changes since v0.17.0\n\n- abc1234 Add the nn plug-in\n- def5678 Fix a bounds check\n');
    expect(step.stdout).toContain('::group::Release notes for v0.17.1: 2 commit(s) since v0.17.0');
  });

  it('lists all commits when there is no earlier tag of the same form', () => {
    const ws = makeScratchWorkspace({}, MANIFEST);
    const git = makeFakeGit();
    const step = runStep('release-notes', ['--tag', 'nn-v0.17.1', '--out', 'notes.md'], {
      cwd: ws,
      env: { PATH: `${git.bin}${delimiter}${process.env.PATH}` },
    });
    expect(step.status, step.stdout + step.stderr).toBe(0);
    expect(readFileSync(git.log, 'utf8')).toBe('describe --tags --abbrev=0 --match=nn-v[0-9]* --exclude=nn-v0.17.1 HEAD\nlog --oneline --no-decorate HEAD\n');
    const notes = readFileSync(join(ws, 'notes.md'), 'utf8');
    expect(notes).toContain('## Changes\n\n- abc1234');
    expect(notes).not.toContain('`plain`');
  });
});

describe('formatReleaseNotes', () => {
  it('marks a pre-release as a draft and says when there are no commits', () => {
    const pre = structuredClone(manifest);
    pre.plugins[0]!.version = '1.0.0-rc.0';
    const release = selectTagPlugins(parseReleaseTag('plain-v1.0.0-rc.0'), pre);
    const notes = formatReleaseNotes({ release, manifest: pre, previousTag: 'plain-v0.9.0', commits: [] });
    expect(notes.split('\n').slice(0, 3)).toEqual(['# plain-v1.0.0-rc.0', '', 'Pre-release 1.0.0-rc.0: published as a draft.']);
    expect(notes).toContain('## Changes since plain-v0.9.0\n\nNo commits.\n');
    expect(notes).not.toContain('gh attestation verify');
  });
});

describe('findPreviousTag and readCommitsSince', () => {
  const release = parseReleaseTag('v2.0.0');
  it('treat “no names found” as no previous tag, and pass any other git failure on', async () => {
    const noTags = async () => {
      throw new Error('git describe failed in /ws: fatal: No names found, cannot describe anything.');
    };
    expect(await findPreviousTag(release, noTags)).toBeNull();
    const broken = async () => {
      throw new Error('git describe failed in /ws: fatal: not a git repository');
    };
    await expect(findPreviousTag(release, broken)).rejects.toThrowError('fatal: not a git repository');
    expect(await readCommitsSince('v1.0.0', async (args) => (args.join(' ') === 'log --oneline --no-decorate v1.0.0..HEAD' ? 'a x\n\nb y\n' : ''))).toEqual([
      'a x',
      'b y',
    ]);
  });
});
