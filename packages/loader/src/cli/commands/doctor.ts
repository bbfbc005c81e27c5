/** wasmedge-plugins doctor: every plug-in WasmEdge would load, and why one would not. */
import { pluginSearchPath } from '../../discovery/index.ts';
import { ERROR_KINDS } from '../../errors.ts';
import { doctor } from '../../inspect/index.ts';
import { detectPlatform } from '../../platform/index.ts';
import { defineCommand, DIR_OPTIONS, OUTPUT_OPTIONS } from '../options.ts';
import { detectRuntimeVersion } from '../runtime-version.ts';

const NOT_LOADABLE = ERROR_KINDS['not-a-plugin'].exitCode;
const CANNOT_CHECK = ERROR_KINDS['native-host-missing'].exitCode;

export const command = defineCommand({
  summary: 'check every plug-in WasmEdge would load, and say why one would not',
  args: '',
  maxPositionals: 0,
  options: {
    runtime: { type: 'string', value: 'V', description: 'check against this WasmEdge version (default: what `wasmedge --version` says)' },
    ...DIR_OPTIONS,
    ...OUTPUT_OPTIONS,
  },
  examples: ['wasmedge-plugins doctor', 'WASMEDGE_PLUGIN_PATH=/opt/plugins wasmedge-plugins doctor --runtime 0.17.1'],
  async run({ values }, out) {
    const report = await doctor({
      searchPath: pluginSearchPath({ installDir: values.dir }),
      platform: detectPlatform(),
      runtimeVersion: values.runtime ?? (await detectRuntimeVersion()),
    });
    out.result(report, () => {
      const lines = report.findings.map((f) => {
        const head = `${f.status.padEnd(12)} ${f.name ?? '(unknown)'}  ${f.path}`;
        return [head, ...f.problems.map((p) => `    ${p.severity}: ${p.message}`), ...f.unchecked.map((u) => `    not checked: ${u}`)].join('\n');
      });
      return [...lines, ...report.notes.map((n) => `note: ${n}`), report.findings.length === 0 ? 'no plug-ins found on the search path' : ''].filter(Boolean).join('\n');
    });
    if (report.findings.some((f) => f.status === 'problems')) return NOT_LOADABLE;
    return report.findings.some((f) => f.status === 'cannot-check') ? CANNOT_CHECK : 0;
  },
});
