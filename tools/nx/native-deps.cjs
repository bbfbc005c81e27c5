// What both local Nx plug-ins need to know about deps/<name>/dependency.json:
// which libraries each dependency provides (see tools/src/deps/dependency.ts
// for the full format, validated there).
'use strict';

const { existsSync, readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

function readDependencies(workspaceRoot) {
  const dir = join(workspaceRoot, 'deps');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'dependency.json')))
    .map((e) => JSON.parse(readFileSync(join(dir, e.name, 'dependency.json'), 'utf8')));
}

// The dependencies that provide any of `links` (a manifest plug-in's list).
function dependenciesProviding(dependencies, links) {
  return dependencies.filter((d) => (d.provides ?? []).some((lib) => (links ?? []).includes(lib)));
}

module.exports = { readDependencies, dependenciesProviding };
