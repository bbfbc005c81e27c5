/**
 * Release tags and what they promise. A tag names the version(s) it releases; before anything is
 * built we check that the manifest (and each plug-in's package.json) says the same, and that no
 * asset of that version is already published, because a published release is never overwritten.
 */
import semver from 'semver';
import type { IndexAsset, ReleaseIndex } from '@wasmedge-plugins/common';
import type { PluginEntry, ReleaseManifest } from '../manifest/schema.ts';

/** The tag forms, one row each: what a tag looks like and which earlier tags its notes start from. */
export const RELEASE_TAG_FORMS = [
  {
    scope: 'all',
    example: 'v0.17.1',
    pattern: /^v(?<version>\d.*)$/,
    /** `git describe --match` pattern for earlier tags of the same form. */
    previousTagMatch: () => 'v[0-9]*',
  },
  {
    scope: 'plugin',
    example: 'wasmedge_process-v0.17.1',
    pattern: /^(?<plugin>[a-z][a-z0-9_]*)-v(?<version>\d.*)$/,
    previousTagMatch: (plugin: string) => `${plugin}-v[0-9]*`,
  },
] as const;

export interface ReleaseTag {
  tag: string;
  scope: (typeof RELEASE_TAG_FORMS)[number]['scope'];
  version: string;
  /** Set for `<plugin>-vX.Y.Z` tags. */
  plugin?: string;
  /** True when the version has a pre-release part (1.2.0-rc.1): the release is a draft. */
  prerelease: boolean;
  /** `git describe --match` pattern for the previous tag of this form. */
  previousTagMatch: string;
}

export function parseReleaseTag(tag: string): ReleaseTag {
  for (const form of RELEASE_TAG_FORMS) {
    const groups = form.pattern.exec(tag)?.groups;
    if (!groups) continue;
    const version = groups.version!;
    if (semver.valid(version) !== version) {
      throw new Error(`tag "${tag}": "${version}" is not a semver version such as 1.2.3 or 1.2.3-rc.0`);
    }
    const plugin = groups.plugin;
    return {
      tag,
      scope: form.scope,
      version,
      ...(plugin === undefined ? {} : { plugin }),
      prerelease: semver.prerelease(version) !== null,
      previousTagMatch: form.previousTagMatch(plugin ?? ''),
    };
  }
  throw new Error(
    `tag "${tag}" is not a release tag; expected ${RELEASE_TAG_FORMS.map((f) => `${f.example} (${f.scope === 'all' ? 'every plug-in' : 'one plug-in'})`).join(' or ')}`,
  );
}

export interface TagCheck extends ReleaseTag {
  /** The plug-ins this tag releases, as the manifest describes them. */
  plugins: PluginEntry[];
}

/**
 * Checks that the tag's version is the manifest's version of every plug-in it releases, and that
 * each released plug-in's package.json carries it too (`packageVersions`: package → version).
 */
export function checkTag(tag: string, manifest: ReleaseManifest, packageVersions: ReadonlyMap<string, string>): TagCheck {
  const parsed = selectTagPlugins(parseReleaseTag(tag), manifest);
  const { plugins } = parsed;
  const problems: string[] = [];
  for (const plugin of plugins) {
    if (plugin.version !== parsed.version) {
      problems.push(`release-manifest.json has ${plugin.name} at ${plugin.version}, the tag says ${parsed.version}`);
    }
    const packageVersion = packageVersions.get(plugin.package);
    if (packageVersion !== plugin.version) {
      problems.push(
        `packages/${plugin.package}/package.json has version ${packageVersion ?? '(none)'}, release-manifest.json has ${plugin.name} at ${plugin.version}`,
      );
    }
  }
  if (problems.length > 0) {
    const bump = parsed.plugin === undefined ? '' : ` --plugin ${parsed.plugin}`;
    throw new Error(
      `tag "${tag}" does not match the versions in the repository:\n  ${problems.join('\n  ')}\n` +
        `Set the versions with "npx tsx tools/src/cli/version.ts bump <major|minor|patch|prerelease>${bump}", commit, and tag that commit.`,
    );
  }
  return parsed;
}

/** The plug-ins a parsed tag releases: every one for vX.Y.Z, the named one for <plugin>-vX.Y.Z. */
export function selectTagPlugins(parsed: ReleaseTag, manifest: ReleaseManifest): TagCheck {
  const plugins = parsed.plugin === undefined ? manifest.plugins : manifest.plugins.filter((p) => p.name === parsed.plugin);
  if (plugins.length === 0) {
    throw new Error(
      `tag "${parsed.tag}" names plug-in "${parsed.plugin}", which release-manifest.json does not have; plug-ins: ${manifest.plugins.map((p) => p.name).join(', ')}`,
    );
  }
  return { ...parsed, plugins };
}

/**
 * Every tag under which an asset of a released plug-in version could already be out: the global
 * `v<version>` and `<plugin>-v<version>` of each plug-in the tag releases, so a version shipped
 * under the other tag form is found too.
 */
export function listCandidateReleaseTags(check: Pick<TagCheck, 'plugins'>): string[] {
  const tags = check.plugins.flatMap((p) => [`v${p.version}`, `${p.name}-v${p.version}`]);
  return [...new Set(tags)].sort();
}

/** The index.json URLs of those releases and of the latest release, under a GitHub releases URL. */
export function listPublishedIndexUrls(releasesUrl: string, check: Pick<TagCheck, 'plugins'>): string[] {
  const base = releasesUrl.replace(/\/+$/, '');
  return [
    ...listCandidateReleaseTags(check).map((tag) => `${base}/download/${encodeURIComponent(tag)}/index.json`),
    `${base}/latest/download/index.json`,
  ];
}

/** Assets in a published index that have the same plug-in and version as one being released. */
export function findExistingAssets(index: ReleaseIndex, releasing: readonly { name: string; version: string }[]): IndexAsset[] {
  return index.assets.filter((asset) => releasing.some((p) => p.name === asset.plugin && p.version === asset.version));
}

/** The refusal when a version is already out; names every clashing asset and the way forward. */
export function describeExistingAssets(check: TagCheck, source: string, existing: readonly IndexAsset[]): string {
  const names = [...new Set(existing.map((a) => `${a.plugin} ${a.version}`))].join(', ');
  const bump = check.plugin === undefined ? '' : ` --plugin ${check.plugin}`;
  return (
    `refusing to release ${check.tag}: the published index ${source} already has ${existing.length} asset(s) of ${names}:\n` +
    existing.map((a) => `  ${a.file}\n`).join('') +
    'A published release is never overwritten. Bump the version ' +
    `(npx tsx tools/src/cli/version.ts bump patch${bump}), commit, and tag again.`
  );
}
