/** The CLI's read-only checks: inspect one plug-in file, doctor the search path. */
import { pluginSearchPath } from '../discovery/index.ts';
import { ERROR_KINDS, LoaderError } from '../errors.ts';
import { doctor, inspectPlugin, type PluginInspection } from '../inspect/index.ts';
import { detectPlatform } from '../platform/index.ts';
import type { Command } from './commands.ts';
import { parse } from './parse-args.ts';
import { detectRuntimeVersion } from './runtime-version.ts';

/** Exit code when a checked plug-in would not load (the not-a-plugin kind's). */
const NOT_LOADABLE = ERROR_KINDS['not-a-plugin'].exitCode;

const OPTIONS = { json: { type: 'boolean', default: false }, runtime: { type: 'string' }, dir: { type: 'string' } } as const;

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
  if (r.error) lines.push(`error:       ${r.error.message}`);
  return lines.join('\n');
}

export const CHECK_COMMANDS: Record<string, Command> = {
  inspect: {
    summary: 'show what a plug-in file is: ELF facts and its descriptor',
    usage: 'inspect <file.so> [--json]',
    examples: ['wasmedge-plugins inspect ~/.wasmedge/plugin/wasmedge_process/libwasmedgePluginWasmEdgeProcess.so'],
    async run(args, out) {
      const { positionals } = parse(args, OPTIONS, 2);
      const [path] = positionals;
      if (!path || positionals.length > 1) throw new LoaderError('usage', 'name one plug-in file: inspect <file.so>');
      const inspection = await inspectPlugin(path, { machineArch: detectPlatform().arch });
      out.result(inspection, () => renderInspection(inspection));
      // The report above says why; the exit code says that it failed.
      return inspection.error && inspection.error.failure !== 'host-missing' ? NOT_LOADABLE : 0;
    },
  },
  doctor: {
    summary: 'check every plug-in WasmEdge would load, and say why one would not',
    usage: 'doctor [--runtime V] [--dir D] [--json]',
    examples: ['wasmedge-plugins doctor', 'WASMEDGE_PLUGIN_PATH=/opt/plugins wasmedge-plugins doctor --runtime 0.17.1'],
    async run(args, out) {
      const { values } = parse(args, OPTIONS);
      const platform = detectPlatform();
      const report = await doctor({
        searchPath: pluginSearchPath({ installDir: values.dir }),
        platform,
        runtimeVersion: values.runtime ?? (await detectRuntimeVersion()),
      });
      out.result(report, () => {
        const lines = report.findings.map((f) => {
          const head = `${f.status.padEnd(12)} ${f.name ?? '(unknown)'}  ${f.path}`;
          return [head, ...f.problems.map((p) => `    ${p.severity}: ${p.message}`), ...f.unchecked.map((u) => `    not checked: ${u}`)].join('\n');
        });
        return [...lines, ...report.notes.map((n) => `note: ${n}`), report.findings.length === 0 ? 'no plug-ins found on the search path' : ''].filter(Boolean).join('\n');
      });
      return report.findings.some((f) => f.status === 'problems') ? NOT_LOADABLE : 0;
    },
  },
};
