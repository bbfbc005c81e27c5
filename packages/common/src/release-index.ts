// The release index: the JSON file published next to the tarballs that tells the loader
// everything it needs (platform, runtime range, checksums, glibc floor) without parsing names.
// Its schema (release-index-schema.ts) is the contract; tools/ validates an index before
// publishing it, the loader before trusting a downloaded one.

import type { ErrorObject } from 'ajv';
import * as assetCheck from './generated/check-asset.ts';
import * as indexValidation from './generated/validate-index.ts';
import { RELEASE_INDEX_SCHEMA_VERSION } from './release-index-schema.ts';

export { RELEASE_INDEX_SCHEMA_VERSION, indexAssetSchema, releaseIndexSchema } from './release-index-schema.ts';


export type Linkage = 'static' | 'system';

export interface IndexAsset {
  plugin: string;
  backend: string | null;
  version: string;
  /** Platform name as in the asset file name: a release target name or e.g. debian12_x86_64. */
  platform: string;
  /** The manifest target that produced it (a release target name or "host"). */
  target: string;
  arch: string;
  /** semver range of WasmEdge runtimes the plug-in works with. */
  runtime: string;
  pluginApiVersion: number;
  /** File name of the shared library inside the tarball. */
  library: string;
  /** Tarball file name. */
  file: string;
  /** The tarball's other files, by plain name: license notices (see isLicenseFileName). Absent: none. */
  licenses?: string[];
  /** A backend's files that it needs at run time beside the library. Only for a backend; absent: none. */
  runtimeFiles?: string[];
  size: number;
  sha256: string;
  /** Highest GLIBC_x.y version the library needs, null if it needs none. */
  glibcFloor: string | null;
  cxxAbi: string | null;
  /** DT_NEEDED sonames of the library. */
  needed: string[];
  linkage?: Record<string, Linkage>;
  /** Libraries built from pinned sources and linked in (for example OpenSSL), with their versions: what a security advisory is checked against. */
  bundled?: BundledLibrary[];
  /** The packaging audit's verdict for this asset's target and the facts behind it. */
  audit?: AssetAudit;
  /** The backend runtime the library needs beside it at run time (libtorch, OpenVINO...), read from that runtime's own ELF files. Only for a backend. */
  backendRuntime?: BackendRuntime;
}

/** A backend's runtime, as published: what a user must install next to the plug-in. */
export interface BackendRuntime {
  /** The package that ships it, as its wheel names it on PyPI (e.g. torch). */
  package: string;
  version: string;
  /** SONAMEs of its libraries the plug-in needs, directly or through one another. */
  libraries: string[];
  /** The libstdc++ ABI its libraries use; null for a C runtime. */
  cxxAbi: 'cxx11' | 'pre-cxx11' | null;
  /** Highest GLIBC_x.y its libraries need. */
  glibcFloor: string | null;
  /** `linked`: the plug-in has DT_NEEDED entries on them; `dlopen`: it opens them when loaded. */
  linkage: 'linked' | 'dlopen';
  /**
   * The registry files (PyPI wheels) the runtime's libraries are taken from, for this asset's
   * architecture: an installer downloads each, checks its size and sha256, and puts the listed
   * members beside the plug-in under their base names.
   */
  sources?: RuntimeSource[];
}

/** One registry file a backend runtime's libraries come from. */
export interface RuntimeSource {
  /** The file's name, as its URL ends. */
  file: string;
  url: string;
  sha256: string;
  size: number;
  /** Paths inside the file (a zip) of the libraries to take: the runtime's libraries and every one they need from it. */
  members: string[];
}

export interface BundledLibrary {
  name: string;
  version: string;
}

export interface AssetAudit {
  verdict: 'pass';
  target: string;
  glibc: string | null;
  glibcxx: string | null;
  cxxabi: string | null;
}

export interface ReleaseIndex {
  schemaVersion: typeof RELEASE_INDEX_SCHEMA_VERSION;
  assets: IndexAsset[];
}

const LICENSE_FILE_NAME = /^(LICENSE|LICENCE|COPYING|NOTICE)([-.][A-Za-z0-9._+-]*)?$/;

/** Whether a tarball file name is a license notice (LICENSE, LICENSE-openssl.txt, NOTICE, COPYING). */
export function isLicenseFileName(name: string): boolean {
  return LICENSE_FILE_NAME.test(name);
}

/** What an asset's tarball holds, by role; the installer accepts exactly these files. */
export function declaredContents(asset: IndexAsset): Map<string, 'library' | 'license' | 'runtime'> {
  const contents = new Map<string, 'library' | 'license' | 'runtime'>([[asset.library, 'library']]);
  for (const name of asset.licenses ?? []) if (!contents.has(name)) contents.set(name, 'license');
  for (const name of asset.runtimeFiles ?? []) if (!contents.has(name)) contents.set(name, 'runtime');
  return contents;
}

/** Why an asset's declared contents are not acceptable, one problem per line. */
function contentProblems(asset: IndexAsset, i: number): string[] {
  const problems: string[] = [];
  const seen = new Set([asset.library]);
  for (const [field, names] of [['licenses', asset.licenses ?? []], ['runtimeFiles', asset.runtimeFiles ?? []]] as const) {
    names.forEach((name, j) => {
      if (seen.has(name)) problems.push(`assets[${i}].${field}[${j}]: "${name}" is declared twice`);
      seen.add(name);
      if (field === 'licenses' && !isLicenseFileName(name)) {
        problems.push(`assets[${i}].licenses[${j}]: "${name}" is not named like a license notice (LICENSE, LICENSE-<name>.txt, NOTICE, COPYING)`);
      }
    });
  }
  if (asset.backend === null && (asset.runtimeFiles?.length ?? 0) > 0) {
    problems.push(`assets[${i}].runtimeFiles: only a backend ships runtime files, and this asset has none`);
  }
  if (asset.backend === null && asset.backendRuntime !== undefined) {
    problems.push(`assets[${i}].backendRuntime: only a backend needs a backend runtime, and this asset has none`);
  }
  if (asset.backendRuntime?.sources) problems.push(...runtimeSourceProblems(asset.backendRuntime, `assets[${i}].backendRuntime`));
  return problems;
}

/** The file name a runtime member is installed under. */
export function runtimeMemberName(member: string): string {
  return member.slice(member.lastIndexOf('/') + 1);
}

/**
 * Why a runtime's sources cannot be installed as declared: members install flat beside the
 * plug-in, so their base names must differ from each other and from the asset's own files,
 * and they must include every library the runtime declares.
 */
function runtimeSourceProblems(runtime: BackendRuntime, at: string): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  runtime.sources!.forEach((source, j) => {
    if (!source.url.endsWith(`/${source.file}`)) problems.push(`${at}.sources[${j}].url: does not end in /${source.file}`);
    source.members.forEach((member, k) => {
      const name = runtimeMemberName(member);
      if (names.has(name)) problems.push(`${at}.sources[${j}].members[${k}]: a second library named "${name}"`);
      names.add(name);
    });
  });
  for (const library of runtime.libraries) if (!names.has(library)) problems.push(`${at}.libraries: "${library}" is in none of its sources`);
  return problems;
}

export class ReleaseIndexError extends Error {
  override name = 'ReleaseIndexError';
  constructor(
    readonly source: string,
    readonly problems: string[],
    /** Further bad assets, counted but not described. */
    readonly moreBadAssets = 0,
  ) {
    const more = moreBadAssets > 0 ? [`and ${moreBadAssets} more assets with problems`] : [];
    super([...problems, ...more].map((problem) => `${source}: ${problem}`).join('\n'));
  }
}

// The validators are ajv standalone code made from release-index-schema.ts by
// scripts/write-validators.ts, so nothing is compiled when a program starts.
// A hostile index may hold millions of bad assets: each asset is first judged by a
// validator that stops at its first error (checkAsset), and only the first few bad
// ones are described in full, so the time and the message stay bounded.
interface Validator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

const validateIndexShape = indexValidation.validateIndexShape as Validator;
const validateAssetFully = indexValidation.validateAssetFully as Validator;
const isAssetValid = assetCheck.checkAsset as Validator;
/** Bad assets described in full; the rest are counted. */
export const MAX_DESCRIBED_ASSETS = 10;

function describeIndexProblems(json: unknown): { problems: string[]; moreBadAssets: number } {
  const assets = (json as { assets?: unknown } | null)?.assets;
  if (!Array.isArray(assets)) return { problems: validateIndexShape(json) ? [] : (validateIndexShape.errors ?? []).map(describeSchemaError), moreBadAssets: 0 };
  const { assets: _assets, ...rest } = json as Record<string, unknown>;
  const problems = validateIndexShape({ ...rest, assets: [] }) ? [] : (validateIndexShape.errors ?? []).map(describeSchemaError);
  let bad = 0;
  assets.forEach((asset, i) => {
    if (isAssetValid(asset)) return;
    if (++bad > MAX_DESCRIBED_ASSETS) return;
    validateAssetFully(asset);
    for (const error of validateAssetFully.errors ?? []) problems.push(describeSchemaError({ ...error, instancePath: `/assets/${i}${error.instancePath}` }));
  });
  return { problems, moreBadAssets: Math.max(0, bad - MAX_DESCRIBED_ASSETS) };
}

/**
 * Checks `json` against the index schema and that assets are sorted by unique file name.
 * `source` (a path or URL) is named in every problem so the reader knows which index failed.
 */
export function validateReleaseIndex(json: unknown, source: string): ReleaseIndex {
  const shape = describeIndexProblems(json);
  if (shape.problems.length > 0) {
    throw new ReleaseIndexError(source, shape.problems, shape.moreBadAssets);
  }
  const index = json as unknown as ReleaseIndex;
  const problems: string[] = [];
  index.assets.forEach((asset, i) => {
    const previous = index.assets[i - 1];
    if (previous && !(previous.file < asset.file)) {
      problems.push(
        `assets[${i}].file: expected file names sorted and unique, found "${asset.file}" after "${previous.file}"`,
      );
    }
    problems.push(...contentProblems(asset, i));
  });
  if (problems.length > 0) throw new ReleaseIndexError(source, problems);
  return index;
}

/** Sorts assets by file name the way the index requires (code-unit order, locale-independent). */
export function sortIndexAssets(assets: readonly IndexAsset[]): IndexAsset[] {
  return [...assets].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

function describeSchemaError(error: ErrorObject): string {
  const field = formatJsonPath(error.instancePath) || '(root)';
  switch (error.keyword) {
    case 'required':
      return `${field}: missing field "${String(error.params.missingProperty)}"`;
    case 'additionalProperties':
      return `${field}: unknown field "${String(error.params.additionalProperty)}"`;
    case 'const':
      return `${field}: expected ${JSON.stringify(error.params.allowedValue)}, found ${JSON.stringify(error.data)}`;
    case 'enum':
      return `${field}: expected one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, found ${JSON.stringify(error.data)}`;
    default:
      return `${field}: ${error.message ?? 'is invalid'}, found ${JSON.stringify(error.data)}`;
  }
}

/** Turns an ajv instance path like /assets/0/file into assets[0].file. */
export function formatJsonPath(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment), '');
}
