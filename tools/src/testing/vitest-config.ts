/**
 * The vitest settings every package shares: its tests under test/, and a
 * JSON report per package in dist/test-results/ that run-tests.ts totals.
 */
import { basename, join } from 'node:path';
import { defineConfig, type ViteUserConfig } from 'vitest/config';
import { workspaceRoot } from '../cli/cli-support.ts';

export function definePackageTestConfig(packageDir: string, overrides: NonNullable<ViteUserConfig['test']> = {}) {
  const root = workspaceRoot(packageDir);
  return defineConfig({
    test: {
      include: ['test/**/*.test.ts'],
      testTimeout: 60_000,
      hookTimeout: 180_000,
      reporters: ['default', ['json', { outputFile: join(root, 'dist', 'test-results', `${basename(packageDir)}.json`) }]],
      ...overrides,
    },
  });
}
