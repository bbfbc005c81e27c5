/** wasmedge-plugins uninstall: remove what this tool installed, never anything else. */
import { join } from 'node:path';
import { LoaderError } from '../../errors.ts';
import type { InstallRecord } from '../../install/install-state.ts';
import { listInstalled, uninstallPlugin } from '../../install/installer.ts';
import { defaultPluginDir } from '../../install/plugin-dir.ts';
import { defineCommand, DIR_OPTIONS, DRY_RUN_OPTIONS, OUTPUT_OPTIONS } from '../options.ts';
import { splitSpec } from '../source-context.ts';

export const command = defineCommand({
  summary: 'remove a plug-in this tool installed (never anything else)',
  args: '<plugin> | --all',
  maxPositionals: 1,
  options: {
    all: { type: 'boolean', description: 'remove every plug-in this tool installed in the directory' },
    ...DIR_OPTIONS,
    ...DRY_RUN_OPTIONS,
    ...OUTPUT_OPTIONS,
  },
  examples: ['wasmedge-plugins uninstall wasmedge_process', 'wasmedge-plugins uninstall --all --dry-run'],
  async run({ values, positionals }, out) {
    const pluginDir = values.dir ?? defaultPluginDir();
    if (values.all === (positionals[0] !== undefined)) {
      throw new LoaderError('usage', 'name one plug-in, or pass --all (not both)');
    }
    const installed = await listInstalled(pluginDir);
    const chosen = values.all ? installed : installed.filter((r) => r.plugin === splitSpec(positionals[0]).plugin);
    if (!values.all && chosen.length === 0) {
      throw new LoaderError('not-installed', `${positionals[0]} was not installed by wasmedge-plugins in ${pluginDir}; nothing was removed`);
    }
    if (values['dry-run']) {
      out.result({ dryRun: true, remove: chosen }, () =>
        [
          ...chosen.map((r) => `would remove ${r.plugin} ${r.version}: ${join(pluginDir, r.dir)} (${r.files.length} files)`),
          chosen.length === 0 ? `nothing installed by wasmedge-plugins in ${pluginDir}` : 'nothing was changed (--dry-run)',
        ].join('\n'),
      );
      return;
    }
    const removed: InstallRecord[] = [];
    for (const record of chosen) removed.push(await uninstallPlugin(pluginDir, record.plugin));
    out.result(values.all ? removed : removed[0], () =>
      removed.map((r) => `removed ${r.plugin} ${r.version}`).join('\n') || `nothing installed by wasmedge-plugins in ${pluginDir}`,
    );
  },
});
