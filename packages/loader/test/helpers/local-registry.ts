/**
 * A loopback npm registry for installing the packed packages the way a user
 * does (`npm install @wasmedge-plugins/loader`), with no internet: it serves
 * our tarballs, and every dependency they need as installed in this
 * workspace's node_modules (packed on the fly), with packuments npm reads.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import * as tar from 'tar';

interface Version {
  manifest: Record<string, unknown> & { name: string; version: string };
  tarball: Buffer;
}

export interface LocalRegistry {
  url: string;
  close(): void;
}

function readManifest(dir: string): Version['manifest'] {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Version['manifest'];
}

/** Where Node would find `name` from `fromDir`: the nearest node_modules/<name> up the tree. */
function resolvePackageDir(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Packs an installed package directory (without its nested node_modules) as npm would publish it. */
async function packInstalled(dir: string): Promise<Buffer> {
  const entries = readdirSync(dir).filter((name) => name !== 'node_modules');
  const chunks: Buffer[] = [];
  const stream = tar.c({ gzip: true, cwd: dir, prefix: 'package', portable: true }, entries);
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Every dependency (and optional dependency present here) of the packages in `roots`, transitively. */
async function collectDependencies(roots: { manifest: Version['manifest']; dir: string }[], ours: Set<string>): Promise<Version[]> {
  const found = new Map<string, Version>();
  const queue = [...roots];
  while (queue.length > 0) {
    const { manifest, dir } = queue.shift()!;
    const deps = { ...(manifest.dependencies as Record<string, string>), ...(manifest.optionalDependencies as Record<string, string>) };
    for (const name of Object.keys(deps)) {
      if (ours.has(name)) continue;
      const depDir = resolvePackageDir(name, dir);
      if (!depDir) continue; // an optional dependency for another platform
      const depManifest = readManifest(depDir);
      const key = `${name}@${depManifest.version}`;
      if (found.has(key)) continue;
      found.set(key, { manifest: depManifest, tarball: await packInstalled(depDir) });
      queue.push({ manifest: depManifest, dir: depDir });
    }
  }
  return [...found.values()];
}

/**
 * Serves `tarballs` (our packages) and their dependencies as installed for
 * each in the workspace: `sourceDirs` names the workspace directory of a
 * package whose dependencies are nested there (node_modules/ beside it).
 */
export async function startLocalRegistry(tarballs: string[], workspaceDir: string, sourceDirs: Record<string, string> = {}): Promise<LocalRegistry> {
  const ours: Version[] = tarballs.map((file) => {
    const tarball = readFileSync(file);
    let manifest: Version['manifest'] | undefined;
    tar.t({ file, sync: true, onReadEntry: (entry) => {
      if (entry.path === 'package/package.json') entry.on('data', (d: Buffer) => (manifest = JSON.parse(d.toString('utf8'))));
      else entry.resume();
    } });
    if (!manifest) throw new Error(`${file} has no package/package.json`);
    return { manifest, tarball };
  });
  const roots = ours.map((v) => ({ manifest: v.manifest, dir: sourceDirs[v.manifest.name] ?? workspaceDir }));
  const versions = [...ours, ...(await collectDependencies(roots, new Set(ours.map((v) => v.manifest.name))))];
  const byName = new Map<string, Version[]>();
  for (const v of versions) byName.set(v.manifest.name, [...(byName.get(v.manifest.name) ?? []), v]);
  let base = '';
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!.slice(1));
    const tarballMatch = /^(.+)\/-\/(.+\.tgz)$/.exec(path);
    if (tarballMatch) {
      const version = byName.get(tarballMatch[1]!)?.find((v) => tarballName(v) === tarballMatch[2]);
      if (!version) return void res.writeHead(404).end();
      return void res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': version.tarball.length }).end(version.tarball);
    }
    const list = byName.get(path);
    if (!list) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    const packument = {
      name: path,
      'dist-tags': { latest: list[list.length - 1]!.manifest.version },
      versions: Object.fromEntries(
        list.map((v) => [
          v.manifest.version,
          { ...v.manifest, dist: { tarball: `${base}${path}/-/${tarballName(v)}`, integrity: `sha512-${createHash('sha512').update(v.tarball).digest('base64')}` } },
        ]),
      ),
    };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(packument));
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  return { url: base, close: () => server.close() };
}

function tarballName(v: Version): string {
  return `${v.manifest.name.replace('@', '').replace('/', '-')}-${v.manifest.version}.tgz`;
}

/** Runs a command without blocking this process (the registry answers meanwhile). */
export function runAsync(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((settle) => {
    const child = spawn(command, args, options);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (status) => settle({ status, stdout, stderr }));
  });
}

/** npm install from the loopback registry, with a cache of its own (nothing leaks into the user's). */
export function npmInstallFrom(registry: LocalRegistry, cwd: string, env: NodeJS.ProcessEnv, extra: string[] = []) {
  return runAsync('npm', ['install', '--registry', registry.url, '--cache', join(cwd, '.npm-cache'), '--no-audit', '--no-fund', ...extra], { cwd, env });
}
