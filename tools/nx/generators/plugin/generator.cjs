// `npx nx g @wasmedge-plugins/tools:plugin my_plugin [--module m] [--language c|cpp]`:
// adds packages/<name>/ (a small, complete plug-in in the house style, with a
// .wat test program and a vitest test through the Node host) and the
// release-manifest entry. Nothing else needs editing by hand: the local Nx
// plug-in (tools/nx/plugin.cjs) turns the manifest entry into build, test and
// package targets. Plain CommonJS so Nx loads it without a TypeScript loader.
'use strict';

const { generateFiles, updateJson, readJson } = require('@nx/devkit');
const { join } = require('node:path');

const IDENTIFIER = /^[a-z][a-z0-9_]*$/;
// Names a plug-in must not take: the runtime treats them specially (plugin-abi §1.8)
// or they are WasmEdge's own.
const RESERVED = new Set(['wasi_logging', 'wasmedge_tensorflow', 'wasmedge_tensorflowlite', 'wasmedge_image', 'wasmedge_stablediffusion']);

function pascalCase(name) {
  return name
    .split('_')
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

function validate(tree, options) {
  const { name, module } = options;
  if (!IDENTIFIER.test(name)) {
    throw new Error(`plug-in name "${name}" is not a valid C identifier in lowercase (expected something like my_plugin: a-z, 0-9 and _, starting with a letter)`);
  }
  if (!IDENTIFIER.test(module)) {
    throw new Error(`module name "${module}" is not a valid lowercase C identifier`);
  }
  if (RESERVED.has(name)) {
    throw new Error(`plug-in name "${name}" is reserved by the WasmEdge runtime; choose another`);
  }
  const manifest = readJson(tree, 'release-manifest.json');
  const clash = manifest.plugins.find((p) => p.name === name || p.package === name);
  if (clash) {
    throw new Error(`release-manifest.json already has a plug-in named "${clash.name}" (package "${clash.package}"); choose another name`);
  }
  if (tree.exists(join('packages', name))) {
    throw new Error(`packages/${name} already exists; choose another name or remove it`);
  }
}

module.exports = async function pluginGenerator(tree, schema) {
  const options = { name: schema.name, module: schema.module || schema.name, language: schema.language || 'c' };
  validate(tree, options);
  const library = `libwasmedgePlugin${pascalCase(options.name)}.so`;
  const substitutions = {
    ...options,
    library,
    optionName: `${options.name.replace(/_/g, '-')}-factor`,
    sourceExt: options.language === 'cpp' ? 'cpp' : 'c',
    cmakeLanguage: options.language === 'cpp' ? 'CXX' : 'C',
    tmpl: '',
  };
  const target = join('packages', options.name);
  generateFiles(tree, join(__dirname, 'files', 'common'), target, substitutions);
  generateFiles(tree, join(__dirname, 'files', options.language), target, substitutions);
  updateJson(tree, 'release-manifest.json', (manifest) => {
    manifest.plugins.push({
      name: options.name,
      package: options.name,
      library,
      version: '0.1.0',
      description: `The ${options.name} plug-in (module ${options.module}).`,
      targets: ['host'],
    });
    return manifest;
  });
  return () => {
    console.log(`\nadded packages/${options.name} and its release-manifest.json entry.`);
    console.log(`next: npm install && npx nx run ${options.name}:build && npx nx run ${options.name}:test && npx nx run ${options.name}:package`);
  };
};
