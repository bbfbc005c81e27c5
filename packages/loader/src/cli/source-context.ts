/** What install, upgrade and available share: the index, the platforms and runtime to resolve for, the plug-in directory. */
import { defaultPluginDir } from '../install/plugin-dir.ts';
import { LoaderError } from '../errors.ts';
import { detectPlatform, explainNoPlatform } from '../platform/index.ts';
import { parseSeconds } from '../source/http.ts';
import { openReleaseSource, type ReleaseSource } from '../source/release-source.ts';
import type { Output } from './output.ts';
import { detectRuntimeVersion } from './runtime-version.ts';

export interface SourceContext {
  source: ReleaseSource;
  /** Release platforms to accept, most preferred first: --platform, else this machine's. */
  platforms: string[];
  runtime: string | undefined;
  pluginDir: string;
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
  const source = await openReleaseSource(location, { timeoutMs });
  return { source, platforms, runtime, pluginDir: values.dir ?? defaultPluginDir() };
}

/** "wasi_nn@^0.17" → plug-in and range. */
export function splitSpec(spec: string | undefined): { plugin: string; range: string } {
  if (!spec) throw new LoaderError('usage', 'name the plug-in, e.g. wasmedge_process or wasmedge_process@^0.17');
  const at = spec.indexOf('@');
  return at < 0 ? { plugin: spec, range: '*' } : { plugin: spec.slice(0, at), range: spec.slice(at + 1) };
}
