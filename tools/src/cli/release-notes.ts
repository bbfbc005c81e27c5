/**
 * Write the release notes for a tag:
 *   tsx tools/src/cli/release-notes.ts --tag TAG --out FILE [--manifest PATH] [--repository OWNER/NAME]
 * From the manifest: the plug-ins the tag releases, their versions, backends and targets, and the
 * runtime range. From git: `git log --oneline` since the previous tag of the same form (all
 * commits when there is none), so the checkout needs its history and tags (fetch-depth: 0).
 * Sets the output `notes-file`; --repository defaults to $GITHUB_REPOSITORY.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createBuildLog } from '../orchestration/build-log.ts';
import { loadManifest } from '../manifest/load-manifest.ts';
import { createGitRunner, findPreviousTag, formatReleaseNotes, readCommitsSince } from '../release/release-notes.ts';
import { parseReleaseTag, selectTagPlugins } from '../release/release-tag.ts';
import { runActionsMain, setOutputs } from './actions-support.ts';
import { manifestPath, workspaceRoot } from './cli-support.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      tag: { type: 'string' },
      out: { type: 'string' },
      manifest: { type: 'string' },
      repository: { type: 'string', default: process.env.GITHUB_REPOSITORY },
    },
  });
  if (values.tag === undefined || values.out === undefined) {
    throw new Error('release-notes: --tag TAG and --out FILE are required');
  }
  const file = values.manifest ?? manifestPath(workspaceRoot());
  const manifest = await loadManifest(file);
  const release = selectTagPlugins(parseReleaseTag(values.tag), manifest);
  const git = createGitRunner(process.cwd());
  const previousTag = await findPreviousTag(release, git);
  const commits = await readCommitsSince(previousTag, git);
  const notes = formatReleaseNotes({ release, manifest, previousTag, commits, repository: values.repository || undefined });

  const out = resolve(values.out);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, notes);
  const log = createBuildLog();
  await log.group(`Release notes for ${release.tag}: ${commits.length} commit(s) since ${previousTag ?? 'the start'}`, async () => {
    for (const line of notes.trimEnd().split('\n')) log.info(line);
  });
  console.log(`wrote ${out}`);
  setOutputs({ 'notes-file': out });
}

runActionsMain(main);
