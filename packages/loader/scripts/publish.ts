/**
 * Publishes the tarballs in dist/npm/ (scripts/pack.ts) to npm with
 * provenance, dependencies first: common, the prebuilt hosts, then the
 * loader that names them. A version the registry already has is skipped, so
 * a plug-in release tag re-runs this harmlessly. With --dry-run, npm checks
 * and prints every package without publishing (what CI runs).
 * There is no token: npm (11.5.1 or later) exchanges the GitHub Actions OIDC
 * token for a short-lived publish credential (trusted publishing).
 *   tsx scripts/publish.ts [--dir dist/npm] [--dry-run]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import semver from 'semver';
import { runMain } from '@wasmedge-plugins/tools';
import { PACKAGE_NAME } from '../src/host/addon-location.ts';
import { ROOT } from './npm-packages.ts';

interface Tarball {
  file: string;
  name: string;
  version: string;
}

function readTarball(file: string): Tarball {
  const pkg = JSON.parse(execFileSync('tar', ['-xOzf', file, 'package/package.json'], { encoding: 'utf8' })) as { name: string; version: string };
  return { file, name: pkg.name, version: pkg.version };
}

/** common first, the loader last: each is published after what it depends on. */
function publishOrder(t: Tarball): number {
  if (t.name === PACKAGE_NAME) return 2;
  return t.name.startsWith(`${PACKAGE_NAME}-`) ? 1 : 0;
}

function isPublished(t: Tarball): boolean {
  const view = spawnSync('npm', ['view', `${t.name}@${t.version}`, 'version'], { encoding: 'utf8' });
  return view.status === 0 && view.stdout.trim() === t.version;
}

/** The first npm release that publishes with an OIDC token (trusted publishing). */
const TRUSTED_PUBLISHING_NPM = '11.5.1';

function checkNpmVersion(): void {
  const version = execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim();
  if (!semver.valid(version) || semver.lt(version, TRUSTED_PUBLISHING_NPM)) {
    throw new Error(`npm ${version} cannot publish through trusted publishing: it needs npm ${TRUSTED_PUBLISHING_NPM} or later (npm install --global npm@11)`);
  }
}

runMain(async () => {
  const { values } = parseArgs({ options: { dir: { type: 'string', default: join(ROOT, 'dist', 'npm') }, 'dry-run': { type: 'boolean', default: false } } });
  const tarballs = readdirSync(values.dir)
    .filter((f) => f.endsWith('.tgz'))
    .map((f) => readTarball(join(values.dir, f)))
    .sort((a, b) => publishOrder(a) - publishOrder(b) || a.name.localeCompare(b.name));
  if (tarballs.length === 0) throw new Error(`no tarballs in ${values.dir}: run npx nx run loader:package-prebuilt first`);
  if (!values['dry-run']) checkNpmVersion();
  for (const t of tarballs) {
    if (isPublished(t)) {
      console.log(`${t.name}@${t.version} is already on the registry; skipped`);
      continue;
    }
    const tag = t.version.includes('-') ? ['--tag', 'next'] : [];
    const args = ['publish', t.file, '--provenance', '--access', 'public', ...tag, ...(values['dry-run'] ? ['--dry-run'] : [])];
    console.log(`npm ${args.join(' ')}`);
    execFileSync('npm', args, { stdio: 'inherit' });
  }
});
