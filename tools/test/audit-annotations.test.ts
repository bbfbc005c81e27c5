import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { annotateFindings, auditFindingsPath, parseFindingsFile, toAnnotation, type Finding } from '../src/release/annotations.ts';
import { makeScratchWorkspace, parseErrorAnnotations, runStep } from './actions-harness.ts';

const LIBRARY = 'dist/plugins/manylinux2014_x86_64/process/wasmedge_process/libwasmedgePluginWasmEdgeProcess.so';

function writeFindings(ws: string, path: string, findings: unknown): string {
  const file = join(ws, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ schemaVersion: 1, findings }));
  return file;
}

describe('audit-annotations (command)', () => {
  it('turns each audit finding into an ::error annotation on its file and line, and fails the step', () => {
    const ws = makeScratchWorkspace();
    const findings: Finding[] = [
      { file: 'release-manifest.json', line: 14, title: 'Target not allowed', message: 'wasmedge_process: manylinux2014_aarch64 needs a backend' },
      { file: join(ws, LIBRARY), title: 'GLIBC ceiling', message: 'needs GLIBC_2.34, manylinux2014_x86_64 allows up to 2.17' },
    ];
    writeFindings(ws, 'dist/audit/manylinux2014_x86_64/process/findings.json', findings);
    const step = runStep('audit-annotations', ['--target', 'manylinux2014_x86_64', '--package', 'process'], { cwd: ws });
    expect(step.status).toBe(1);
    expect(step.stdout).toContain(
      '::error title=Target not allowed,file=release-manifest.json,line=14::wasmedge_process: manylinux2014_aarch64 needs a backend\n',
    );
    expect(parseErrorAnnotations(step.stdout)).toEqual([
      { properties: { title: 'Target not allowed', file: 'release-manifest.json', line: '14' }, message: findings[0]!.message },
      { properties: { title: 'GLIBC ceiling', file: LIBRARY }, message: findings[1]!.message },
      {
        properties: {},
        message: `the audit found 2 problem(s), annotated above (from ${join(ws, 'dist/audit/manylinux2014_x86_64/process/findings.json')})`,
      },
    ]);
  });

  it('passes and says so when the findings file lists nothing', () => {
    const ws = makeScratchWorkspace();
    const file = writeFindings(ws, 'findings.json', []);
    const step = runStep('audit-annotations', ['--findings', file], { cwd: ws });
    expect(step.status, step.stdout).toBe(0);
    expect(step.stdout).toContain(`audit: no findings in ${file}`);
    expect(parseErrorAnnotations(step.stdout)).toEqual([]);
  });

  it('passes with --missing-ok when the audit left no file, and fails without it', () => {
    const ws = makeScratchWorkspace();
    const path = auditFindingsPath(ws, 'host', 'process');
    const ok = runStep('audit-annotations', ['--target', 'host', '--package', 'process', '--missing-ok'], { cwd: ws });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain(`no audit findings file at ${path}: nothing to report`);
    const missing = runStep('audit-annotations', ['--target', 'host', '--package', 'process'], { cwd: ws });
    expect(missing.status).toBe(1);
    expect(parseErrorAnnotations(missing.stdout)[0]!.message).toBe(`no audit findings file at ${path}: run the audit first, or pass --missing-ok`);
  });

  it('refuses a findings file of another shape and names the field', () => {
    const ws = makeScratchWorkspace();
    const file = writeFindings(ws, 'findings.json', [{ file: 'a.c', line: 0, message: 'm' }]);
    const step = runStep('audit-annotations', ['--findings', file], { cwd: ws });
    expect(step.status).toBe(1);
    const message = parseErrorAnnotations(step.stdout)[0]!.message;
    expect(message).toContain(`${file} is not a findings file (expected {schemaVersion: 1, findings: [{file, line?, title, message}]})`);
    expect(message).toContain("findings[0]: must have required property 'title'");
    expect(message).toContain('findings[0].line: must be >= 1');
  });
});

describe('toAnnotation', () => {
  it('names a file inside the workspace by its path from the root, and keeps one outside as given', () => {
    expect(toAnnotation({ file: '/ws/packages/process/src/process.c', line: 3, title: 't', message: 'm' }, '/ws')).toEqual({
      message: 'm',
      properties: { file: 'packages/process/src/process.c', title: 't', startLine: 3 },
    });
    expect(toAnnotation({ file: '/usr/lib/libc.so.6', title: 't', message: 'm' }, '/ws').properties.file).toBe('/usr/lib/libc.so.6');
  });
});

describe('annotateFindings', () => {
  it('emits one annotation per finding and returns the count', () => {
    const emitted: unknown[] = [];
    const count = annotateFindings([{ file: 'a.c', line: 1, title: 't', message: 'm' }], {
      workspaceRoot: '/ws',
      emit: (message, properties) => emitted.push({ message, properties }),
    });
    expect(count).toBe(1);
    expect(emitted).toEqual([{ message: 'm', properties: { file: 'a.c', title: 't', startLine: 1 } }]);
  });
});

describe('parseFindingsFile', () => {
  it('refuses an unknown schema version', () => {
    expect(() => parseFindingsFile({ schemaVersion: 2, findings: [] }, 'f.json')).toThrowError(/schemaVersion: must be equal to constant/);
  });
});
