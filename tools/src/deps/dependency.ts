/**
 * Native libraries that plug-ins link and that release targets need built
 * from source (static, position-independent, for the target's architecture
 * and glibc floor). Each one is a directory deps/<name>/ with a
 * dependency.json that pins its source by URL and sha256; the recipe that
 * builds it lives beside this file.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface NativeDependency {
  name: string;
  version: string;
  description: string;
  /** Library names as a plug-in's manifest `links` lists them (libssl, libcrypto). */
  provides: string[];
  license: string;
  /**
   * How a built library shows that this dependency is linked in, and which
   * version: the version text it embeds (OpenSSL's OPENSSL_VERSION_TEXT, in
   * read-only data), the start every version's text shares, and the function
   * that returns it, which the plug-in link keeps so the text survives.
   */
  identity: {
    text: string;
    family: string;
    symbol: string;
  };
  source: {
    url: string;
    sha256: string;
    /** The source tree inside the archive. */
    sourceDir: string;
    /** The license text inside sourceDir; it ships in every tarball that links the dependency in. */
    licenseFile: string;
    /** Where the archive comes from and why its checksum can be trusted. */
    origin: string;
  };
  /** On `host` the system's copy is linked: the files that prove its development package, and how to install it. */
  system: {
    files: string[];
    install: string;
  };
}

export class DependencyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DependencyError';
  }
}

function check(file: string, condition: boolean, what: string): void {
  if (!condition) throw new DependencyError(`${file}: ${what}`);
}

function parseDependency(file: string, text: string): NativeDependency {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new DependencyError(`${file} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  const d = raw as NativeDependency;
  check(file, typeof d === 'object' && d !== null, 'expected an object');
  for (const key of ['name', 'version', 'description', 'license'] as const) {
    check(file, typeof d[key] === 'string' && d[key].length > 0, `"${key}" must be a non-empty string`);
  }
  check(file, Array.isArray(d.provides) && d.provides.length > 0 && d.provides.every((p) => typeof p === 'string'), '"provides" must list library names');
  const identity = d.identity as Partial<NativeDependency['identity']> | undefined;
  check(file, typeof identity === 'object' && identity !== null && ['text', 'family', 'symbol'].every((k) => typeof identity[k as keyof typeof identity] === 'string' && identity[k as keyof typeof identity]!.length > 0),
    '"identity" must give "text" (the version text the library embeds), "family" (how every version\'s text starts) and "symbol" (the function that returns it)');
  check(file, d.identity.text.startsWith(`${d.identity.family}${d.version} `) || d.identity.text === `${d.identity.family}${d.version}`,
    `"identity.text" is "${d.identity.text}", which is not version ${d.version}'s text (it must start with "${d.identity.family}${d.version}")`);
  check(file, typeof d.source === 'object' && d.source !== null, '"source" must be an object');
  check(file, typeof d.source.url === 'string' && /^https:\/\//.test(d.source.url), '"source.url" must be an https URL');
  check(file, typeof d.source.sha256 === 'string' && /^[0-9a-f]{64}$/.test(d.source.sha256), '"source.sha256" must be 64 lowercase hex digits');
  for (const key of ['sourceDir', 'licenseFile'] as const) {
    const path = d.source[key];
    check(file, typeof path === 'string' && path.length > 0 && !path.startsWith('/') && !path.split('/').includes('..'), `"source.${key}" must be a relative path inside the archive`);
  }
  check(file, typeof d.system === 'object' && d.system !== null && Array.isArray(d.system.files) && typeof d.system.install === 'string',
    '"system" must give "files" (proof of the host\'s development package) and "install"');
  return d;
}

/** Matches the version text of any version of `dependency` (the audit looks for others with it). */
export function identityPattern(dependency: Pick<NativeDependency, 'identity'>): RegExp {
  const family = dependency.identity.family.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${family}\\d+\\.\\d+\\.\\d+`);
}

export function dependenciesDir(workspaceRoot: string): string {
  return join(workspaceRoot, 'deps');
}

/** Every dependency under deps/, by name. */
export function loadDependencies(workspaceRoot: string): Map<string, NativeDependency> {
  const dir = dependenciesDir(workspaceRoot);
  const found = new Map<string, NativeDependency>();
  if (!existsSync(dir)) return found;
  for (const entry of readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = join(dir, entry.name, 'dependency.json');
    if (!existsSync(file)) continue;
    const dependency = parseDependency(file, readFileSync(file, 'utf8'));
    check(file, dependency.name === entry.name, `"name" is "${dependency.name}" but the directory is deps/${entry.name}`);
    found.set(dependency.name, dependency);
  }
  return found;
}

/**
 * The dependencies that provide `links` (a plug-in's manifest list), each
 * once; a library no dependency provides is an error naming it.
 */
export function dependenciesFor(links: readonly string[], available: Map<string, NativeDependency>): NativeDependency[] {
  const chosen: NativeDependency[] = [];
  for (const lib of links) {
    const provider = [...available.values()].find((d) => d.provides.includes(lib));
    if (provider === undefined) {
      const known = [...available.values()].flatMap((d) => d.provides);
      throw new DependencyError(
        `no dependency under deps/ provides ${lib} for release targets (provided: ${known.length ? known.join(', ') : 'none'}); add deps/<name>/dependency.json and a recipe in tools/src/deps/`,
      );
    }
    if (!chosen.includes(provider)) chosen.push(provider);
  }
  return chosen;
}
