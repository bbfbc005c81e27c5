// Local Nx plug-in: one project per native dependency under deps/ (for
// example `openssl`), with a cached `build` target and one configuration per
// release target a linking plug-in ships for:
//   nx run openssl:build -c manylinux2014_aarch64
// Plug-in builds depend on it (tools/nx/plugin.cjs), so Nx builds or
// restores it first; its output is build/deps/<name>/<target>/.
'use strict';

const { readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { dependenciesProviding } = require('./native-deps.cjs');
const { expandCells } = require('../src/cells/expand-cells.cjs');
const { ZIG_VERSION_INPUT } = require('../src/orchestration/find-zig.cjs');

// The release targets of the buildable cells that link this dependency.
function releaseTargetsLinking(manifest, dependency) {
  const cells = expandCells(manifest).cells.filter((c) => c.target !== 'host' && dependenciesProviding([dependency], c.links).length > 0);
  return [...new Set(cells.map((c) => c.target))].sort();
}

module.exports.createNodes = [
  'deps/*/dependency.json',
  (files, _options, context) => {
    const manifest = JSON.parse(readFileSync(join(context.workspaceRoot, 'release-manifest.json'), 'utf8'));
    return files.map((file) => {
      const root = dirname(file);
      const dependency = JSON.parse(readFileSync(join(context.workspaceRoot, file), 'utf8'));
      const targets = releaseTargetsLinking(manifest, dependency);
      const build = {
        executor: 'nx:run-commands',
        cache: true,
        inputs: [
          '{projectRoot}/dependency.json',
          '{workspaceRoot}/tools/src/deps/**/*',
          '{workspaceRoot}/tools/src/orchestration/zig-toolchain.ts',
          '{workspaceRoot}/tools/src/orchestration/find-zig.cjs',
          ZIG_VERSION_INPUT,
        ],
        outputs: [`{workspaceRoot}/build/deps/${dependency.name}/{options.target}`],
        options: { command: `tsx tools/src/cli/build-deps.ts --dependency ${dependency.name}`, cwd: '{workspaceRoot}', target: 'host' },
        configurations: Object.fromEntries(targets.map((t) => [t, { target: t }])),
        metadata: { description: `Build ${dependency.name} ${dependency.version} static for one release target (nothing for host)` },
      };
      return [file, { projects: { [root]: { name: dependency.name, tags: ['type:native-dep'], targets: { build } } } }];
    });
  },
];
