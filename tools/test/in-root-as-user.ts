/**
 * Run by build-root.test.ts as an unprivileged user (runuser): makes or
 * reuses that user's bullseye root through the same code a build uses, then
 * runs the command given after the workspace path inside it, with the
 * workspace bound at its own path. Prints the command's output. Reads the
 * manifest as plain JSON because the user need not have built the
 * workspace's packages.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { captureInRoot, ensureBuildRoot, namespaceMode } from '../src/build-roots/build-root.ts';

const [workspace, ...argv] = process.argv.slice(2);
const manifest = JSON.parse(readFileSync(join(workspace!, 'release-manifest.json'), 'utf8'));
const { cCompiler: _c, cxxCompiler: _cxx, ...declared } = manifest.buildRoots.bullseye;
const access = namespaceMode();
if (access.mode !== 'user') throw new Error(`expected to enter the root through a user namespace, got ${JSON.stringify(access)}`);
const started = Date.now();
const root = await ensureBuildRoot({ name: 'bullseye', ...declared }, { workspaceRoot: workspace!, log: (line) => process.stderr.write(`${line}\n`) });
process.stderr.write(`root ${root.dir} ${root.created ? 'made' : 'reused'} in ${Math.round((Date.now() - started) / 1000)} s\n`);
process.stdout.write(captureInRoot(root, argv, { binds: [workspace!], access }));
