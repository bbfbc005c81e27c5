// The release index: the JSON file published next to the tarballs that tells the loader
// everything it needs (platform, runtime range, checksums, glibc floor) without parsing names.
// The schema here is the contract; tools/ writes it to tools/schema/ and validates before
// publishing, the loader validates before trusting a downloaded index.

import { Ajv, type ErrorObject } from 'ajv';

export const RELEASE_INDEX_SCHEMA_VERSION = 1;

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

const plainFileName = { type: 'string', pattern: '^[A-Za-z0-9._+-]+$', not: { enum: ['.', '..'] } } as const;

export const indexAssetSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'plugin', 'backend', 'version', 'platform', 'target', 'arch', 'runtime', 'pluginApiVersion',
    'library', 'file', 'size', 'sha256', 'glibcFloor', 'cxxAbi', 'needed',
  ],
  properties: {
    // Plug-in and backend names become directory names on the user's machine.
    plugin: plainFileName,
    backend: { type: ['string', 'null'], pattern: '^[A-Za-z0-9._+-]+$', not: { enum: ['.', '..'] } },
    version: { type: 'string', minLength: 1 },
    platform: { type: 'string', minLength: 1 },
    target: { type: 'string', minLength: 1 },
    arch: { type: 'string', minLength: 1 },
    runtime: { type: 'string', minLength: 1 },
    pluginApiVersion: { type: 'integer', minimum: 1 },
    library: plainFileName,
    file: { ...plainFileName, pattern: '^[A-Za-z0-9._+-]+\\.tar\\.gz$' },
    licenses: { type: 'array', uniqueItems: true, items: plainFileName },
    runtimeFiles: { type: 'array', uniqueItems: true, items: plainFileName },
    size: { type: 'integer', minimum: 0 },
    sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    glibcFloor: { type: ['string', 'null'], pattern: '^[0-9]+(\\.[0-9]+)*$' },
    cxxAbi: { type: ['string', 'null'], minLength: 1 },
    needed: { type: 'array', items: { type: 'string', minLength: 1 } },
    linkage: {
      type: 'object',
      additionalProperties: { enum: ['static', 'system'] },
    },
    bundled: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'version'],
        properties: { name: { type: 'string', minLength: 1 }, version: { type: 'string', minLength: 1 } },
      },
    },
    backendRuntime: {
      type: 'object',
      additionalProperties: false,
      required: ['package', 'version', 'libraries', 'cxxAbi', 'glibcFloor', 'linkage'],
      properties: {
        package: { type: 'string', minLength: 1 },
        version: { type: 'string', minLength: 1 },
        libraries: { type: 'array', minItems: 1, uniqueItems: true, items: plainFileName },
        cxxAbi: { enum: ['cxx11', 'pre-cxx11', null] },
        glibcFloor: { type: ['string', 'null'], pattern: '^[0-9]+(\\.[0-9]+)*$' },
        linkage: { enum: ['linked', 'dlopen'] },
      },
    },
    audit: {
      type: 'object',
      additionalProperties: false,
      required: ['verdict', 'target', 'glibc', 'glibcxx', 'cxxabi'],
      properties: {
        verdict: { const: 'pass' },
        target: { type: 'string', minLength: 1 },
        glibc: { type: ['string', 'null'] },
        glibcxx: { type: ['string', 'null'] },
        cxxabi: { type: ['string', 'null'] },
      },
    },
  },
} as const;

export const releaseIndexSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'WasmEdge plug-in release index',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'assets'],
  properties: {
    $schema: { type: 'string' },
    schemaVersion: { const: RELEASE_INDEX_SCHEMA_VERSION },
    assets: { type: 'array', items: indexAssetSchema },
  },
} as const;

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

const ajv = new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true });
const validateIndexShape = ajv.compile(releaseIndexSchema);
// A hostile index may hold millions of bad assets: each asset is first judged by a
// validator that stops at its first error, and only the first few bad ones are
// described in full, so the time and the message stay bounded.
const isAssetValid = new Ajv({ allErrors: false, allowUnionTypes: true }).compile(indexAssetSchema);
const validateAssetFully = ajv.compile(indexAssetSchema);
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
