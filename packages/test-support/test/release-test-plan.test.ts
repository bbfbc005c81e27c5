import { describe, expect, it } from 'vitest';
import { workspaceRoot } from '@wasmedge-plugins/tools';
import { loadManifest } from '@wasmedge-plugins/tools';
import { manifestPath } from '@wasmedge-plugins/tools';
import { releaseTestRuns } from '../src/release-test-plan.ts';

describe('the release-target test runs of npm test', () => {
  // Written for an x86_64 machine, where aarch64 is the foreign architecture.
  it.runIf(process.arch === 'x64')('test the static-OpenSSL builds in Node, every package with cross tests under qemu, and the cells built in a root on their target', async () => {
    const root = workspaceRoot();
    const runs = releaseTestRuns(root, await loadManifest(manifestPath(root)));
    expect(runs).toEqual([
      { target: 'manylinux2014_x86_64', projects: ['httpsreq', 'wasi-crypto'], why: 'static dependencies, in Node' },
      { target: 'manylinux2014_aarch64', projects: ['httpsreq', 'process', 'wasi-crypto'], why: 'cross-built, under qemu-user' },
      { target: 'ubuntu20.04_x86_64', projects: ['wasi-nn'], why: 'built in build root bullseye, in Node' },
    ]);
  });
});
