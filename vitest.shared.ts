/**
 * The vitest settings every package shares: its tests under test/, and a
 * JSON report per package and test target in dist/test-results/ that
 * run-tests.ts totals. With WASMEDGE_PLUGINS_TEST_TARGET naming a release
 * target of another architecture, only the `*.cross.test.ts` files run (they
 * drive the plug-in under qemu-user); otherwise those are left out.
 *
 * It sits at the workspace root, in no project, because every project's
 * vitest config imports it, test-support's dependencies included: inside a
 * project it would close a cycle in the project graph.
 */
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { defineConfig, type ViteUserConfig } from 'vitest/config';
import { workspaceRoot } from './tools/src/cli/cli-support.ts';
import { layoutKey } from './tools/src/orchestration/variants.ts';
import { isForeignTarget, testTarget, testVariant } from './packages/test-support/src/test-target.ts';
import { runtimeLibraryDirs, withLibraryPath } from './packages/test-support/src/runtime-libraries.ts';

export const CROSS_TESTS = 'test/**/*.cross.test.ts';

/**
 * The published packages' exports point at compiled dist/; inside the
 * workspace, tests import their TypeScript source instead, through the same
 * `paths` that tsc and tsx read from tsconfig.base.json.
 */
function sourceAliases(root: string) {
  const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, [string]> };
  };
  return Object.entries(compilerOptions.paths).map(([name, [path]]) => ({
    find: new RegExp(`^${name.replaceAll('/', '\\/')}$`),
    replacement: resolve(root, path),
  }));
}

export function definePackageTestConfig(packageDir: string, overrides: NonNullable<ViteUserConfig['test']> = {}) {
  const root = workspaceRoot(packageDir);
  const target = testTarget();
  const foreign = isForeignTarget(target);
  // A build against an SDK of pinned wheels (libtorch from torch's wheel)
  // needs its libraries on the loader's path before the test processes start.
  if (!foreign && !testVariant()) {
    process.env.LD_LIBRARY_PATH = withLibraryPath(runtimeLibraryDirs(root, target, basename(packageDir))).LD_LIBRARY_PATH;
  }
  return defineConfig({
    resolve: { alias: sourceAliases(root) },
    test: {
      include: foreign ? [CROSS_TESTS] : ['test/**/*.test.ts'],
      exclude: foreign ? [] : [CROSS_TESTS, '**/node_modules/**'],
      // A package without cross tests has nothing to run for a foreign target.
      passWithNoTests: foreign,
      // Sanitized builds run inside an ASan-preloaded Node, several times slower.
      testTimeout: testVariant() ? 180_000 : 60_000,
      hookTimeout: 180_000,
      globalSetup: [join(root, 'packages', 'test-support', 'src', 'scratch-tmp.ts')],
      reporters: ['default', ['json', { outputFile: join(root, 'dist', 'test-results', `${basename(packageDir)}.${layoutKey(target, testVariant())}.json`) }]],
      ...overrides,
    },
  });
}
