import { cpSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCMakeCell, staleBuildTreeReason } from '../src/orchestration/cmake.ts';

/** A one-file CMake project with its build tree, as a build leaves them under `root`. */
function project(root: string) {
  const sourceDir = join(root, 'src');
  mkdirSync(sourceDir, { recursive: true });
  writeFileSync(join(sourceDir, 'CMakeLists.txt'), 'cmake_minimum_required(VERSION 3.20)\nproject(p C)\nadd_library(p SHARED p.c)\ninstall(TARGETS p LIBRARY DESTINATION .)\n');
  writeFileSync(join(sourceDir, 'p.c'), 'int p(void) { return 1; }\n');
  return { sourceDir, buildDir: join(root, 'build'), installDir: join(root, 'install'), cacheVariables: {}, workspaceRoot: root };
}

describe('a build tree made at another path', () => {
  it('is configured afresh instead of failing (a moved checkout, a build/ restored elsewhere)', async () => {
    const first = mkdtempSync(join(tmpdir(), 'cmake-first-'));
    await runCMakeCell(project(first), () => {});
    const moved = mkdtempSync(join(tmpdir(), 'cmake-moved-'));
    cpSync(first, moved, { recursive: true });
    const build = project(moved);
    expect(staleBuildTreeReason(build)).toBe(`${build.buildDir} was configured with source directory ${join(first, 'src')}, not ${build.sourceDir}`);
    const lines: string[] = [];
    await runCMakeCell(build, (line) => lines.push(line));
    expect(lines).toEqual([`${build.buildDir} was configured with source directory ${join(first, 'src')}, not ${build.sourceDir}: configuring it afresh`]);
    expect(existsSync(join(moved, 'install', 'libp.so'))).toBe(true);
    expect(staleBuildTreeReason(build)).toBeUndefined();
  });
});
