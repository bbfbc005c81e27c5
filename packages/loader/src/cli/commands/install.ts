/** wasmedge-plugins install: download, verify and install one plug-in from a release index. */
import type { IndexAsset, ReleaseIndex } from '@wasmedge-plugins/common';
import { readInstallState } from '../../install/install-state.ts';
import { installPlugin } from '../../install/installer.ts';
import { resolveAsset } from '../../source/resolve.ts';
import { sourceLocation } from '../../install/runtime-install.ts';
import { BACKEND_RUNTIME_OPTIONS, defineCommand, DIR_OPTIONS, DRY_RUN_OPTIONS, OUTPUT_OPTIONS, SOURCE_OPTIONS } from '../options.ts';
import type { Output } from '../output.ts';
import { openSourceContext, runtimeMirrorOf, splitBackend, splitSpec } from '../source-context.ts';

/** --backend, else the index's only backend of `plugin` (wasi_nn with one backend published). */
function chooseBackend(index: ReleaseIndex, plugin: string, backend: string | undefined, out: Output): string | undefined {
  if (backend !== undefined) return backend;
  const offered = [...new Set(index.assets.filter((a) => a.plugin === plugin).map((a) => a.backend))];
  if (offered.length === 1 && typeof offered[0] === 'string') {
    out.info(`using backend ${offered[0]}, the only one the index offers for ${plugin}`);
    return offered[0];
  }
  return undefined;
}

function describeAsset(asset: IndexAsset): string {
  return `${asset.plugin}${asset.backend ? ` (${asset.backend})` : ''} ${asset.version} for ${asset.platform}`;
}

export const command = defineCommand({
  summary: 'download, verify and install a plug-in',
  args: '<plugin>[@<range>]',
  maxPositionals: 1,
  options: {
    backend: { type: 'string', value: 'B', description: 'the backend of a plug-in that has several (wasi_nn: pytorch, openvino, ...); not needed when the index has one, or with <plugin>-<backend>' },
    force: { type: 'boolean', description: 'reinstall even when the same release is installed' },
    ...BACKEND_RUNTIME_OPTIONS,
    ...SOURCE_OPTIONS,
    ...DIR_OPTIONS,
    ...DRY_RUN_OPTIONS,
    ...OUTPUT_OPTIONS,
  },
  examples: [
    'wasmedge-plugins install wasmedge_process --index https://example.org/releases/0.17.1/',
    'wasmedge-plugins install wasi_nn@^0.17 --backend pytorch --index ./dist/release',
    'wasmedge-plugins install wasi_nn-openvino --with-runtime --index https://example.org/releases/0.17.1/',
    'wasmedge-plugins install wasmedge_process --platform manylinux2014_aarch64 --dir ./arm64-plugins --index ./dist/release',
    'wasmedge-plugins install wasmedge_process --dry-run',
  ],
  async run({ values, positionals }, out) {
    const spec = splitSpec(positionals[0]);
    const ctx = await openSourceContext(values, out);
    const { plugin, backend } = splitBackend(ctx.source.index, spec.plugin, values.backend);
    const request = { plugin, range: spec.range, backend: chooseBackend(ctx.source.index, plugin, backend, out), runtime: ctx.runtime, platforms: ctx.platforms };
    const mirror = runtimeMirrorOf(values);
    if (values['dry-run']) {
      const asset = resolveAsset(ctx.source.index, request);
      const current = (await readInstallState(ctx.pluginDir)).installed.get(plugin);
      const runtime = values['with-runtime'] ? asset.backendRuntime : undefined;
      const plan = { dryRun: true, action: current ? 'replace' : 'install', asset, replaces: current ?? null, pluginDir: ctx.pluginDir, runtime: runtime ?? null };
      out.result(plan, () =>
        [
          `would install ${describeAsset(asset)} into ${ctx.pluginDir}${current ? ` (replacing ${current.version})` : ''}`,
          `  ${asset.file}, ${asset.size} bytes, sha256 ${asset.sha256}`,
          `  from ${ctx.source.indexLocation}`,
          ...(runtime
            ? [
                `  with the ${runtime.package} ${runtime.version} runtime: ${(runtime.sources ?? []).flatMap((s) => s.members.map((m) => m.slice(m.lastIndexOf('/') + 1))).join(', ')}`,
                ...(runtime.sources ?? []).map((s) => `    taken from ${s.file}, ${s.size} bytes, sha256 ${s.sha256}, from ${sourceLocation(s, mirror)}`),
              ]
            : []),
          'nothing was changed (--dry-run)',
        ].join('\n'),
      );
      return;
    }
    const result = await installPlugin({
      pluginDir: ctx.pluginDir,
      source: ctx.source,
      request,
      force: values.force,
      onProgress: out.progress(`downloading ${plugin}`),
      log: (line) => out.info(line),
      ...(values['with-runtime'] ? { withRuntime: { mirror, http: ctx.http, onProgress: (file: string) => out.progress(`downloading ${file}`) } } : {}),
    });
    out.result(result, () => (result.changed ? `installed ${describeAsset(result.asset)} in ${ctx.pluginDir}` : `${plugin} ${result.record.version} was already installed`));
  },
});
