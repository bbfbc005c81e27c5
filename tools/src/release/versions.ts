/**
 * Version bumps with semver. A plug-in's version lives in release-manifest.json and, in step with
 * it, in its package's package.json. A bump computes every change first (computeBump), then the
 * new text of each file it touches (planVersionFiles), editing only the version values so the
 * rest of each file, its layout and its trailing newline, stays byte for byte as it was.
 */
import * as jsonc from 'jsonc-parser';
import semver from 'semver';
import type { ReleaseManifest } from '../manifest/schema.ts';

/** The bump levels the command accepts, as semver.inc names them. */
export const BUMP_LEVELS = ['major', 'minor', 'patch', 'prerelease'] as const;
export type BumpLevel = (typeof BUMP_LEVELS)[number];

export function isBumpLevel(value: string): value is BumpLevel {
  return (BUMP_LEVELS as readonly string[]).includes(value);
}

export interface BumpRequest {
  level: BumpLevel;
  /** Only this plug-in; every plug-in when absent. */
  plugin?: string;
  /** Pre-release identifier for `prerelease` bumps, e.g. rc → 1.2.4-rc.0. */
  preid?: string;
}

export interface VersionChange {
  plugin: string;
  package: string;
  from: string;
  to: string;
}

export function computeBump(manifest: ReleaseManifest, request: BumpRequest): VersionChange[] {
  if (request.preid !== undefined && request.level !== 'prerelease') {
    throw new Error(`--preid applies to prerelease bumps only, not to a ${request.level} bump`);
  }
  if (request.preid !== undefined && !/^[0-9A-Za-z-]+$/.test(request.preid)) {
    throw new Error(`--preid "${request.preid}" is not a semver identifier (letters, digits and hyphens, e.g. rc)`);
  }
  const plugins = request.plugin === undefined ? manifest.plugins : manifest.plugins.filter((p) => p.name === request.plugin);
  if (plugins.length === 0) {
    throw new Error(
      `release-manifest.json has no plug-in "${request.plugin}"; plug-ins: ${manifest.plugins.map((p) => p.name).join(', ')}`,
    );
  }
  const changes = plugins.map((plugin) => {
    const to = semver.inc(plugin.version, request.level, undefined, request.preid);
    if (to === null) throw new Error(`cannot bump ${plugin.name} ${plugin.version} by ${request.level}`);
    return { plugin: plugin.name, package: plugin.package, from: plugin.version, to };
  });
  checkOneVersionPerPackage(manifest, changes);
  return changes;
}

// A package.json holds one version, so every plug-in built from one package must share it.
function checkOneVersionPerPackage(manifest: ReleaseManifest, changes: readonly VersionChange[]): void {
  for (const pkg of new Set(changes.map((c) => c.package))) {
    const after = manifest.plugins
      .filter((p) => p.package === pkg)
      .map((p) => ({ name: p.name, version: changes.find((c) => c.plugin === p.name)?.to ?? p.version }));
    if (new Set(after.map((p) => p.version)).size > 1) {
      throw new Error(
        `packages/${pkg} builds several plug-ins, and its package.json can carry only one version, but after this bump they would be at ${after.map((p) => `${p.name} ${p.version}`).join(', ')}; bump them together (leave out --plugin)`,
      );
    }
  }
}

export interface VersionFiles {
  /** The text of release-manifest.json. */
  manifest: string;
  /** The text of each package.json, keyed by packageJsonPath(package). */
  packageJson: ReadonlyMap<string, string>;
  /** The text of the root package-lock.json, when there is one: it records each workspace's version. */
  packageLock?: string;
}

/** Where a package's package.json sits, relative to the manifest's directory. */
export function packageJsonPath(pkg: string): string {
  return `packages/${pkg}/package.json`;
}

const FORMATTING: jsonc.FormattingOptions = { insertSpaces: true, tabSize: 2, eol: '\n' };

/** Replaces one value in JSON text, leaving every other byte alone. */
function setJsonValue(text: string, path: jsonc.JSONPath, value: string, file: string): string {
  const errors: jsonc.ParseError[] = [];
  jsonc.parse(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length > 0) {
    throw new Error(`${file} is not valid JSON (${jsonc.printParseErrorCode(errors[0]!.error)} at offset ${errors[0]!.offset})`);
  }
  return jsonc.applyEdits(text, jsonc.modify(text, path, value, { formattingOptions: FORMATTING }));
}

/**
 * The new text of every file a set of changes touches, keyed by path relative to the manifest's
 * directory: release-manifest.json, each changed package's package.json, and the workspace
 * entries of package-lock.json (what `npm version --workspace` would change there).
 */
export function planVersionFiles(files: VersionFiles, manifest: ReleaseManifest, changes: readonly VersionChange[]): Map<string, string> {
  const planned = new Map<string, string>();
  let manifestText = files.manifest;
  for (const change of changes) {
    const index = manifest.plugins.findIndex((p) => p.name === change.plugin);
    manifestText = setJsonValue(manifestText, ['plugins', index, 'version'], change.to, 'release-manifest.json');
  }
  planned.set('release-manifest.json', manifestText);
  for (const change of changes) {
    const path = packageJsonPath(change.package);
    const text = planned.get(path) ?? files.packageJson.get(path);
    if (text === undefined) {
      throw new Error(`${path} does not exist, but release-manifest.json builds ${change.plugin} from package "${change.package}"`);
    }
    planned.set(path, setJsonValue(text, ['version'], change.to, path));
  }
  if (files.packageLock !== undefined) {
    let lock = files.packageLock;
    const entries = (JSON.parse(lock) as { packages?: Record<string, { version?: string }> }).packages ?? {};
    for (const pkg of new Set(changes.map((c) => c.package))) {
      const entry = `packages/${pkg}`;
      if (entries[entry]?.version === undefined) continue; // not installed yet: npm adds it
      lock = setJsonValue(lock, ['packages', entry, 'version'], changes.find((c) => c.package === pkg)!.to, 'package-lock.json');
    }
    if (lock !== files.packageLock) planned.set('package-lock.json', lock);
  }
  return planned;
}

/** The version field of a package.json text, or undefined when it has none. */
export function readPackageVersion(text: string, file: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const version = (json as { version?: unknown }).version;
  return typeof version === 'string' ? version : undefined;
}
