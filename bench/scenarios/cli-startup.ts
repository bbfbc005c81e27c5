/**
 * CLI start-up: wasmedge-plugins running `--version` and `list` in a fresh
 * process, against `node -e 0` in the same run. The CLI is the one a user
 * gets: @wasmedge-plugins/loader and /common are packed (`npm pack`) and
 * installed from a loopback registry into a scratch project outside the
 * workspace, and run from its node_modules with no TypeScript runtime. The
 * target is under 150 ms for each; each command loads only its own modules.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { COMMON_DIR, LOADER_VERSION, packLibraries, ROOT } from '../../packages/loader/scripts/npm-packages.ts';
import { PACKAGE_DIR } from '../../packages/loader/src/host/addon-location.ts';
import { npmInstallFrom, startLocalRegistry } from '../../packages/loader/test/helpers/local-registry.ts';
import { median, type Row } from '../measure.ts';

const RUNS = 21;

function runNode(args: string[], env: NodeJS.ProcessEnv, cwd: string): void {
  const result = spawnSync(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${result.stderr}`);
}

/** Installs the packed loader into a new project; resolves to the CLI's entry file in it. */
async function installPackedCli(project: string, env: NodeJS.ProcessEnv): Promise<string> {
  // Start-up needs no native host, so the prebuilt packages (a zig build) are left out: npm skips
  // an optional dependency the registry does not have.
  const registry = await startLocalRegistry(packLibraries(join(project, 'tarballs')), ROOT, {
    '@wasmedge-plugins/loader': PACKAGE_DIR,
    '@wasmedge-plugins/common': COMMON_DIR,
  });
  try {
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'cli-startup', private: true, dependencies: { '@wasmedge-plugins/loader': LOADER_VERSION } }));
    const install = await npmInstallFrom(registry, project, env);
    if (install.status !== 0) throw new Error(`npm install of the packed loader failed:\n${install.stderr}`);
  } finally {
    registry.close();
  }
  return join(project, 'node_modules', '@wasmedge-plugins', 'loader', 'bin', 'wasmedge-plugins.mjs');
}

export async function benchCliStartup(): Promise<Row[]> {
  if (!existsSync(join(PACKAGE_DIR, 'dist', 'cli', 'main.js'))) throw new Error('the CLI is not compiled: run npx nx run loader:build first');
  const project = mkdtempSync(join(tmpdir(), 'bench-cli-'));
  try {
    // No NODE_OPTIONS (tsx), an empty plug-in directory: what a user's shell starts.
    const { NODE_OPTIONS: _drop, ...base } = process.env;
    const bin = await installPackedCli(project, base);
    const home = join(project, 'home');
    mkdirSync(home);
    const env = { ...base, HOME: home, WASMEDGE_PLUGINS_DIR: '' };
    const cases: [string, string[]][] = [
      ['node -e 0', ['-e', '0']],
      ['wasmedge-plugins --version', [bin, '--version']],
      ['wasmedge-plugins list', [bin, 'list']],
    ];
    for (const [, args] of cases) runNode(args, env, project); // warm the file cache
    // Interleaved, so a change in machine load touches every subject alike.
    const times = cases.map(() => [] as number[]);
    for (let run = 0; run < RUNS; run++) {
      for (const [i, [, args]] of cases.entries()) {
        const start = performance.now();
        runNode(args, env, project);
        times[i]!.push(performance.now() - start);
      }
    }
    const reference = median(times[0]!);
    return cases.map(([subject], i) => {
      const value = median(times[i]!);
      return { scenario: 'cli-startup', subject, median: value, unit: 'ms/run', runs: RUNS, ratio: value / reference, ...(i === 0 ? { reference: true } : {}) };
    });
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}
