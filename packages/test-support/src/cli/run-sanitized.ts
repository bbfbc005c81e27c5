/**
 * Runs a command with the sanitizer runtime preloaded, against a build
 * variant's plug-ins (the `test-asan` targets run `vitest run` through it):
 *   tsx packages/test-support/src/cli/run-sanitized.ts --variant asan -- vitest run
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { getVariant, runMain, sanitizedNodeEnv } from '@wasmedge-plugins/tools';
import { TEST_VARIANT_ENV } from '../test-target.ts';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { variant: { type: 'string', default: 'asan' } }, allowPositionals: true });
  const variant = getVariant(values.variant!);
  const [command, ...args] = positionals;
  if (command === undefined) throw new Error('usage: run-sanitized.ts [--variant asan] -- <command> [args...]');
  const env = { ...sanitizedNodeEnv(), [TEST_VARIANT_ENV]: variant.name };
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.error) throw new Error(`cannot run ${command}: ${result.error.message}`);
  process.exitCode = result.status ?? 1;
}

runMain(main);
