/**
 * Wheels from PyPI that builds use as SDKs or tools (libtorch from torch's
 * wheel, CMake from cmake's), pinned by name, version, URL and sha256 in
 * deps/pypi-wheels/wheels.json. A wheel is downloaded once into the user
 * cache and verified before anything reads it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DependencyError } from './dependency.ts';
import { fetchPinnedSource } from './source-archive.ts';
import { userCacheDir } from './user-cache.ts';

export interface WheelPin {
  /** The PyPI project name, e.g. nvidia-cuda-runtime. */
  name: string;
  version: string;
  /** The wheel's file name (its platform tag says which machines it serves). */
  file: string;
  url: string;
  sha256: string;
  size: number;
}

export const WHEELS_FILE = join('deps', 'pypi-wheels', 'wheels.json');

function check(file: string, condition: boolean, what: string): void {
  if (!condition) throw new DependencyError(`${file}: ${what}`);
}

/** The pins of `deps/pypi-wheels/wheels.json`, checked field by field. */
export function loadWheelPins(workspaceRoot: string): WheelPin[] {
  const file = join(workspaceRoot, WHEELS_FILE);
  if (!existsSync(file)) throw new DependencyError(`${file} does not exist`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new DependencyError(`${file} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  const wheels = (raw as { wheels?: unknown } | null)?.wheels;
  check(file, Array.isArray(wheels), 'expected an object with a "wheels" list');
  return (wheels as WheelPin[]).map((w, i) => {
    const at = `wheels[${i}]`;
    check(file, typeof w === 'object' && w !== null, `${at}: expected an object`);
    for (const key of ['name', 'version', 'file'] as const) check(file, typeof w[key] === 'string' && w[key].length > 0, `${at}.${key} must be a non-empty string`);
    check(file, /^[A-Za-z0-9._+-]+\.whl$/.test(w.file), `${at}.file must be a wheel file name`);
    check(file, typeof w.url === 'string' && w.url.startsWith('https://') && w.url.endsWith(`/${w.file}`), `${at}.url must be an https URL ending in /${w.file}`);
    check(file, typeof w.sha256 === 'string' && /^[0-9a-f]{64}$/.test(w.sha256), `${at}.sha256 must be 64 lowercase hex digits`);
    check(file, Number.isInteger(w.size) && w.size > 0, `${at}.size must be a positive integer (bytes)`);
    return w;
  });
}

/** The pin of `spec` ("name==version"); an unpinned spec is an error naming the file. */
export function findWheelPin(pins: readonly WheelPin[], spec: string): WheelPin {
  const match = /^([A-Za-z0-9._-]+)==([A-Za-z0-9.+!-]+)$/.exec(spec);
  if (!match) throw new DependencyError(`"${spec}" is not a wheel pin of the form name==version`);
  const [, name, version] = match;
  const normalize = (n: string) => n.toLowerCase().replace(/[-_.]+/g, '-');
  const pin = pins.find((p) => normalize(p.name) === normalize(name!) && p.version === version);
  if (!pin) {
    throw new DependencyError(`${WHEELS_FILE} pins no wheel ${spec} (pinned: ${pins.map((p) => `${p.name}==${p.version}`).join(', ') || 'none'})`);
  }
  return pin;
}

/**
 * The pin of package `name` at `version` for `arch`: a wheel whose platform tag names the
 * architecture, or a pure one (`-any.whl`).
 */
export function findWheelPinForArch(pins: readonly WheelPin[], name: string, version: string, arch: string): WheelPin {
  const normalize = (n: string) => n.toLowerCase().replace(/[-_.]+/g, '-');
  const candidates = pins.filter((p) => normalize(p.name) === normalize(name) && p.version === version);
  const pin = candidates.find((p) => p.file.endsWith(`_${arch}.whl`) || p.file.includes(`_${arch}.`)) ?? candidates.find((p) => p.file.endsWith('-any.whl'));
  if (!pin) {
    const have = candidates.map((p) => p.file).join(', ') || 'none';
    throw new DependencyError(`${WHEELS_FILE} pins no ${name}==${version} wheel for ${arch} (pinned files of it: ${have})`);
  }
  return pin;
}

/** Where downloaded wheels are kept. */
export function wheelCacheDir(): string {
  return join(userCacheDir(), 'wheels');
}

/** The verified wheel file, downloaded into the cache when absent or altered. */
export async function ensureWheel(pin: WheelPin, onProgress?: (line: string) => void): Promise<string> {
  const path = await fetchPinnedSource(pin, wheelCacheDir(), (line) => onProgress?.(`${line} (${(pin.size / 1e6).toFixed(0)} MB)`));
  const { size } = await stat(path);
  if (size !== pin.size) throw new DependencyError(`${path}: ${size} bytes, but ${WHEELS_FILE} says ${pin.size}`);
  return path;
}
