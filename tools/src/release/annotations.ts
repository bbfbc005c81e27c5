/**
 * Turns findings (a problem tied to a file and maybe a line: an audit failure, a workflow lint
 * error) into GitHub error annotations, so a failed job points at the file that caused it.
 *
 * The audit (a later stage) reports through a findings file of this shape:
 *   { "schemaVersion": 1, "findings": [ { "file": "dist/plugins/host/process/wasmedge_process/lib.so",
 *       "line": 12, "title": "GLIBC ceiling", "message": "needs GLIBC_2.34, the target allows 2.17" } ] }
 * `file` is a path inside the workspace (absolute or relative to it); `line` is 1-based and left
 * out for files without lines, such as a shared library.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import * as core from '@actions/core';
import { Ajv } from 'ajv';
import { formatJsonPath } from '@wasmedge-plugins/common';
import { packageLayout } from '../cells/cells.ts';

export const FINDINGS_SCHEMA_VERSION = 1;

export interface Finding {
  file: string;
  line?: number;
  title: string;
  message: string;
}

export interface FindingsFile {
  schemaVersion: typeof FINDINGS_SCHEMA_VERSION;
  findings: Finding[];
}

export const findingsFileSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'findings'],
  properties: {
    schemaVersion: { const: FINDINGS_SCHEMA_VERSION },
    findings: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['file', 'title', 'message'],
        properties: {
          file: { type: 'string', minLength: 1 },
          line: { type: 'integer', minimum: 1 },
          title: { type: 'string', minLength: 1 },
          message: { type: 'string', minLength: 1 },
        },
      },
    },
  },
} as const;

const validateFindingsShape = new Ajv({ allErrors: true }).compile(findingsFileSchema);

/** Where the audit of one package for one target leaves its findings. */
export function auditFindingsPath(workspaceRoot: string, target: string, pkg: string): string {
  return join(workspaceRoot, packageLayout('', target, pkg).findingsFile);
}

export function parseFindingsFile(json: unknown, source: string): FindingsFile {
  if (!validateFindingsShape(json)) {
    const problems = (validateFindingsShape.errors ?? []).map(
      (e) => `${formatJsonPath(e.instancePath) || '(root)'}: ${e.message ?? 'is invalid'}`,
    );
    throw new Error(
      `${source} is not a findings file (expected {schemaVersion: ${FINDINGS_SCHEMA_VERSION}, findings: [{file, line?, title, message}]}):\n  ${problems.join('\n  ')}`,
    );
  }
  return json as unknown as FindingsFile;
}

export async function readFindingsFile(path: string): Promise<FindingsFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the findings file ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return parseFindingsFile(JSON.parse(text), path);
  } catch (error) {
    if (error instanceof SyntaxError) throw new Error(`${path} is not valid JSON: ${error.message}`, { cause: error });
    throw error;
  }
}

export interface Annotation {
  message: string;
  properties: core.AnnotationProperties;
}

/** GitHub matches annotations to files by their path from the repository root. */
export function toAnnotation(finding: Finding, workspaceRoot: string): Annotation {
  const inside = isAbsolute(finding.file) ? relative(workspaceRoot, finding.file) : finding.file;
  const file = inside.startsWith('..') || isAbsolute(inside) ? finding.file : inside.split('\\').join('/');
  return {
    message: finding.message,
    properties: { file, title: finding.title, ...(finding.line === undefined ? {} : { startLine: finding.line }) },
  };
}

export interface AnnotateOptions {
  workspaceRoot: string;
  /** Replaced in tests; core.error by default, which prints `::error file=...,line=...::`. */
  emit?: (message: string, properties: core.AnnotationProperties) => void;
}

/** Emits one error annotation per finding and returns how many it emitted. */
export function annotateFindings(findings: readonly Finding[], options: AnnotateOptions): number {
  const emit = options.emit ?? core.error;
  for (const finding of findings) {
    const { message, properties } = toAnnotation(finding, options.workspaceRoot);
    emit(message, properties);
  }
  return findings.length;
}
