// The JSON Schema files under tools/schema/, rendered from the TypeScript schemas so the two never
// drift: src/cli/write-schemas.ts writes them and a test checks the committed files match.

import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { releaseIndexSchema } from '@wasmedge-plugins/common';
import { releaseManifestSchema } from './manifest/schema.ts';

export const SCHEMA_DIR = fileURLToPath(new URL('../schema/', import.meta.url));

export interface SchemaFile {
  path: string;
  text: string;
}

export function renderSchemaFiles(schemaDir: string = SCHEMA_DIR): SchemaFile[] {
  return [
    { path: join(schemaDir, 'release-manifest.schema.json'), text: formatJsonFile(releaseManifestSchema) },
    { path: join(schemaDir, 'release-index.schema.json'), text: formatJsonFile(releaseIndexSchema) },
  ];
}

/** The one JSON layout we commit and publish: 2-space indent and a trailing newline. */
export function formatJsonFile(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
