/** What every tools/ command shares: where the workspace is, and how to end. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The directory holding release-manifest.json, searched upward from cwd. */
export function workspaceRoot(start = process.cwd()): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'release-manifest.json')) && existsSync(join(dir, 'nx.json'))) {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`no release-manifest.json found in ${start} or above: run this inside the wasmedge-plugins checkout`);
    }
    dir = parent;
  }
}

export function manifestPath(root: string): string {
  return join(root, 'release-manifest.json');
}

/** Runs a command's main, printing the error (and its cause) and exiting 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    const error = err instanceof Error ? err : new Error(String(err));
    console.error(`error: ${error.message}`);
    if (error.cause instanceof Error && process.env.DEBUG) {
      console.error(error.cause);
    }
    process.exitCode = 1;
  });
}
