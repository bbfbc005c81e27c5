// The release index's JSON schema: the contract tools/ writes to tools/schema/ and
// checks before publishing, and the loader checks a downloaded index against.
// scripts/write-validators.ts compiles it into src/generated/ (ajv standalone code);
// after editing it, run that script.

export const RELEASE_INDEX_SCHEMA_VERSION = 1;

const plainFileName = { type: 'string', pattern: '^[A-Za-z0-9._+-]+$', not: { enum: ['.', '..'] } } as const;

export const indexAssetSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'plugin', 'backend', 'version', 'platform', 'target', 'arch', 'runtime', 'pluginApiVersion',
    'library', 'file', 'size', 'sha256', 'glibcFloor', 'cxxAbi', 'needed',
  ],
  properties: {
    // Plug-in and backend names become directory names on the user's machine.
    plugin: plainFileName,
    backend: { type: ['string', 'null'], pattern: '^[A-Za-z0-9._+-]+$', not: { enum: ['.', '..'] } },
    version: { type: 'string', minLength: 1 },
    platform: { type: 'string', minLength: 1 },
    target: { type: 'string', minLength: 1 },
    arch: { type: 'string', minLength: 1 },
    runtime: { type: 'string', minLength: 1 },
    pluginApiVersion: { type: 'integer', minimum: 1 },
    library: plainFileName,
    file: { ...plainFileName, pattern: '^[A-Za-z0-9._+-]+\\.tar\\.gz$' },
    licenses: { type: 'array', uniqueItems: true, items: plainFileName },
    runtimeFiles: { type: 'array', uniqueItems: true, items: plainFileName },
    size: { type: 'integer', minimum: 0 },
    sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    glibcFloor: { type: ['string', 'null'], pattern: '^[0-9]+(\\.[0-9]+)*$' },
    cxxAbi: { type: ['string', 'null'], minLength: 1 },
    needed: { type: 'array', items: { type: 'string', minLength: 1 } },
    linkage: {
      type: 'object',
      additionalProperties: { enum: ['static', 'system'] },
    },
    bundled: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'version'],
        properties: { name: { type: 'string', minLength: 1 }, version: { type: 'string', minLength: 1 } },
      },
    },
    backendRuntime: {
      type: 'object',
      additionalProperties: false,
      required: ['package', 'version', 'libraries', 'cxxAbi', 'glibcFloor', 'linkage'],
      properties: {
        package: { type: 'string', minLength: 1 },
        version: { type: 'string', minLength: 1 },
        libraries: { type: 'array', minItems: 1, uniqueItems: true, items: plainFileName },
        cxxAbi: { enum: ['cxx11', 'pre-cxx11', null] },
        glibcFloor: { type: ['string', 'null'], pattern: '^[0-9]+(\\.[0-9]+)*$' },
        linkage: { enum: ['linked', 'dlopen'] },
        sources: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['file', 'url', 'sha256', 'size', 'members'],
            properties: {
              file: plainFileName,
              // Downloaded from the registry unless a mirror is named: https only.
              url: { type: 'string', pattern: '^https://[^\\s]+$' },
              sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
              size: { type: 'integer', minimum: 1 },
              // Relative paths inside the archive, each ending in a plain file name.
              members: {
                type: 'array',
                minItems: 1,
                uniqueItems: true,
                items: { type: 'string', pattern: '^(?:[A-Za-z0-9_+-][A-Za-z0-9._+-]*/)*[A-Za-z0-9_+-][A-Za-z0-9._+-]*$' },
              },
            },
          },
        },
      },
    },
    audit: {
      type: 'object',
      additionalProperties: false,
      required: ['verdict', 'target', 'glibc', 'glibcxx', 'cxxabi'],
      properties: {
        verdict: { const: 'pass' },
        target: { type: 'string', minLength: 1 },
        glibc: { type: ['string', 'null'] },
        glibcxx: { type: ['string', 'null'] },
        cxxabi: { type: ['string', 'null'] },
      },
    },
  },
} as const;

export const releaseIndexSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'WasmEdge plug-in release index',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'assets'],
  properties: {
    $schema: { type: 'string' },
    schemaVersion: { const: RELEASE_INDEX_SCHEMA_VERSION },
    assets: { type: 'array', items: indexAssetSchema },
  },
} as const;
