/** wasmedge-plugins inspect: what one plug-in file is, from its ELF and its descriptor. */
import { ERROR_KINDS, LoaderError } from '../../errors.ts';
import { inspectPlugin, type PluginInspection } from '../../inspect/index.ts';
import { detectPlatform } from '../../platform/index.ts';
import { defineCommand, OUTPUT_OPTIONS } from '../options.ts';

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

export const command = defineCommand({
  summary: 'show what a plug-in file is: ELF facts and its descriptor',
  args: '<file.so>',
  maxPositionals: 1,
  options: { ...OUTPUT_OPTIONS },
  examples: ['wasmedge-plugins inspect ~/.wasmedge/plugin/wasmedge_process/libwasmedgePluginWasmEdgeProcess.so'],
  async run({ positionals }, out) {
    const [path] = positionals;
    if (!path) throw new LoaderError('usage', 'name one plug-in file: inspect <file.so>');
    const inspection = await inspectPlugin(path, { machineArch: detectPlatform().arch });
    out.result(inspection, () => renderInspection(inspection));
    // The report says why; the exit code says it failed, or could not check.
    if (!inspection.error) return 0;
    return inspection.error.failure === 'host-missing' ? CANNOT_CHECK : NOT_LOADABLE;
  },
});
