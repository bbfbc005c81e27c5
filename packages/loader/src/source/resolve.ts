/**
 * Picks the asset to install from the release index, with semver, never by
 * parsing file names: the highest version in the range, for a runtime the
 * asset admits, on the first platform (in this machine's order) offered.
 */
import semver from 'semver';
import type { IndexAsset, ReleaseIndex } from '@wasmedge-plugins/common';
import { limitLines, LoaderError } from '../errors.ts';

export interface ResolveRequest {
  plugin: string;
  /** Required when the plug-in has backends (e.g. wasi_nn: openvino, pytorch, tensorflowlite). */
  backend?: string | null;
  /** semver range of plug-in versions; '*' by default. */
  range?: string;
  /** The WasmEdge runtime version the plug-in must work with; no check when undefined. */
  runtime?: string;
  /** Release platforms this machine runs, most preferred first. */
  platforms: readonly string[];
}

function rejection(asset: IndexAsset, request: ResolveRequest, range: string): string | null {
  if (request.backend !== undefined && (asset.backend ?? null) !== (request.backend ?? null)) {
    return `backend ${asset.backend ?? 'none'}, not ${request.backend ?? 'none'}`;
  }
  if (!semver.satisfies(asset.version, range, { includePrerelease: range !== '*' && semver.validRange(range)?.includes('-') === true })) {
    return `version ${asset.version} is outside ${range}`;
  }
  if (request.runtime !== undefined && !semver.satisfies(request.runtime, asset.runtime, { includePrerelease: true })) {
    return `made for WasmEdge ${asset.runtime}, not ${request.runtime}`;
  }
  if (!request.platforms.includes(asset.platform)) {
    return `platform ${asset.platform} does not run here (this machine runs: ${request.platforms.join(', ') || 'none'})`;
  }
  return null;
}

export function resolveAsset(index: ReleaseIndex, request: ResolveRequest): IndexAsset {
  const range = request.range ?? '*';
  if (semver.validRange(range) === null) {
    throw new LoaderError('usage', `"${range}" is not a semver range (examples: 0.17.1, ^0.17, >=0.17.0 <0.18.0)`);
  }
  const candidates = index.assets.filter((a) => a.plugin === request.plugin);
  if (candidates.length === 0) {
    const offered = limitLines([...new Set(index.assets.map((a) => a.plugin))].sort()).join(', ') || 'nothing';
    throw new LoaderError('resolve', `the release index has no plug-in named ${request.plugin} (it offers: ${offered})`);
  }
  const backends = [...new Set(candidates.map((a) => a.backend))];
  if (request.backend === undefined && backends.some((b) => b !== null)) {
    throw new LoaderError('resolve', `${request.plugin} comes in several backends (${backends.join(', ')}): choose one with --backend`);
  }
  const accepted: IndexAsset[] = [];
  const reasons: string[] = [];
  for (const asset of candidates) {
    const why = rejection(asset, request, range);
    if (why === null) accepted.push(asset);
    else reasons.push(`  ${asset.file}: ${why}`);
  }
  if (accepted.length === 0) {
    throw new LoaderError('resolve', `no release of ${request.plugin}${request.backend ? ` (${request.backend})` : ''} fits:\n${limitLines(reasons).join('\n')}`);
  }
  const rank = (a: IndexAsset) => request.platforms.indexOf(a.platform);
  accepted.sort((a, b) => semver.rcompare(a.version, b.version) || rank(a) - rank(b));
  return accepted[0]!;
}
