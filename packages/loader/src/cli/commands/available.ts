/** wasmedge-plugins available: what a release index offers, and which of it runs here. */
import semver from 'semver';
import type { IndexAsset } from '@wasmedge-plugins/common';
import { defineCommand, OUTPUT_OPTIONS, SOURCE_OPTIONS } from '../options.ts';
import { openSourceContext } from '../source-context.ts';

interface Offer {
  plugin: string;
  backend: string | null;
  /** Newest first, for the platforms (and runtime) asked for. */
  versions: string[];
  /** Every platform the index has this plug-in for. */
  platforms: string[];
}

function collectOffers(assets: IndexAsset[], runs: (a: IndexAsset) => boolean): Offer[] {
  const offers = new Map<string, Offer>();
  for (const asset of assets) {
    const key = `${asset.plugin}\0${asset.backend ?? ''}`;
    const offer = offers.get(key) ?? { plugin: asset.plugin, backend: asset.backend ?? null, versions: [], platforms: [] };
    if (runs(asset) && !offer.versions.includes(asset.version)) offer.versions.push(asset.version);
    if (!offer.platforms.includes(asset.platform)) offer.platforms.push(asset.platform);
    offers.set(key, offer);
  }
  return [...offers.values()]
    .map((o) => ({ ...o, versions: o.versions.sort(semver.rcompare), platforms: o.platforms.sort() }))
    .sort((a, b) => a.plugin.localeCompare(b.plugin) || (a.backend ?? '').localeCompare(b.backend ?? ''));
}

export const command = defineCommand({
  summary: 'list what a release index offers: plug-ins, backends, versions and platforms',
  args: '',
  maxPositionals: 0,
  options: { ...SOURCE_OPTIONS, ...OUTPUT_OPTIONS },
  examples: ['wasmedge-plugins available --index https://example.org/releases/0.17.1/', 'wasmedge-plugins available --platform manylinux2014_aarch64 --json'],
  async run({ values }, out) {
    const ctx = await openSourceContext(values, out);
    const runs = (a: IndexAsset) => ctx.platforms.includes(a.platform) && (ctx.runtime === undefined || semver.satisfies(ctx.runtime, a.runtime, { includePrerelease: true }));
    const offers = collectOffers(ctx.source.index.assets, runs);
    out.result({ platforms: ctx.platforms, runtime: ctx.runtime ?? null, offers }, () =>
      offers.length === 0
        ? `the index at ${ctx.source.indexLocation} offers nothing`
        : [
            `for ${ctx.platforms.join(', ')}${ctx.runtime ? ` and WasmEdge ${ctx.runtime}` : ''}:`,
            ...offers.map((o) => {
              const name = `${o.plugin}${o.backend ? ` --backend ${o.backend}` : ''}`;
              const versions = o.versions.length > 0 ? o.versions.join(', ') : 'none here';
              return `  ${name.padEnd(36)} ${versions.padEnd(20)} (built for ${o.platforms.join(', ')})`;
            }),
          ].join('\n'),
    );
  },
});
