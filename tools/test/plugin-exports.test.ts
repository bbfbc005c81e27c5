import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportedSymbols, readElf } from '@wasmedge-plugins/common';
import type { BuildSummary } from '../src/orchestration/build-cells.ts';
import { workspaceRoot } from '../src/cli/cli-support.ts';
import { expandMatrix } from '../src/cells/cells.ts';
import { loadManifest } from '../src/manifest/load-manifest.ts';

// Every plug-in built for this machine (nx run-many -t build runs first, see
// tools/project.json) must export exactly the descriptor symbol: anything
// else can clash with the runtime or another plug-in, and a C++
// `GetDescriptor` would even be taken for the C++ plug-in interface.
const root = workspaceRoot();
const manifest = await loadManifest(join(root, 'release-manifest.json'));
const cells = expandMatrix(manifest, { root, targets: ['host'] }).cells;

describe('every built plug-in', () => {
  it.each(cells.map((c) => [c.id, c] as const))(
    '%s exports only WasmEdge_Plugin_GetDescriptor',
    (_id, cell) => {
      const { layout } = cell;
      const summaryPath = layout.buildSummary;
      expect(existsSync(summaryPath), `${summaryPath} is missing: run npx nx run ${cell.package}:build`).toBe(true);
      const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as BuildSummary;
      if (summary.skipped.some((s) => s.plugin === cell.plugin && s.backend === cell.backend)) {
        return; // not buildable here; the build summary says why
      }
      const elf = readElf(readFileSync(layout.library));
      expect(exportedSymbols(elf).map((s) => s.name)).toEqual(['WasmEdge_Plugin_GetDescriptor']);
      expect(elf.symbols.some((s) => s.defined && s.name === 'GetDescriptor')).toBe(false);
    },
  );
});
