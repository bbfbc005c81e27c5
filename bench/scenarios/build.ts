/**
 * Builds: a cold build of every plug-in through Nx and the orchestration,
 * against plain CMake configure + build of the same packages (the reference:
 * what the orchestration costs on top); and a no-change rebuild, which Nx
 * should serve from its cache.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSummaryPath, listTargetRuns, nxRunManyArgs, loadManifest, workspaceRoot, type BuildSummary } from '@wasmedge-plugins/tools';
import { compare, timeRuns, type Row } from '../measure.ts';

function run(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' } });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed with status ${result.status}`);
  }
}

export async function benchBuild(): Promise<Row[]> {
  const root = workspaceRoot();
  const manifest = await loadManifest(join(root, 'release-manifest.json'));
  // The host run of the cell model: its packages, as the rehearsal builds them.
  const hostRun = listTargetRuns(manifest, ['host'])[0];
  if (hostRun === undefined) throw new Error('release-manifest.json has no cells for host, so there is nothing to build');
  const nxBuild = ['nx', ...nxRunManyArgs(hostRun, 'build'), '--outputStyle=static'];
  const cleanBuildTrees = () => {
    rmSync(join(root, 'build', 'cmake'), { recursive: true, force: true });
    rmSync(join(root, 'dist', 'plugins'), { recursive: true, force: true });
  };

  const cold = await timeRuns(2, () => {
    cleanBuildTrees();
    run('npx', [...nxBuild, '--skip-nx-cache'], root);
  }, 0);
  // The reference builds the same cells (the host cells the build did not skip), with the same
  // cache variables the orchestration hands CMake, backend included.
  const packages = hostRun.packages;
  const built = packages.flatMap((pkg) => {
    const path = join(root, buildSummaryPath('host', pkg));
    return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as BuildSummary).built : [];
  });
  const plain = await timeRuns(2, () => {
    const out = mkdtempSync(join(tmpdir(), 'bench-cmake-'));
    for (const cell of built) {
      const dir = join(out, cell.id);
      run('cmake', ['-S', join(root, cell.layout.sourceDir), '-B', dir, '-G', 'Ninja', '-DCMAKE_BUILD_TYPE=Release',
        `-DWASMEDGE_PLUGIN_FILE_NAME=${cell.library}`, `-DWASMEDGE_PLUGIN_VERSION=${cell.version}`,
        ...(cell.backend ? [`-DWASMEDGE_PLUGIN_BACKEND=${cell.backend}`] : [])], root);
      run('cmake', ['--build', dir], root);
    }
    rmSync(out, { recursive: true, force: true });
  }, 0);
  const cached = await timeRuns(3, () => run('npx', nxBuild, root), 1);
  return [
    ...compare('cold build', 'ms', { subject: 'cmake configure + build', values: plain }, { subject: 'nx run-many -t build (no cache)', values: cold }),
    ...compare('no-change rebuild', 'ms', { subject: 'cold nx build', values: cold }, { subject: 'nx run-many -t build (cache hit)', values: cached }),
  ];
}
