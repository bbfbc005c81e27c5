/**
 * Build plug-ins for one target:
 *   tsx tools/src/cli/build.ts [--package P | --plugin NAME [--backend B]] [--target T] [--variant asan] [--dry-run]
 * Without --package/--plugin every package in the manifest is built. A cell
 * this machine cannot build is skipped with its reason, unless it was asked
 * for by --plugin, in which case the build fails. --variant builds a
 * sanitized variant (tools/src/orchestration/variants.ts) into its own directory.
 */
import { parseArgs } from 'node:util';
import { readHostFacts } from '@wasmedge-plugins/common';
import { createBuildLog } from '../orchestration/build-log.ts';
import { buildCells, formatSummary, type BuildSummary } from '../orchestration/build-cells.ts';
import { currentProbeEnv } from '../orchestration/requirements.ts';
import { loadManifest } from '../manifest/load-manifest.ts';
import { manifestPath, runMain, workspaceRoot } from './cli-support.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      package: { type: 'string' },
      plugin: { type: 'string' },
      backend: { type: 'string' },
      target: { type: 'string', default: 'host' },
      variant: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  const root = workspaceRoot();
  const manifest = await loadManifest(manifestPath(root));
  const packages = values.package !== undefined || values.plugin !== undefined
    ? [values.package]
    : [...new Set(manifest.plugins.map((p) => p.package))];
  const log = createBuildLog();
  const summaries: BuildSummary[] = [];
  for (const pkg of packages) {
    summaries.push(
      await buildCells({
        workspaceRoot: root,
        manifest,
        target: values.target!,
        package: pkg,
        plugin: values.plugin,
        backend: values.backend,
        hostFacts: readHostFacts(),
        probeEnv: currentProbeEnv(),
        log,
        variant: values.variant,
        dryRun: values['dry-run'],
      }),
    );
  }
  console.log(`\n${summaries.map(formatSummary).join('\n')}`);
}

runMain(main);
