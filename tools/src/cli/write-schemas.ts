// Writes tools/schema/*.schema.json from the TypeScript schemas. Run after changing a schema or
// the target table:  npx tsx tools/src/cli/write-schemas.ts

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { renderSchemaFiles } from '../schema-files.ts';

async function main(): Promise<void> {
  for (const file of renderSchemaFiles()) {
    await mkdir(dirname(file.path), { recursive: true });
    await writeFile(file.path, file.text);
    console.log(`wrote ${file.path}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
