/** wasmedge-plugins upgrade: the newest release inside the range each plug-in was installed with. */
import semver from 'semver';
import { upgradePlugins, listInstalled } from '../../install/installer.ts';
import { resolveAsset } from '../../source/resolve.ts';
import { BACKEND_RUNTIME_OPTIONS, defineCommand, DIR_OPTIONS, DRY_RUN_OPTIONS, OUTPUT_OPTIONS, SOURCE_OPTIONS } from '../options.ts';
import { openSourceContext, runtimeMirrorOf } from '../source-context.ts';
import { LoaderError } from '../../errors.ts';

export const command = defineCommand({
  summary: 'upgrade installed plug-ins within the range they were installed with',
  args: '[<plugin>]',
  maxPositionals: 1,
  options: { ...SOURCE_OPTIONS, ...BACKEND_RUNTIME_OPTIONS, ...DIR_OPTIONS, ...DRY_RUN_OPTIONS, ...OUTPUT_OPTIONS },
  examples: [
    'wasmedge-plugins upgrade --index https://example.org/releases/latest/',
    'wasmedge-plugins upgrade wasmedge_process --dry-run',
    'wasmedge-plugins upgrade wasi_nn --with-runtime   # also installs the runtime; one installed with the plug-in is always upgraded with it',
  ],
  async run({ values, positionals }, out) {
    const ctx = await openSourceContext(values, out);
    const plugin = positionals[0];
    if (values['dry-run']) {
      const installed = (await listInstalled(ctx.pluginDir)).filter((r) => plugin === undefined || r.plugin === plugin);
      if (plugin !== undefined && installed.length === 0) {
        throw new LoaderError('not-installed', `${plugin} was not installed by wasmedge-plugins in ${ctx.pluginDir}`);
      }
      const plan = installed.map((record) => {
        const latest = resolveAsset(ctx.source.index, { plugin: record.plugin, backend: record.backend, range: record.range, runtime: ctx.runtime, platforms: ctx.platforms });
        const runtime = record.runtime || values['with-runtime'] ? latest.backendRuntime : undefined;
        const runtimeChanges = runtime !== undefined && (record.runtime?.package !== runtime.package || record.runtime.version !== runtime.version);
        const changes = semver.gt(latest.version, record.version) || latest.file !== record.asset || latest.sha256 !== record.assetSha256 || runtimeChanges;
        return { plugin: record.plugin, from: record.version, to: latest.version, asset: latest.file, changes, runtime: runtime ? `${runtime.package} ${runtime.version}` : null };
      });
      out.result({ dryRun: true, plan }, () =>
        [
          ...plan.map((p) => (p.changes ? `would upgrade ${p.plugin} ${p.from} to ${p.to} (${p.asset}${p.runtime ? `, with the ${p.runtime} runtime` : ''})` : `${p.plugin} ${p.from} is up to date`)),
          plan.length === 0 ? 'nothing installed' : 'nothing was changed (--dry-run)',
        ].join('\n'),
      );
      return;
    }
    const results = await upgradePlugins({
      pluginDir: ctx.pluginDir,
      source: ctx.source,
      platforms: ctx.platforms,
      runtime: ctx.runtime,
      plugin,
      onProgress: out.progress('downloading'),
      log: (line) => out.info(line),
      ...(values['with-runtime'] ? { withRuntime: {} } : {}),
      runtimeFetch: { mirror: runtimeMirrorOf(values), http: ctx.http, onProgress: (file: string) => out.progress(`downloading ${file}`) },
    });
    out.result(results, () => results.map((r) => (r.changed ? `upgraded ${r.record.plugin} to ${r.record.version}` : `${r.record.plugin} ${r.record.version} is up to date`)).join('\n') || 'nothing installed');
  },
});
