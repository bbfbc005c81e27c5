/**
 * Which plug-in API version each WasmEdge runtime requires. The runtime
 * accepts a plug-in only when its descriptor's APIVersion is exactly this
 * number (plugin-abi.md §1.2), so doctor needs it to judge a plug-in.
 */
import semver from 'semver';
import { SUPPORTED_API_VERSION } from '../host/plugin.ts';

/** One row per API version: the runtime releases that require it. */
export const API_VERSION_BY_RUNTIME = [
  { runtimes: '>=0.11.1 <0.14.0', apiVersion: 2 },
  { runtimes: '0.14.0', apiVersion: 3 },
  { runtimes: '>=0.14.1 <0.17.0', apiVersion: 4 },
  { runtimes: '0.17.x', apiVersion: SUPPORTED_API_VERSION },
] as const;

/**
 * The API version a runtime requires, or null when the table does not know
 * the release (older than 0.11.1, or newer than the table). Pre-releases
 * count as their release: 0.17.0-rc.1 requires what 0.17.0 does.
 */
export function findApiVersionForRuntime(runtimeVersion: string): number | null {
  const release = semver.coerce(runtimeVersion);
  if (release === null) return null;
  const row = API_VERSION_BY_RUNTIME.find((r) => semver.satisfies(release, r.runtimes));
  return row?.apiVersion ?? null;
}

/** The runtime releases that require an API version, e.g. '>=0.14.1 <0.17.0'; null if none known. */
export function describeRuntimesForApiVersion(apiVersion: number): string | null {
  return API_VERSION_BY_RUNTIME.find((r) => r.apiVersion === apiVersion)?.runtimes ?? null;
}
