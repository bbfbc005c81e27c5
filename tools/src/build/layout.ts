/** Where each stage puts its files, in one place. */
import { join } from 'node:path';
import type { MatrixCell } from '../matrix.ts';

/** `<plugin>` or `<plugin>-<backend>`, as in asset names. */
export function cellId(cell: Pick<MatrixCell, 'plugin' | 'backend'>): string {
  return cell.backend === null ? cell.plugin : `${cell.plugin}-${cell.backend}`;
}

export function layoutFor(workspaceRoot: string, target: string, cell: Pick<MatrixCell, 'plugin' | 'backend' | 'package'>) {
  const id = cellId(cell);
  const packageDir = join(workspaceRoot, 'dist', 'plugins', target, cell.package);
  return {
    buildDir: join(workspaceRoot, 'build', 'cmake', target, id),
    packageDir,
    installDir: join(packageDir, id),
    partsDir: join(workspaceRoot, 'dist', 'release', 'parts', target, cell.package),
  };
}

export function releaseDir(workspaceRoot: string): string {
  return join(workspaceRoot, 'dist', 'release');
}
