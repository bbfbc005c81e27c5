/**
 * The CLI's commands, one function each, over the library. Each parses its
 * own flags, does its work, and hands the result to Output; errors are
 * LoaderErrors, printed in one place (main.ts).
 */
import type { ParseArgsConfig } from 'node:util';
import { LoaderError } from '../errors.ts';
import { defaultPluginDir, installPlugin, listInstalled, uninstallPlugin, upgradePlugins } from '../install/installer.ts';
import { detectPlatform, explainNoPlatform } from '../platform/index.ts';
import { parseSeconds } from '../source/http.ts';
import { openReleaseSource } from '../source/release-source.ts';
import type { Output } from './output.ts';
import { parse } from './parse-args.ts';
import { detectRuntimeVersion } from './runtime-version.ts';
import { CHECK_COMMANDS } from './check-commands.ts';
import { RUN_COMMAND } from './run-command.ts';

export interface Command {
  summary: string;
  usage: string;
  examples: string[];
  /** The arguments are not the tool's: no --json/--help handling (run). */
  passThrough?: boolean;
  /** Resolves to the exit code when it is not 0 without an error (doctor, inspect). */
  run(args: string[], out: Output): Promise<void | number>;
}

const COMMON = {
  json: { type: 'boolean', default: false },
  dir: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

const SOURCE = {
  index: { type: 'string' },
  // Install for another platform than this machine's (e.g. into a directory
  // another machine or an emulator loads from); detection is skipped.
  platform: { type: 'string' },
  runtime: { type: 'string' },
  timeout: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

function indexLocation(value: string | undefined): string {
  const location = value ?? process.env.WASMEDGE_PLUGINS_INDEX;
  if (!location) {
    throw new LoaderError('usage', 'no release index given: pass --index <URL or directory> or set WASMEDGE_PLUGINS_INDEX');
  }
  return location;
}

async function sourceContext(values: { index?: string; platform?: string; runtime?: string; timeout?: string; dir?: string }, out: Output) {
  const platform = detectPlatform();
  const platforms = values.platform ? [values.platform] : platform.platforms;
  if (platforms.length === 0) {
    throw explainNoPlatform(platform);
  }
  const runtime = values.runtime ?? (await detectRuntimeVersion());
  if (runtime === undefined) out.info('note: no wasmedge runtime found (pass --runtime to check compatibility)');
  const timeoutMs = values.timeout === undefined ? undefined : parseSeconds('--timeout', values.timeout);
  const source = await openReleaseSource(indexLocation(values.index), { timeoutMs });
  return { platforms, runtime, source, pluginDir: values.dir ?? defaultPluginDir() };
}

function splitSpec(spec: string | undefined): { plugin: string; range: string } {
  if (!spec) throw new LoaderError('usage', 'name the plug-in, e.g. wasmedge_process or wasmedge_process@^0.17');
  const at = spec.indexOf('@');
  return at < 0 ? { plugin: spec, range: '*' } : { plugin: spec.slice(0, at), range: spec.slice(at + 1) };
}

export const COMMANDS: Record<string, Command> = {
  platform: {
    summary: 'show this machine and the release platforms it runs',
    usage: 'platform [--json]',
    examples: ['wasmedge-plugins platform'],
    async run(args, out) {
      const { values } = parse(args, { json: COMMON.json });
      void values;
      const platform = detectPlatform();
      out.result(platform, () =>
        [
          `os:        ${platform.os} (${platform.distro.prettyName ?? `${platform.distro.id} ${platform.distro.versionId}`})`,
          `arch:      ${platform.arch}`,
          `libc:      ${platform.libc.family} ${platform.libc.version ?? ''}`.trimEnd(),
          `platforms: ${platform.platforms.join(', ') || 'none'}`,
        ].join('\n'),
      );
    },
  },
  install: {
    summary: 'download, verify and install a plug-in',
    usage: 'install <plugin>[@<range>] [--backend B] --index <URL|dir> [--dir D] [--runtime V] [--platform P] [--force] [--json]',
    examples: [
      'wasmedge-plugins install wasmedge_process --index https://example.org/releases/0.17.1/',
      'wasmedge-plugins install wasi_nn@^0.17 --backend openvino --index ./dist/release',
    ],
    async run(args, out) {
      const { values, positionals } = parse(args, { ...COMMON, ...SOURCE, backend: { type: 'string' }, force: { type: 'boolean', default: false } }, 1);
      const { plugin, range } = splitSpec(positionals[0]);
      const ctx = await sourceContext(values, out);
      const result = await installPlugin({
        pluginDir: ctx.pluginDir,
        source: ctx.source,
        request: { plugin, range, backend: values.backend, runtime: ctx.runtime, platforms: ctx.platforms },
        force: values.force,
        onProgress: out.json ? undefined : out.progress(`downloading ${plugin}`),
        log: (line) => out.info(line),
      });
      out.result(result, () => (result.changed ? `installed ${result.record.plugin} ${result.record.version} in ${ctx.pluginDir}` : `${plugin} ${result.record.version} was already installed`));
    },
  },
  list: {
    summary: 'list the plug-ins this tool installed',
    usage: 'list [--dir D] [--json]',
    examples: ['wasmedge-plugins list', 'wasmedge-plugins list --json'],
    async run(args, out) {
      const { values } = parse(args, COMMON);
      const listed = await listInstalled(values.dir ?? defaultPluginDir());
      out.result(listed, () =>
        listed.length === 0
          ? 'no plug-ins installed by wasmedge-plugins'
          : listed
              .map((r) => {
                const builtIn = r.bundled?.length ? `  (built in: ${r.bundled.map((b) => `${b.name} ${b.version}`).join(', ')})` : '';
                return `${r.plugin}${r.backend ? ` (${r.backend})` : ''} ${r.version} ${r.platform}${builtIn}${r.drift.length ? `  CHANGED: ${r.drift.join('; ')}` : ''}`;
              })
              .join('\n'),
      );
    },
  },
  upgrade: {
    summary: 'upgrade installed plug-ins within the range they were installed with',
    usage: 'upgrade [<plugin>] --index <URL|dir> [--dir D] [--runtime V] [--platform P] [--json]',
    examples: ['wasmedge-plugins upgrade --index https://example.org/releases/latest/'],
    async run(args, out) {
      const { values, positionals } = parse(args, { ...COMMON, ...SOURCE }, 1);
      const ctx = await sourceContext(values, out);
      const results = await upgradePlugins({
        pluginDir: ctx.pluginDir,
        source: ctx.source,
        platforms: ctx.platforms,
        runtime: ctx.runtime,
        plugin: positionals[0],
        log: (line) => out.info(line),
      });
      out.result(results, () => results.map((r) => (r.changed ? `upgraded ${r.record.plugin} to ${r.record.version}` : `${r.record.plugin} ${r.record.version} is up to date`)).join('\n') || 'nothing installed');
    },
  },
  uninstall: {
    summary: 'remove a plug-in this tool installed (never anything else)',
    usage: 'uninstall <plugin> [--dir D] [--json]',
    examples: ['wasmedge-plugins uninstall wasmedge_process'],
    async run(args, out) {
      const { values, positionals } = parse(args, COMMON, 1);
      const { plugin } = splitSpec(positionals[0]);
      const record = await uninstallPlugin(values.dir ?? defaultPluginDir(), plugin);
      out.result(record, () => `removed ${record.plugin} ${record.version}`);
    },
  },
  ...CHECK_COMMANDS,
  run: RUN_COMMAND,
};
