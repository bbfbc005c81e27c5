/**
 * Plug-in versions:
 *   tsx tools/src/cli/version.ts bump <major|minor|patch|prerelease> [--plugin NAME] [--preid ID] [--manifest PATH] [--dry-run]
 *     bumps one plug-in (or every plug-in) in release-manifest.json, its package's package.json and
 *     that package's entry in package-lock.json.
 *   tsx tools/src/cli/version.ts check-release --tag TAG (--index URL-OR-PATH ... | --releases-url URL) [--manifest PATH] [--timeout-ms N]
 *     checks that TAG (vX.Y.Z or <plugin>-vX.Y.Z) matches the manifest and package versions, and
 *     that no asset of that version is in any published index; outputs tag, version, prerelease, plugins.
 *     --releases-url (https://github.com/OWNER/NAME/releases) checks the index of every release
 *     that could hold the version (v<version>, <plugin>-v<version>) and of the latest release.
 */
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { createBuildLog } from '../orchestration/build-log.ts';
import { loadManifest, validateManifest } from '../manifest/load-manifest.ts';
import type { ReleaseManifest } from '../manifest/schema.ts';
import { DEFAULT_INDEX_TIMEOUT_MS, readPublishedIndex } from '../release/published-index.ts';
import { checkTag, describeExistingAssets, findExistingAssets, listPublishedIndexUrls } from '../release/release-tag.ts';
import { BUMP_LEVELS, computeBump, isBumpLevel, packageJsonPath, planVersionFiles, readPackageVersion } from '../release/versions.ts';
import { appendJobSummary, exportVariables, runActionsMain, setOutputs } from './actions-support.ts';
import { manifestPath, workspaceRoot } from './cli-support.ts';

const USAGE = 'usage: version.ts bump <major|minor|patch|prerelease> [--plugin NAME] [--preid ID] | check-release --tag TAG (--index URL-OR-PATH | --releases-url URL)';

async function readPackageJsonTexts(root: string, manifest: ReleaseManifest): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const pkg of new Set(manifest.plugins.map((p) => p.package))) {
    const path = packageJsonPath(pkg);
    if (existsSync(join(root, path))) texts.set(path, await readFile(join(root, path), 'utf8'));
  }
  return texts;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

async function bump(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { plugin: { type: 'string' }, preid: { type: 'string' }, manifest: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
  });
  const level = positionals[0];
  if (level === undefined || !isBumpLevel(level) || positionals.length > 1) {
    throw new Error(`bump: expected one level out of ${BUMP_LEVELS.join(', ')}, found ${positionals.join(' ') || 'none'}\n${USAGE}`);
  }
  const file = values.manifest ?? manifestPath(workspaceRoot());
  const root = dirname(file);
  const manifestText = await readFile(file, 'utf8');
  const manifest = validateManifest(parseJson(manifestText, file), file);
  const changes = computeBump(manifest, { level, plugin: values.plugin, preid: values.preid });
  const lockPath = join(root, 'package-lock.json');
  const planned = planVersionFiles(
    {
      manifest: manifestText,
      packageJson: await readPackageJsonTexts(root, manifest),
      ...(existsSync(lockPath) ? { packageLock: await readFile(lockPath, 'utf8') } : {}),
    },
    manifest,
    changes,
  );
  for (const change of changes) console.log(`${change.plugin}: ${change.from} -> ${change.to}`);
  if (values['dry-run']) {
    console.log(`(dry run) would write ${[...planned.keys()].join(', ')}`);
    return;
  }
  // Every new text is computed above before the first write, so a problem leaves no file half-bumped.
  for (const [path, text] of planned) {
    const target = join(root, path);
    await writeFile(`${target}.partial`, text);
    await rename(`${target}.partial`, target);
    console.log(`wrote ${path}`);
  }
}

async function checkRelease(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      tag: { type: 'string' },
      index: { type: 'string', multiple: true, default: [] },
      'releases-url': { type: 'string' },
      manifest: { type: 'string' },
      'timeout-ms': { type: 'string', default: String(DEFAULT_INDEX_TIMEOUT_MS) },
    },
  });
  if (values.tag === undefined || (values.index.length === 0 && values['releases-url'] === undefined)) {
    throw new Error(`check-release: --tag and at least one --index or --releases-url are required\n${USAGE}`);
  }
  const timeoutMs = Number(values['timeout-ms']);
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs <= 0) {
    throw new Error(`check-release: --timeout-ms expects a positive whole number of milliseconds, found "${values['timeout-ms']}"`);
  }
  const file = values.manifest ?? manifestPath(workspaceRoot());
  const manifest = await loadManifest(file);
  const texts = await readPackageJsonTexts(dirname(file), manifest);
  const packageVersions = new Map<string, string>();
  for (const pkg of new Set(manifest.plugins.map((p) => p.package))) {
    const text = texts.get(packageJsonPath(pkg));
    const version = text === undefined ? undefined : readPackageVersion(text, packageJsonPath(pkg));
    if (version !== undefined) packageVersions.set(pkg, version);
  }
  const release = checkTag(values.tag, manifest, packageVersions);
  const releasesUrl = values['releases-url'];
  const locations = [...values.index, ...(releasesUrl === undefined ? [] : listPublishedIndexUrls(releasesUrl, release))];
  const releasing = release.plugins.map((p) => `${p.name} ${p.version}`).join(', ');
  const log = createBuildLog();
  for (const location of locations) {
    await log.group(`Published index ${location}`, async () => {
      const { index } = await readPublishedIndex(location, { timeoutMs });
      if (index === null) {
        log.info(`nothing published at ${location} yet`);
        return;
      }
      const existing = findExistingAssets(index, release.plugins);
      if (existing.length > 0) throw new Error(describeExistingAssets(release, location, existing));
      log.info(`${index.assets.length} published asset(s), none of ${releasing}`);
    });
  }
  console.log(`${release.tag} releases ${releasing}${release.prerelease ? ' (pre-release: draft)' : ''}`);
  setOutputs({
    tag: release.tag,
    version: release.version,
    prerelease: String(release.prerelease),
    plugins: JSON.stringify(release.plugins.map((p) => p.name)),
  });
  exportVariables({ RELEASE_VERSION: release.version, RELEASE_PRERELEASE: String(release.prerelease) });
  await appendJobSummary((summary) => {
    summary
      .addHeading(`Release check: ${release.tag}`, 2)
      .addRaw(`Releases ${releasing}${release.prerelease ? ' as a draft (pre-release)' : ''}. `)
      .addRaw(`No asset of this version in: ${locations.join(', ')}.`, true);
  });
}

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = { bump, 'check-release': checkRelease };

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  const run = command !== undefined && Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (run === undefined) {
    throw new Error(`unknown command "${command ?? ''}"; commands: ${Object.keys(COMMANDS).join(', ')}\n${USAGE}`);
  }
  await run(args);
}

runActionsMain(main);
