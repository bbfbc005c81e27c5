// Reads and validates the release manifest once, so everything downstream (matrix, build,
// packaging) works from typed data. Every problem is reported, one line each, as
// `<file>: <field>: expected ..., found ...`, and all of them are thrown together.

import { readFile } from 'node:fs/promises';
import { Ajv, type ErrorObject } from 'ajv';
import semver from 'semver';
import { formatJsonPath } from '@wasmedge-plugins/common';
import { releaseManifestSchema, type ReleaseManifest } from './schema.ts';
import { findManifestConflicts } from './check-manifest.ts';

export class ManifestError extends Error {
  override name = 'ManifestError';
  constructor(
    readonly file: string,
    readonly problems: string[],
    options?: ErrorOptions,
  ) {
    super(problems.map((problem) => `${file}: ${problem}`).join('\n'), options);
  }
}

const ajv = new Ajv({ allErrors: true, verbose: true });
ajv.addFormat('semver', { type: 'string', validate: (value) => semver.valid(value) === value });
ajv.addFormat('semver-range', { type: 'string', validate: (value) => semver.validRange(value) !== null });
const validateManifestShape = ajv.compile(releaseManifestSchema);

export async function loadManifest(path: string): Promise<ReleaseManifest> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ManifestError(path, [`cannot read the manifest: ${(error as Error).message}`], { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ManifestError(path, [`not valid JSON: ${(error as Error).message}`], { cause: error });
  }
  return validateManifest(json, path);
}

/** Validates parsed manifest JSON; `file` names the source in messages. */
export function validateManifest(json: unknown, file: string): ReleaseManifest {
  if (!validateManifestShape(json)) {
    throw new ManifestError(file, (validateManifestShape.errors ?? []).map(describeManifestError));
  }
  // Cross-field rules (uniqueness, subsets) only make sense once the shape is right.
  const manifest = json as unknown as ReleaseManifest;
  const conflicts = findManifestConflicts(manifest);
  if (conflicts.length > 0) throw new ManifestError(file, conflicts);
  return manifest;
}

type SchemaNode = { description?: string; properties?: Record<string, SchemaNode>; enum?: unknown[] };

function describeManifestError(error: ErrorObject): string {
  const field = formatJsonPath(error.instancePath);
  const where = field === '' ? '' : `${field}: `;
  const schema = (error.parentSchema ?? {}) as SchemaNode;
  const expected = schema.description ?? `a value matching ${error.schemaPath}`;
  const found = `found ${describeValue(error.data)}`;
  switch (error.keyword) {
    case 'required': {
      const missing = String(error.params.missingProperty);
      const child = schema.properties?.[missing]?.description;
      return `${where}missing field "${missing}"${child ? ` (expected ${child})` : ''}`;
    }
    case 'additionalProperties':
      return `${where}unknown field "${String(error.params.additionalProperty)}"; allowed fields: ${Object.keys(schema.properties ?? {}).join(', ')}`;
    case 'enum':
      return `${where}expected ${expected} (one of ${(schema.enum ?? []).join(', ')}), ${found}`;
    case 'minItems':
      return `${where}expected at least ${String(error.params.limit)} entry, found none`;
    case 'uniqueItems':
      return `${where}expected ${expected} without repeats, found the same entry at [${String(error.params.j)}] and [${String(error.params.i)}]`;
    default:
      return `${where}expected ${expected}, ${found}`;
  }
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}
