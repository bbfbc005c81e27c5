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

function releaseTargetsLinking(manifest, dependency) {
  const names = new Set();
  for (const plugin of manifest.plugins) {
    if (dependenciesProviding([dependency], plugin.links).length === 0) continue;
    for (const target of plugin.targets) if (target !== 'host') names.add(target);
  }
  return [...names].sort();
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
          '{workspaceRoot}/tools/src/build/zig-toolchain.ts',
          { runtime: 'python3 -m ziglang version 2>/dev/null || true' },
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
