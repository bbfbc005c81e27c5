/**
 * Which release-target builds `npm test` exercises besides `host`: per
 * architecture, the release target with the lowest glibc (the others differ
 * only in their glibc ceiling, which the audit checks). On this machine's
 * architecture, the packages that link a native dependency run their whole
 * suite against the static build; on another architecture, the packages
 * with `test/*.cross.test.ts` files run those under qemu-user. Cells built
 * in a build root run their package's suite on their own target.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expandMatrix } from '@wasmedge-plugins/tools';
import type { ReleaseManifest } from '@wasmedge-plugins/tools';
import { floorTargetFor } from '@wasmedge-plugins/tools';
import { isForeignTarget } from './test-target.ts';
import type { Arch } from '@wasmedge-plugins/common';

export interface ReleaseTestRun {
  target: string;
  projects: string[];
  why: string;
}

function hasCrossTests(workspaceRoot: string, pkg: string): boolean {
  const dir = join(workspaceRoot, 'packages', pkg, 'test');
  return existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.cross.test.ts'));
}

export function releaseTestRuns(workspaceRoot: string, manifest: ReleaseManifest, arches: readonly Arch[] = ['x86_64', 'aarch64']): ReleaseTestRun[] {
  const runs: ReleaseTestRun[] = [];
  for (const arch of arches) {
    const target = floorTargetFor(arch).name;
    const cells = expandMatrix(manifest, { targets: [target] }).cells;
    const foreign = isForeignTarget(target);
    const projects = [...new Set(cells.filter((c) => (foreign ? hasCrossTests(workspaceRoot, c.package) : (c.links?.length ?? 0) > 0)).map((c) => c.package))].sort();
    if (projects.length > 0) {
      runs.push({ target, projects, why: foreign ? 'cross-built, under qemu-user' : 'static dependencies, in Node' });
    }
  }
  // A cell built in a build root links that root's libraries and an SDK of
  // its own: its package's whole suite runs against it, whatever the target.
  const rooted = expandMatrix(manifest).cells.filter((c) => c.buildEnv.root !== null && !isForeignTarget(c.target));
  for (const target of [...new Set(rooted.map((c) => c.target))].sort()) {
    const cells = rooted.filter((c) => c.target === target);
    const projects = [...new Set(cells.map((c) => c.package))].sort();
    const roots = [...new Set(cells.map((c) => c.buildEnv.root!.name))].join(', ');
    const existing = runs.find((r) => r.target === target);
    if (existing) existing.projects = [...new Set([...existing.projects, ...projects])].sort();
    else runs.push({ target, projects, why: `built in build root ${roots}, in Node` });
  }
  return runs;
}
