/**
 * The table of packaged assets each release job shows in its job summary: name, platform, size
 * and sha256, read from what packaging wrote about the files (index.json, or the per-job index
 * fragments), never from file names.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sortIndexAssets, validateReleaseIndex, type IndexAsset } from '@wasmedge-plugins/common';
import { readAssetFragments } from '../package/release-files.ts';

export interface ReleaseAssets {
  /** What the assets were read from: an index.json, or the directory of index fragments. */
  from: { kind: 'index' | 'fragments'; path: string };
  assets: IndexAsset[];
}

/**
 * The assets in a release directory: its index.json when it has one (dist/release after the
 * last packaging step), else every index fragment below it (dist/release/parts/... in a job).
 */
export async function readReleaseAssets(dir: string): Promise<ReleaseAssets> {
  const indexPath = join(dir, 'index.json');
  if (existsSync(indexPath)) {
    const index = validateReleaseIndex(JSON.parse(await readFile(indexPath, 'utf8')), indexPath);
    return { from: { kind: 'index', path: indexPath }, assets: index.assets };
  }
  const fragments = await readAssetFragments(dir);
  if (fragments.length === 0) {
    throw new Error(
      `${dir} has no index.json and no index fragment (*.tar.gz.json) below it: package first (npx nx run <package>:package -c <target>)`,
    );
  }
  return { from: { kind: 'fragments', path: dir }, assets: sortIndexAssets(fragments.map((f) => f.asset)) };
}

const SIZE_UNITS = ['KiB', 'MiB', 'GiB'] as const;

/** Bytes as people read them, with the exact count kept: "48.2 KiB (49,356 bytes)". */
export function formatSize(bytes: number): string {
  const exact = `${bytes.toLocaleString('en-US')} bytes`;
  let value = bytes;
  let unit: string | undefined;
  for (const next of SIZE_UNITS) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  return unit === undefined ? exact : `${value.toFixed(1)} ${unit} (${exact})`;
}

export const ASSET_TABLE_HEADER = ['Asset', 'Platform', 'Size', 'SHA-256'] as const;

export function formatAssetRow(asset: IndexAsset): [string, string, string, string] {
  return [asset.file, asset.platform, formatSize(asset.size), asset.sha256];
}

/** The same table as plain text for the log, one asset per line. */
export function formatAssetLines(assets: readonly IndexAsset[]): string[] {
  return assets.map((asset) => formatAssetRow(asset).join('  '));
}
