/**
 * The last packaging step: per-asset index fragments (one per packaging job,
 * so jobs never write the same file) merged into SHA256SUMS and index.json,
 * computed from the tarballs actually in the release directory.
 */
import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import {
  RELEASE_INDEX_SCHEMA_VERSION,
  sortIndexAssets,
  validateReleaseIndex,
  type IndexAsset,
  type ReleaseIndex,
} from '@wasmedge-plugins/common';
import { sha256File } from './package-asset.ts';

/** Joins `name` to `dir`, refusing anything that would land outside `dir`. */
export function insideDir(dir: string, name: string): string {
  const path = resolve(dir, name);
  const rel = relative(resolve(dir), path);
  if (name.includes('/') || name.includes('\\') || rel === '' || rel.startsWith('..')) {
    throw new Error(`refusing to write "${name}": it is not a plain file name inside ${dir}`);
  }
  return path;
}

async function writeAtomically(path: string, text: string): Promise<void> {
  await writeFile(`${path}.partial`, text);
  await rename(`${path}.partial`, path);
}

export async function writeAssetFragment(dir: string, asset: IndexAsset): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = insideDir(dir, `${asset.file}.json`);
  await writeAtomically(path, `${JSON.stringify(asset, null, 2)}\n`);
  return path;
}

/** Reads every `*.json` fragment under `partsDir` (any depth), with the directory it was in. */
export async function readAssetFragments(partsDir: string): Promise<{ asset: IndexAsset; dir: string }[]> {
  const found: { asset: IndexAsset; dir: string }[] = [];
  let entries;
  try {
    entries = await readdir(partsDir, { withFileTypes: true, recursive: true });
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (entry.isFile() && entry.name.endsWith('.tar.gz.json')) {
      const dir = entry.parentPath;
      const asset = JSON.parse(await readFile(join(dir, entry.name), 'utf8')) as IndexAsset;
      found.push({ asset, dir });
    }
  }
  return found;
}

/** What identifies the cell an index fragment was packaged from. */
type CellKey = Pick<IndexAsset, 'plugin' | 'backend' | 'target' | 'version'>;

const keyOf = (c: CellKey) => `${c.plugin}/${c.backend ?? ''}/${c.target}/${c.version}`;

/**
 * Refuses fragments that no cell of this manifest produces: a removed
 * plug-in or backend, a dropped target, an older version. Leftovers like
 * these sit in dist/release/parts/ after the manifest changes; they must
 * never reach an index. The message names the clean step.
 */
export function checkFragmentsAgainstCells(fragments: readonly { asset: IndexAsset; dir: string }[], cells: readonly CellKey[]): void {
  const known = new Set(cells.map(keyOf));
  const strays = fragments.filter(({ asset }) => !known.has(keyOf(asset)));
  if (strays.length > 0) {
    throw new Error(
      `refusing to merge ${strays.length} packaged asset(s) that release-manifest.json does not build:\n` +
        strays.map(({ asset, dir }) => `  ${join(dir, asset.file)} (${asset.plugin}${asset.backend ? ` ${asset.backend}` : ''} ${asset.version} for ${asset.target})`).join('\n') +
        '\nthey are left over from an earlier run: npm run release:clean, then package again',
    );
  }
}

export function formatSha256Sums(assets: readonly IndexAsset[]): string {
  return sortIndexAssets(assets).map((a) => `${a.sha256}  ${a.file}\n`).join('');
}

/**
 * Copies each fragment's tarball into `releaseDir`, checks its sha256 against
 * the fragment, and writes SHA256SUMS and index.json for all of them.
 */
export async function writeReleaseFiles(releaseDir: string, fragments: readonly { asset: IndexAsset; dir: string }[]): Promise<ReleaseIndex> {
  await mkdir(releaseDir, { recursive: true });
  const byFile = new Map<string, IndexAsset>();
  for (const { asset, dir } of fragments) {
    const target = insideDir(releaseDir, asset.file);
    const source = join(dir, basename(asset.file));
    if (resolve(source) !== target) {
      await copyFile(source, target);
    }
    const actual = await sha256File(target);
    if (actual !== asset.sha256) {
      throw new Error(`${target}: sha256 is ${actual}, but its index fragment in ${dir} says ${asset.sha256}; package it again`);
    }
    if (byFile.has(asset.file)) {
      throw new Error(`two packaging jobs produced ${asset.file}`);
    }
    byFile.set(asset.file, asset);
  }
  const index = validateReleaseIndex(
    { schemaVersion: RELEASE_INDEX_SCHEMA_VERSION, assets: sortIndexAssets([...byFile.values()]) },
    join(releaseDir, 'index.json'),
  );
  // The release directory holds exactly this index's tarballs.
  for (const name of await readdir(releaseDir)) {
    if (name.endsWith('.tar.gz') && !byFile.has(name)) await rm(join(releaseDir, name), { force: true });
  }
  await writeAtomically(join(releaseDir, 'SHA256SUMS'), formatSha256Sums(index.assets));
  await writeAtomically(join(releaseDir, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
  return index;
}
