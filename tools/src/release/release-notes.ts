/**
 * Release notes: what the tag releases (plug-ins, versions, backends, targets, the runtime range)
 * from the manifest, and the commits since the previous tag of the same form from git.
 * The formatting is pure; git is reached through a runner that tests replace.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { ReleaseManifest } from '../manifest/schema.ts';
import { expandMatrix } from '../cells/cells.ts';
import type { TagCheck } from './release-tag.ts';

/** Runs git with these arguments and returns stdout; rejects with git's stderr in the message. */
export type GitRunner = (args: readonly string[]) => Promise<string>;

export function createGitRunner(cwd: string): GitRunner {
  const run = promisify(execFile);
  return async (args) => {
    try {
      return (await run('git', [...args], { cwd, maxBuffer: 64 * 1024 * 1024 })).stdout;
    } catch (error) {
      const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
      throw new Error(`git ${args.join(' ')} failed in ${cwd}: ${stderr || (error as Error).message}`, { cause: error });
    }
  };
}

// What git describe says when no tag matches: then every commit is new.
const NO_TAG = /No names found|No tags can describe|cannot describe anything/i;

/** The newest earlier tag of the same form as `release.tag`, or null when there is none. */
export async function findPreviousTag(release: Pick<TagCheck, 'tag' | 'previousTagMatch'>, git: GitRunner): Promise<string | null> {
  try {
    const out = await git(['describe', '--tags', '--abbrev=0', `--match=${release.previousTagMatch}`, `--exclude=${release.tag}`, 'HEAD']);
    return out.trim() || null;
  } catch (error) {
    if (NO_TAG.test((error as Error).message)) return null;
    throw error;
  }
}

/** `git log --oneline` from the previous tag (exclusive) to HEAD, or of all of history. */
export async function readCommitsSince(previousTag: string | null, git: GitRunner): Promise<string[]> {
  const range = previousTag === null ? 'HEAD' : `${previousTag}..HEAD`;
  const out = await git(['log', '--oneline', '--no-decorate', range]);
  return out.split('\n').map((line) => line.trim()).filter((line) => line !== '');
}

export interface ReleaseNotesInput {
  release: TagCheck;
  manifest: ReleaseManifest;
  previousTag: string | null;
  commits: readonly string[];
  /** owner/name, for the provenance command; left out when unknown. */
  repository?: string;
}

export function formatReleaseNotes(input: ReleaseNotesInput): string {
  const { release, manifest } = input;
  const names = new Set(release.plugins.map((p) => p.name));
  const { cells, skipped } = expandMatrix(manifest);
  const lines: string[] = [`# ${release.tag}`, ''];
  if (release.prerelease) lines.push(`Pre-release ${release.version}: published as a draft.`, '');
  lines.push('| Plug-in | Version | Backend | Targets |', '|---|---|---|---|');
  for (const plugin of release.plugins) {
    const own = cells.filter((c) => c.plugin === plugin.name);
    for (const backend of [...new Set(own.map((c) => c.backend))]) {
      const targets = own.filter((c) => c.backend === backend).map((c) => `\`${c.target}\``);
      lines.push(`| \`${plugin.name}\` | ${plugin.version} | ${backend ?? '—'} | ${targets.join(', ')} |`);
    }
  }
  lines.push('', `Runtime: WasmEdge \`${manifest.runtime.range}\`, plug-in C API version ${manifest.runtime.pluginApiVersion}.`);
  const notBuilt = skipped.filter((c) => names.has(c.plugin));
  if (notBuilt.length > 0) {
    lines.push('', 'Not built:', ...notBuilt.map((c) => `- ${c.id} for \`${c.target}\`: ${c.reason}`));
  }
  lines.push(
    '',
    'Verify a download with `sha256sum -c SHA256SUMS --ignore-missing`; `index.json` describes every asset for the loader.',
  );
  if (input.repository) {
    lines.push(`Check its build provenance with \`gh attestation verify <file> --repo ${input.repository}\`.`);
  }
  lines.push('', input.previousTag === null ? '## Changes' : `## Changes since ${input.previousTag}`, '');
  lines.push(...(input.commits.length === 0 ? ['No commits.'] : input.commits.map((c) => `- ${c}`)));
  return `${lines.join('\n')}\n`;
}
