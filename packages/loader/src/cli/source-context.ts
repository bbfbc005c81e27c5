/** What install, upgrade and available share: the index, the platforms and runtime to resolve for, the plug-in directory. */
import type { ReleaseIndex } from '@wasmedge-plugins/common';
import { defaultPluginDir } from '../install/plugin-dir.ts';
import { RUNTIME_MIRROR_ENV } from '../install/runtime-install.ts';
import { LoaderError } from '../errors.ts';
import { detectPlatform, explainNoPlatform } from '../platform/index.ts';
import { parseSeconds, type HttpOptions } from '../source/http.ts';
import { openReleaseSource, type ReleaseSource } from '../source/release-source.ts';
import type { Output } from './output.ts';
import { detectRuntimeVersion } from './runtime-version.ts';

export interface SourceContext {
  source: ReleaseSource;
  /** Release platforms to accept, most preferred first: --platform, else this machine's. */
  platforms: string[];
  runtime: string | undefined;
  pluginDir: string;
  /** The download settings the index was read with (--timeout), for what else is downloaded. */
  http: HttpOptions;
}

export interface SourceValues {
  index?: string;
  runtime?: string;
  platform?: string;
  timeout?: string;
  dir?: string;
}

export function platformsOf(values: { platform?: string }): string[] {
  if (values.platform !== undefined) return [values.platform];
  const platform = detectPlatform();
  if (platform.platforms.length === 0) throw explainNoPlatform(platform);
  return platform.platforms;
}

function indexLocation(value: string | undefined): string {
  const location = value ?? process.env.WASMEDGE_PLUGINS_INDEX;
  if (!location) {
    throw new LoaderError('usage', 'no release index given: pass --index <URL or directory> or set WASMEDGE_PLUGINS_INDEX');
  }
  return location;
}

function timeoutOf(value: string | undefined): number | undefined {
  return value === undefined ? undefined : parseSeconds('--timeout', value);
}

export async function openSourceContext(values: SourceValues, out: Output): Promise<SourceContext> {
  // The command line first: a missing index or a bad --timeout is reported before anything is probed.
  const location = indexLocation(values.index);
  const timeoutMs = timeoutOf(values.timeout);
  const platforms = platformsOf(values);
  const runtime = values.runtime ?? (await detectRuntimeVersion());
  if (runtime === undefined) out.info('note: no wasmedge runtime found (pass --runtime to check compatibility)');
  const http: HttpOptions = timeoutMs === undefined ? {} : { timeoutMs };
  const source = await openReleaseSource(location, http);
  return { source, platforms, runtime, pluginDir: values.dir ?? defaultPluginDir(), http };
}

/** "wasi_nn@^0.17" → plug-in and range. */
export function splitSpec(spec: string | undefined): { plugin: string; range: string } {
  if (!spec) throw new LoaderError('usage', 'name the plug-in, e.g. wasmedge_process or wasmedge_process@^0.17');
  const at = spec.indexOf('@');
  return at < 0 ? { plugin: spec, range: '*' } : { plugin: spec.slice(0, at), range: spec.slice(at + 1) };
}

/** The runtime mirror: --runtime-mirror, else $WASMEDGE_PLUGINS_RUNTIME_MIRROR. */
export function runtimeMirrorOf(values: { 'runtime-mirror'?: string }): string | undefined {
  return values['runtime-mirror'] ?? (process.env[RUNTIME_MIRROR_ENV] || undefined);
}

/**
 * "wasi_nn-openvino" names the openvino backend of wasi_nn when the index has no plug-in of
 * that name but has that plug-in with that backend; anything else is left as it is.
 */
export function splitBackend(index: ReleaseIndex, plugin: string, backend: string | undefined): { plugin: string; backend: string | undefined } {
  if (backend !== undefined || index.assets.some((a) => a.plugin === plugin)) return { plugin, backend };
  for (const asset of index.assets) {
    if (asset.backend !== null && plugin === `${asset.plugin}-${asset.backend}`) return { plugin: asset.plugin, backend: asset.backend };
  }
  return { plugin, backend };
}

