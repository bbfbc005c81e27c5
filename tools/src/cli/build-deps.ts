/**
 * Build the native dependencies under deps/ for one release target:
 *   tsx tools/src/cli/build-deps.ts [--dependency NAME] [--target T]
 * For `host` there is nothing to build (host plug-ins link the system's
 * libraries). Nx runs this before the plug-in builds that need it and caches
 * build/deps/<name>/<target>/.
 */
import { parseArgs } from 'node:util';
import { createBuildLog } from '../orchestration/build-log.ts';
import { DependencyError, loadDependencies } from '../deps/dependency.ts';
import { ensureStaticDependency } from '../deps/static-deps.ts';
import { runMain, workspaceRoot } from './cli-support.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dependency: { type: 'string' },
      target: { type: 'string', default: 'host' },
    },
  });
  const root = workspaceRoot();
  const available = loadDependencies(root);
  const names = values.dependency !== undefined ? [values.dependency] : [...available.keys()];
  const log = createBuildLog();
  if (values.target === 'host') {
    log.info(`target host links the system's ${names.join(', ')}: nothing to build`);
    return;
  }
  for (const name of names) {
    const dependency = available.get(name);
    if (dependency === undefined) {
      throw new DependencyError(`no dependency named ${name} under deps/ (have: ${[...available.keys()].join(', ') || 'none'})`);
    }
    const built = await ensureStaticDependency({ workspaceRoot: root, dependency, target: values.target!, log });
    log.info(`${name} ${built.version} for ${values.target}: ${built.prefix}`);
  }
}

runMain(main);
