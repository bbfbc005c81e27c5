/** wasmedge-plugins inspect: what one plug-in file is, from its ELF and its descriptor. */
import { existsSync } from 'node:fs';
import { ERROR_KINDS, LoaderError } from '../../errors.ts';
import { inspectPlugin, type PluginInspection } from '../../inspect/index.ts';
import { findInstalledLibrary } from '../../install/install-state.ts';
import { defaultPluginDir, isPlainName } from '../../install/plugin-dir.ts';
import { detectPlatform } from '../../platform/index.ts';
import { defineCommand, DIR_OPTIONS, OUTPUT_OPTIONS } from '../options.ts';

/** A plug-in that would not load (the not-a-plugin kind's code); one that could not be checked (no host). */
const NOT_LOADABLE = ERROR_KINDS['not-a-plugin'].exitCode;
const CANNOT_CHECK = ERROR_KINDS['native-host-missing'].exitCode;

function renderInspection(r: PluginInspection): string {
  const need = (k: 'GLIBC' | 'GLIBCXX' | 'CXXABI') => {
    const fact = r.elf.highestNeeds[k];
    return fact ? `${k}_${fact.version} (for ${fact.symbol})` : 'none';
  };
  const lines = [
    `file:        ${r.path}`,
    `machine:     ${r.elf.machineName}`,
    `needs:       ${r.elf.needed.join(', ') || 'nothing'}`,
    `glibc:       ${need('GLIBC')}`,
    `libstdc++:   ${need('GLIBCXX')}, ${need('CXXABI')}`,
    `exports:     ${r.elf.exports.join(', ') || 'nothing'}`,
  ];
  if (r.descriptor) {
    const d = r.descriptor;
    lines.push(
      `plug-in:     ${d.name} ${d.version} (API version ${d.apiVersion})`,
      `description: ${d.description}`,
      `modules:     ${d.modules.map((m) => m.name).join(', ') || 'none'}`,
      `options:     ${d.options.map((o) => `--${o.name} (${o.type})`).join(', ') || 'none'}`,
    );
  }
  if (r.error) lines.push(`error:       ${r.error.message}`, ...(r.error.hint ? [`hint:        ${r.error.hint}`] : []));
  return lines.join('\n');
}

/** A file as given; else a plug-in this tool installed (the names `list` prints). */
async function findPluginFile(target: string, pluginDir: string): Promise<string> {
  if (existsSync(target) || !isPlainName(target)) return target;
  const library = await findInstalledLibrary(pluginDir, target);
  if (library) return library;
  throw new LoaderError('not-installed', `${target} is neither a file nor a plug-in installed by wasmedge-plugins in ${pluginDir}`);
}

export const command = defineCommand({
  summary: 'show what a plug-in file is: ELF facts and its descriptor',
  args: '<file.so | installed plug-in>',
  maxPositionals: 1,
  options: { ...DIR_OPTIONS, ...OUTPUT_OPTIONS },
  examples: ['wasmedge-plugins inspect wasmedge_process', 'wasmedge-plugins inspect ./build/libwasmedgePluginWasmEdgeProcess.so'],
  async run({ values, positionals }, out) {
    const [target] = positionals;
    if (!target) throw new LoaderError('usage', 'name one plug-in file or installed plug-in: inspect <file.so | name>');
    const path = await findPluginFile(target, values.dir ?? defaultPluginDir());
    const inspection = await inspectPlugin(path, { machineArch: detectPlatform().arch });
    out.result(inspection, () => renderInspection(inspection));
    // The report says why; the exit code says it failed, or could not check.
    if (!inspection.error) return 0;
    return inspection.error.failure === 'host-missing' ? CANNOT_CHECK : NOT_LOADABLE;
  },
});
