// Local Nx plug-in: infers the build, package and test targets of every
// plug-in package from release-manifest.json, so that adding a plug-in, a
// backend or a target is a manifest change and no project.json repeats it.
//
// A plug-in package is a directory packages/<package>/ with a CMakeLists.txt
// whose name appears as `package` in the manifest. Each target the package
// has a buildable cell for becomes a configuration:
// `nx run process:build -c manylinux2014_aarch64`.
'use strict';

const { readFileSync } = require('node:fs');
const { dirname, basename, join } = require('node:path');
const { dependenciesProviding, readDependencies } = require('./native-deps.cjs');
// The cells (and their layout) come from the one expansion the TypeScript
// stages use too; see that file for why it is CommonJS.
const { cellLayout, targetsOfPackage } = require('../src/cells/expand-cells.cjs');
const { ZIG_VERSION_INPUT } = require('../src/orchestration/find-zig.cjs');

function readManifest(workspaceRoot) {
  return JSON.parse(readFileSync(join(workspaceRoot, 'release-manifest.json'), 'utf8'));
}

function configurations(targets) {
  return Object.fromEntries(targets.filter((t) => t !== 'host').map((t) => [t, { target: t }]));
}

function pluginTargets(pkg, manifest, plugins, dependencies) {
  const targets = targetsOfPackage(manifest, pkg);
  // Output paths from the cell layout, templated per configuration.
  const layout = cellLayout('{workspaceRoot}', '{options.target}', { plugin: pkg, backend: null, package: pkg });
  const orchestration = '{workspaceRoot}/tools/src/**/*';
  // Static builds of what the plug-ins link come first; the configuration
  // (the target) carries over, and for host they do nothing.
  const linked = dependenciesProviding(dependencies, plugins.flatMap((p) => p.links ?? []));
  return {
    build: {
      executor: 'nx:run-commands',
      cache: true,
      ...(linked.length ? { dependsOn: [{ projects: linked.map((d) => d.name), target: 'build' }] } : {}),
      // A rebuilt dependency (new source, options or zig) has a new stamp.
      // zig builds every release target: its version is part of the key.
      // The pinned wheels are the SDKs (and the build roots' CMake) some cells build against.
      inputs: ['production', 'native', 'manifest', orchestration, ZIG_VERSION_INPUT, '{workspaceRoot}/deps/pypi-wheels/wheels.json', ...(linked.length ? [{ dependentTasksOutputFiles: '**/stamp.json' }] : [])],
      outputs: [layout.packageDir],
      options: { command: `tsx tools/src/cli/build.ts --package ${pkg}`, cwd: '{workspaceRoot}', target: 'host' },
      configurations: configurations(targets),
      metadata: { description: `Build the ${plugins.map((p) => p.name).join(', ')} plug-in(s) with CMake for one target` },
    },
    package: {
      executor: 'nx:run-commands',
      cache: true,
      dependsOn: ['build'],
      // Keyed on what the build produced (the libraries and the summary of
      // built and skipped cells), so a rebuilt library is always audited and
      // packaged again, whether the build ran or came from the cache.
      inputs: [
        'manifest',
        orchestration,
        { env: 'SOURCE_DATE_EPOCH' },
        { dependentTasksOutputFiles: '**/*.so', transitive: false },
        { dependentTasksOutputFiles: '**/build-summary.json', transitive: false },
      ],
      outputs: [layout.partsDir, layout.findingsFile],
      options: { command: `tsx tools/src/cli/package.ts --package ${pkg}`, cwd: '{workspaceRoot}', target: 'host' },
      configurations: configurations(targets),
      metadata: { description: 'Package the built plug-in(s) into reproducible release tarballs' },
    },
    test: {
      executor: 'nx:run-commands',
      cache: true,
      dependsOn: ['build', { projects: ['loader'], target: 'build' }],
      inputs: ['default', 'manifest', '^production', { dependentTasksOutputFiles: '**/*.so', transitive: false }],
      // -c <target> runs the tests against that target's build (under qemu
      // for another architecture: only test/*.cross.test.ts).
      outputs: [`{workspaceRoot}/dist/test-results/${pkg}.{options.env.WASMEDGE_PLUGINS_TEST_TARGET}.json`],
      options: { command: 'vitest run', cwd: '{projectRoot}', env: { WASMEDGE_PLUGINS_TEST_TARGET: 'host' } },
      configurations: Object.fromEntries(
        targets.filter((t) => t !== 'host').map((t) => [t, { env: { WASMEDGE_PLUGINS_TEST_TARGET: t } }]),
      ),
      metadata: { description: 'Run wasm programs against the built plug-in through the Node host' },
    },
    // The sanitized variant (tools/src/orchestration/variants.ts): host only, never packaged.
    'build-asan': {
      executor: 'nx:run-commands',
      cache: true,
      inputs: ['production', 'native', 'manifest', orchestration, { runtime: 'clang --version | head -n 1' }],
      outputs: [`{workspaceRoot}/dist/plugins/host-asan/${pkg}`],
      options: { command: `tsx tools/src/cli/build.ts --package ${pkg} --variant asan`, cwd: '{workspaceRoot}' },
      metadata: { description: 'Build the plug-in(s) with clang under ASan and UBSan (and libFuzzer coverage)' },
    },
    'test-asan': {
      executor: 'nx:run-commands',
      cache: true,
      dependsOn: ['build-asan', { projects: ['loader'], target: 'build' }],
      inputs: ['default', 'manifest', '^production', { runtime: 'clang --version | head -n 1' }],
      outputs: [`{workspaceRoot}/dist/test-results/${pkg}.host-asan.json`],
      options: { command: 'tsx ../test-support/src/cli/run-sanitized.ts --variant asan -- vitest run', cwd: '{projectRoot}' },
      metadata: { description: "Run the package's suite against its ASan/UBSan build, the sanitizer runtime preloaded into Node" },
    },
  };
}

module.exports.createNodes = [
  'packages/*/CMakeLists.txt',
  (files, _options, context) => {
    const manifest = readManifest(context.workspaceRoot);
    const dependencies = readDependencies(context.workspaceRoot);
    return files.flatMap((file) => {
      const root = dirname(file);
      const pkg = basename(root);
      const plugins = manifest.plugins.filter((p) => p.package === pkg);
      if (plugins.length === 0) {
        return [];
      }
      // A change to a linked dependency (deps/<name>) makes the plug-in affected.
      const implicitDependencies = dependenciesProviding(dependencies, plugins.flatMap((p) => p.links ?? [])).map((d) => d.name);
      const project = { name: pkg, tags: ['type:plugin'], implicitDependencies, targets: pluginTargets(pkg, manifest, plugins, dependencies) };
      return [[file, { projects: { [root]: project } }]];
    });
  },
];

// After the tasks: list every cell built, skipped (and why), audited and
// packaged, which Nx's default output would hide (tools/nx/run-summary.cjs).
module.exports.postTasksExecution = require('./run-summary.cjs').printRunSummary;
