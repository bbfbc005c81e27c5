/** wasmedge-plugins list: what this tool installed, and whether it changed since. */
import { listInstalled } from '../../install/list-installed.ts';
import { defaultPluginDir } from '../../install/plugin-dir.ts';
import { defineCommand, DIR_OPTIONS, OUTPUT_OPTIONS } from '../options.ts';
import { formatBytes } from '../output.ts';

export const command = defineCommand({
  summary: 'list the plug-ins this tool installed',
  args: '',
  maxPositionals: 0,
  options: { ...DIR_OPTIONS, ...OUTPUT_OPTIONS },
  examples: ['wasmedge-plugins list', 'wasmedge-plugins list --json'],
  async run({ values }, out) {
    const listed = await listInstalled(values.dir ?? defaultPluginDir());
    out.result(listed, () =>
      listed.length === 0
        ? 'no plug-ins installed by wasmedge-plugins'
        : listed
            .map((r) => {
              const builtIn = r.bundled?.length ? `  (built in: ${r.bundled.map((b) => `${b.name} ${b.version}`).join(', ')})` : '';
              const runtime = r.runtime ? `  (runtime: ${r.runtime.package} ${r.runtime.version}, ${formatBytes(r.runtime.size)})` : '';
              return `${r.plugin}${r.backend ? ` (${r.backend})` : ''} ${r.version} ${r.platform}${builtIn}${runtime}${r.drift.length ? `  CHANGED: ${r.drift.join('; ')}` : ''}`;
            })
            .join('\n'),
    );
  },
});
