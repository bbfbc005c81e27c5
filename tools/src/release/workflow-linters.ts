/**
 * The two workflow linters that are programs, not npm packages, found where
 * setup.sh installs them:
 *   - actionlint (Go, `go install github.com/rhysd/actionlint/cmd/actionlint@<pin>`):
 *     expressions, contexts, needs/outputs, runner labels, action inputs;
 *   - zizmor (PyPI): supply-chain audits (unpinned actions, persisted
 *     credentials, cache poisoning, template injection, excessive permissions).
 * An accepted zizmor finding is silenced in the workflow itself, on its
 * line, with `# zizmor: ignore[<audit>]` and the reason beside it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Finding } from './annotations.ts';

export const ACTIONLINT_VERSION = 'v1.7.12';
export const ZIZMOR_VERSION = '1.33.1';
const INSTALL = 'run ./setup.sh';

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  return (env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, name)).find((p) => existsSync(p));
}

/** actionlint on PATH, else in Go's install directory (where setup.sh's `go install` puts it). */
export function findActionlint(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const found = onPath('actionlint', env);
  if (found) return found;
  try {
    const gopath = execFileSync('go', ['env', 'GOBIN', 'GOPATH'], { encoding: 'utf8', env }).split('\n');
    const dir = gopath[0] || join(gopath[1] ?? '', 'bin');
    return existsSync(join(dir, 'actionlint')) ? join(dir, 'actionlint') : undefined;
  } catch {
    return undefined;
  }
}

/** zizmor on PATH, else in the scripts directory of any python3 on PATH (pip's install place). */
export function findZizmor(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const found = onPath('zizmor', env);
  if (found) return found;
  try {
    const scripts = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_path("scripts"))'], { encoding: 'utf8', env }).trim();
    return existsSync(join(scripts, 'zizmor')) ? join(scripts, 'zizmor') : undefined;
  } catch {
    return undefined;
  }
}

function versionOf(binary: string): string {
  return execFileSync(binary, ['--version'], { encoding: 'utf8' }).split('\n')[0]!.trim();
}

export interface WorkflowLinters {
  actionlint(text: string, file: string): Finding[];
  zizmor(text: string, file: string): Finding[];
}

/** Both linters at their pinned versions, or an error saying how to install them. */
export function loadWorkflowLinters(env: NodeJS.ProcessEnv = process.env): WorkflowLinters {
  const actionlint = findActionlint(env);
  const zizmor = findZizmor(env);
  const problems: string[] = [];
  if (!actionlint) problems.push(`actionlint ${ACTIONLINT_VERSION} is not installed (${INSTALL})`);
  else if (versionOf(actionlint) !== ACTIONLINT_VERSION) problems.push(`${actionlint} is ${versionOf(actionlint)}, not ${ACTIONLINT_VERSION} (${INSTALL})`);
  if (!zizmor) problems.push(`zizmor ${ZIZMOR_VERSION} is not installed (${INSTALL})`);
  else if (versionOf(zizmor) !== `zizmor ${ZIZMOR_VERSION}`) problems.push(`${zizmor} is ${versionOf(zizmor)}, not zizmor ${ZIZMOR_VERSION} (${INSTALL})`);
  if (problems.length > 0) throw new Error(`cannot check the workflow files: ${problems.join('; ')}`);
  return {
    actionlint: (text, file) => runActionlint(actionlint!, text, file),
    zizmor: (text, file) => runZizmor(zizmor!, text, file),
  };
}

function runActionlint(binary: string, text: string, file: string): Finding[] {
  const result = spawnSync(binary, ['-format', '{{json .}}', '-stdin-filename', file, '-'], { input: text, encoding: 'utf8' });
  // Exit 1 means "found problems"; anything else is the tool failing.
  if (result.status !== 0 && result.status !== 1) throw new Error(`actionlint failed on ${file}: ${result.stderr}`);
  const errors = JSON.parse(result.stdout || '[]') as { message: string; line: number; kind: string }[];
  return errors.map((e) => ({ file, line: e.line, title: `actionlint (${e.kind})`, message: e.message }));
}

interface ZizmorResult {
  ident: string;
  desc: string;
  determinations: { severity: string; confidence: string };
  locations: { symbolic: { annotation: string; kind: string }; concrete: { location: { start_point: { row: number } } } }[];
}

function runZizmor(binary: string, text: string, file: string): Finding[] {
  // zizmor reads files; the text is written where it can be named after the original.
  const dir = mkdtempSync(join(tmpdir(), 'zizmor-'));
  const path = join(dir, file.split('/').pop()!);
  try {
    writeFileSync(path, text);
    const result = spawnSync(binary, ['--offline', '--no-progress', '--format', 'json', path], { encoding: 'utf8' });
    // zizmor exits non-zero when it finds something; an empty stdout means it did not audit.
    if (result.stdout.trim() === '') {
      // A file that is no valid workflow: the schema check reports why.
      if (/failed to validate .* as workflow/.test(result.stderr)) return [];
      throw new Error(`zizmor failed on ${file}: ${result.stderr}`);
    }
    return (JSON.parse(result.stdout) as ZizmorResult[]).map((r) => {
      const primary = r.locations.find((l) => l.symbolic.kind === 'Primary') ?? r.locations[0];
      return {
        file,
        ...(primary ? { line: primary.concrete.location.start_point.row + 1 } : {}),
        title: `zizmor (${r.ident}, ${r.determinations.severity.toLowerCase()})`,
        message: `${r.desc}${primary ? `: ${primary.symbolic.annotation}` : ''}`,
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
