// The release manifest (release-manifest.json at the repo root): which plug-ins we ship, at which
// version, for which targets and backends, and for which runtime. This file holds its types and
// its JSON Schema side by side; tools/schema/release-manifest.schema.json is written from here
// (src/cli/write-schemas.ts) so editors can check the manifest too.
// Each field's `description` is phrased as what is expected, because load-manifest.ts quotes it
// in error messages: "expected <description>, found ...".

import { listTargetNames, type TargetName } from '@wasmedge-plugins/common';

/** The plug-in C API version the headers in packages/plugin-api declare. */
export const PLUGIN_API_VERSION = 5;

export interface ReleaseManifest {
  $schema?: string;
  runtime: RuntimeRequirement;
  /** Root filesystems cells can build in (a backend's `perTarget.<target>.buildRoot`), by name. */
  buildRoots?: Record<string, BuildRootEntry>;
  plugins: PluginEntry[];
}

/**
 * A Debian root filesystem made with mmdebstrap (tools/src/build-roots):
 * its glibc and libstdc++ are what a library built in it needs at most.
 */
export interface BuildRootEntry {
  suite: string;
  mirror: string;
  /** Debian packages installed into it: compiler, Ninja, development headers. */
  packages: string[];
  /** name==version pins of deps/pypi-wheels/wheels.json whose programs it gets (e.g. a newer CMake). */
  wheels: string[];
  /** The compilers CMake uses inside it. */
  cCompiler: string;
  cxxCompiler: string;
}

export interface RuntimeRequirement {
  range: string;
  pluginApiVersion: number;
  /** The runtime CI installs to check plug-ins against (inside `range`). */
  testedWith: string;
}

export interface PluginEntry {
  name: string;
  package: string;
  library: string;
  version: string;
  description: string;
  targets: TargetName[];
  /** Native libraries it links (e.g. libcrypto): the index says whether each is static or the system's. */
  links?: string[];
  requires?: RequirementEntry[];
  backends?: BackendEntry[];
}

export interface BackendEntry {
  name: string;
  targets?: TargetName[];
  exclude?: ExcludedTarget[];
  requires?: RequirementEntry[];
  /** Sonames the built library is expected to need (an SDK the platform provides); the audit checks them. */
  needed?: string[];
  /** The C++ ABI the built library is expected to use; the audit checks it against the ELF. */
  cxxAbi?: string;
  /** Set, with the reason, for a backend that is declared but not implemented: never built or released. */
  planned?: string;
  /** How the backend builds for one of its targets, where that differs: replaces requires, needed and cxxAbi whole. */
  perTarget?: Partial<Record<TargetName, BackendTargetEntry>>;
  /** The inference runtime the backend opens with dlopen on first use (never linked): the index publishes it. */
  runtime?: BackendRuntime;
}

export interface BackendTargetEntry {
  /** A name in `buildRoots`: the cell configures and builds inside that root. */
  buildRoot?: string;
  /** An SDK made from pinned wheels (tools/src/deps/sdks.ts), e.g. libtorch-wheel. */
  sdk?: string;
  requires?: RequirementEntry[];
  needed?: string[];
  cxxAbi?: string;
}

/** A backend's runtime library, installed by the user from a pinned package. */
export interface BackendRuntime {
  /** The PyPI package that ships it, and its pinned version. */
  package: string;
  version: string;
  /** The file name the plug-in opens. */
  library: string;
  /** The directory inside the wheel that holds its libraries. */
  libraryDir: string;
  /** Libraries the runtime opens itself (no DT_NEEDED names them), taken from the wheel too. */
  alsoLoads?: string[];
  /** The wheel's directory of C headers the backend compiles against, ending in /. */
  headers?: string;
  /** The environment variable naming its directory at run time. */
  variable: string;
  /** The runtime's own glibc floor per architecture (readelf of the pinned wheel's libraries). */
  glibcFloor: Partial<Record<'x86_64' | 'aarch64', string>>;
  /** Why the backend's targets are what they are. */
  why: string;
}

/** Something a build needs from the machine, checked before CMake runs. */
export interface RequirementEntry {
  kind: 'command' | 'file' | 'cmake-package';
  name: string;
  install: string;
}

export interface ExcludedTarget {
  target: TargetName;
  reason: string;
}

const identifier = {
  type: 'string',
  pattern: '^[a-z][a-z0-9_]*$',
  description: 'a lowercase C identifier such as wasmedge_process',
} as const;

const sentence = { type: 'string', minLength: 1, description: 'a non-empty sentence' } as const;

const targetName = {
  type: 'string',
  enum: listTargetNames(),
  description: 'a target name from the target table',
};

const targetList = {
  type: 'array',
  minItems: 1,
  uniqueItems: true,
  items: targetName,
  description: 'a list of target names',
};

const requirementList = {
  type: 'array',
  description: 'a list of {kind, name, install} objects',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['kind', 'name', 'install'],
    description: 'a {kind, name, install} object',
    properties: {
      kind: { type: 'string', enum: ['command', 'file', 'cmake-package'], description: 'the kind of requirement' },
      name: { ...sentence, description: 'a program, a file path (a leading ~/ is the home directory) or a CMake package name' },
      install: { ...sentence, description: 'a sentence saying how to install it' },
    },
  },
};

const neededList = {
  type: 'array',
  description: 'a list of sonames such as libtorch.so',
  items: { type: 'string', pattern: '^[A-Za-z0-9_+.-]+\\.so(\\.[0-9]+)*$', description: 'a soname such as libtorch.so' },
};

const cxxAbi = { type: 'string', enum: ['cxx11', 'pre-cxx11'], description: 'the C++ ABI the library is expected to use' };

const rootName = { type: 'string', pattern: '^[a-z][a-z0-9-]*$', description: 'a lowercase name such as bullseye' };

const backendTargetSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'a {buildRoot, sdk, requires, needed, cxxAbi} object',
  properties: {
    buildRoot: { ...rootName, description: 'a name in buildRoots' },
    sdk: { type: 'string', pattern: '^[a-z][a-z0-9-]*$', description: 'an SDK name such as libtorch-wheel' },
    requires: requirementList,
    needed: neededList,
    cxxAbi,
  },
};

const buildRootSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['suite', 'mirror', 'packages', 'wheels', 'cCompiler', 'cxxCompiler'],
  description: 'a {suite, mirror, packages, wheels, cCompiler, cxxCompiler} object',
  properties: {
    suite: { type: 'string', pattern: '^[a-z][a-z0-9-]*$', description: 'a Debian suite such as bullseye' },
    mirror: { type: 'string', pattern: '^https?://', description: 'a Debian mirror URL such as http://deb.debian.org/debian' },
    packages: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { type: 'string', pattern: '^[a-z0-9][a-z0-9+.-]+$', description: 'a Debian package name' },
      description: 'a list of Debian package names',
    },
    wheels: {
      type: 'array',
      uniqueItems: true,
      items: { type: 'string', pattern: '^[A-Za-z0-9._-]+==[A-Za-z0-9.+!-]+$', description: 'a wheel pin such as cmake==3.31.6' },
      description: 'a list of name==version wheel pins',
    },
    cCompiler: { type: 'string', minLength: 1, description: 'the C compiler inside the root, such as clang-16' },
    cxxCompiler: { type: 'string', minLength: 1, description: 'the C++ compiler inside the root, such as clang++-16' },
  },
};

const backendSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  description: 'a backend object',
  properties: {
    name: { ...identifier, description: 'a lowercase C identifier such as ggml' },
    targets: { ...targetList, description: "a list of target names, a subset of the plug-in's targets" },
    exclude: {
      type: 'array',
      description: 'a list of {target, reason} objects',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['target', 'reason'],
        description: 'a {target, reason} object',
        properties: { target: targetName, reason: { ...sentence, description: 'a sentence saying why' } },
      },
    },
    requires: requirementList,
    needed: neededList,
    cxxAbi,
    planned: { ...sentence, description: 'a sentence saying what is missing before this backend can be built' },
    perTarget: {
      type: 'object',
      propertyNames: targetName,
      additionalProperties: backendTargetSchema,
      description: 'an object from target names to {buildRoot, sdk, requires, needed, cxxAbi} objects',
    },
    runtime: {
      type: 'object',
      additionalProperties: false,
      required: ['package', 'version', 'library', 'libraryDir', 'variable', 'glibcFloor', 'why'],
      description: 'a {package, version, library, libraryDir, alsoLoads, headers, variable, glibcFloor, why} object',
      properties: {
        package: { type: 'string', pattern: '^[a-z0-9][a-z0-9_.-]*$', description: 'a PyPI package name such as openvino' },
        version: { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)*$', description: 'a pinned version such as 2026.4.1' },
        library: { type: 'string', pattern: '^lib[A-Za-z0-9_+-]+\\.so(\\.[0-9]+)*$', description: 'a library file name such as libLiteRt.so' },
        libraryDir: { type: 'string', pattern: '^[a-z0-9_]+(/[a-z0-9_]+)*$', description: 'a directory inside the wheel such as openvino/libs' },
        headers: { type: 'string', pattern: '^[a-z0-9_]+(/[a-z0-9_]+)*/$', description: 'a directory inside the wheel ending in /, such as openvino/include/' },
        alsoLoads: {
          type: 'array',
          uniqueItems: true,
          items: { type: 'string', pattern: '^lib[A-Za-z0-9_+-]+\\.so(\\.[0-9]+)*$', description: 'a library file name' },
          description: 'a list of the library file names the runtime opens itself (plug-ins, front ends)',
        },
        variable: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$', description: 'an environment variable name' },
        glibcFloor: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          description: 'an object from architecture (x86_64, aarch64) to a glibc version such as 2.28',
          properties: {
            x86_64: { type: 'string', pattern: '^2\\.[0-9]+$', description: 'a glibc version such as 2.28' },
            aarch64: { type: 'string', pattern: '^2\\.[0-9]+$', description: 'a glibc version such as 2.34' },
          },
        },
        why: { ...sentence, description: "a sentence saying why the backend's targets are these" },
      },
    },
  },
};

const pluginSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'package', 'library', 'version', 'description', 'targets'],
  description: 'a plug-in object',
  properties: {
    name: identifier,
    package: {
      type: 'string',
      pattern: '^[a-z0-9][a-z0-9_-]*$',
      description: 'a directory name under packages/ such as process',
    },
    library: {
      type: 'string',
      pattern: '^lib[A-Za-z0-9_]+\\.so$',
      description: 'a file name like libwasmedgePluginX.so',
    },
    version: { type: 'string', format: 'semver', description: 'a semver version such as 0.17.1' },
    description: { ...sentence, description: 'a sentence saying what the plug-in does' },
    targets: targetList,
    links: {
      type: 'array',
      uniqueItems: true,
      description: 'a list of library names such as libcrypto',
      items: { type: 'string', pattern: '^lib[A-Za-z0-9_+-]+$', description: 'a library name such as libcrypto' },
    },
    requires: requirementList,
    backends: { type: 'array', minItems: 1, items: backendSchema, description: 'a list of backend objects' },
  },
};

export const releaseManifestSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'WasmEdge plug-in release manifest',
  type: 'object',
  additionalProperties: false,
  required: ['runtime', 'plugins'],
  description: 'a release manifest object',
  properties: {
    $schema: { type: 'string', description: 'a path to this schema' },
    runtime: {
      type: 'object',
      additionalProperties: false,
      required: ['range', 'pluginApiVersion', 'testedWith'],
      description: 'a {range, pluginApiVersion, testedWith} object',
      properties: {
        range: {
          type: 'string',
          minLength: 1,
          format: 'semver-range',
          description: 'a semver range of WasmEdge versions such as ">=0.17.0 <0.18.0"',
        },
        testedWith: {
          type: 'string',
          format: 'semver',
          description: 'the WasmEdge version CI runs the plug-ins on, such as 0.17.1',
        },
        pluginApiVersion: {
          type: 'integer',
          const: PLUGIN_API_VERSION,
          description: `${PLUGIN_API_VERSION} (the plug-in C API version this repository builds against)`,
        },
      },
    },
    buildRoots: {
      type: 'object',
      propertyNames: rootName,
      additionalProperties: buildRootSchema,
      description: 'an object from root names to build root objects',
    },
    plugins: { type: 'array', minItems: 1, items: pluginSchema, description: 'a list of plug-in objects' },
  },
};
