/**
 * The smoke programs as standalone wasm (what the real runtime runs):
 * every host cell's program passes through the loader in Node as its
 * step-by-step run does, and a program whose expectation does not hold
 * exits with the number of that step.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandMatrix, loadManifest, workspaceRoot } from '@wasmedge-plugins/tools';
import { builtPluginPath } from '../src/index.ts';
import { serveDirInChild, type ServedDir } from '../src/rehearsal/serve-dir.ts';
import { loadSmokeProgram, type SmokeProgram } from '../src/rehearsal/smoke.ts';
import { FIRST_STEP_EXIT, runStandaloneInNode, standaloneSmokeWat } from '../src/rehearsal/smoke-wasm.ts';
import { pinnedRuntimeEnv } from '../src/runtime-libraries.ts';

const ROOT = workspaceRoot();
const manifest = await loadManifest(join(ROOT, 'release-manifest.json'));
const cells = expandMatrix(manifest, { targets: ['host'] }).cells;
const HOST_ARCH = process.arch === 'arm64' ? 'aarch64' : 'x86_64';

// The runtimes the plug-ins open, for this process (read when a backend first loads).
for (const cell of cells) if (cell.runtime) Object.assign(process.env, pinnedRuntimeEnv(cell.runtime, HOST_ARCH));

// A plain-HTTP server for httpsreq's program, in a process of its own: its host call blocks this one.
let port = 0;
let server: ServedDir;
beforeAll(async () => {
  server = await serveDirInChild(mkdtempSync(join(tmpdir(), 'smoke-wasm-served-')));
  port = server.port;
});
afterAll(() => server.close());

const programOf = (cell: (typeof cells)[number]) => loadSmokeProgram(join(ROOT, cell.layout.sourceDir), cell.id);
const libraryOf = (cell: (typeof cells)[number]) => builtPluginPath({ plugin: cell.plugin, backend: cell.backend, target: 'host' });

describe('standalone smoke programs', () => {
  it.each(cells.map((c) => [c.id, c] as const))('%s passes in Node through the loader', async (_id, cell) => {
    await runStandaloneInNode(programOf(cell), libraryOf(cell), { port });
  });

  it('exits with the number of the first step that does not hold: a call result, bytes, floats', async () => {
    const nn = cells.find((c) => c.id === 'wasi_nn-tensorflowlite')!;
    const program = programOf(nn);
    const wrongCall = program.steps.findIndex((s) => 'call' in s && s.call === 'compute');
    const wrongOutput = program.steps.findIndex((s) => 'from' in s && 'read' in s);
    const changed = (index: number, edit: (step: SmokeProgram['steps'][number]) => SmokeProgram['steps'][number]): SmokeProgram => ({
      ...program,
      steps: program.steps.map((s, i) => (i === index ? edit(s) : s)),
    });
    await expect(runStandaloneInNode(changed(wrongCall, (s) => ({ ...s, expect: [1] })), libraryOf(nn), { port })).rejects.toThrow(
      `wasi_nn-tensorflowlite smoke step ${wrongCall + 1}: compute did not return [1]`,
    );
    // The first output's address now holds the second output's values (a float tensor of the same shape).
    await expect(runStandaloneInNode(changed(wrongOutput, (s) => ({ ...s, output: 1 })), libraryOf(nn), { port })).rejects.toThrow(
      `wasi_nn-tensorflowlite smoke step ${wrongOutput + 1}: output 1 of multi at`,
    );
    const proc = cells.find((c) => c.id === 'wasmedge_process')!;
    const text = programOf(proc);
    const read = text.steps.findIndex((s) => 'read' in s);
    await expect(runStandaloneInNode({ ...text, steps: text.steps.map((s, i) => (i === read ? { read: (s as { read: number }).read, text: 'smokE\n' } : s)) }, libraryOf(proc), { port })).rejects.toThrow(
      `wasmedge_process smoke step ${read + 1}: memory at`,
    );
  });

  it('expects a trap only of the last step, and fails a program that ends without it', async () => {
    const program: SmokeProgram = { cell: 'x', options: [], module: 'm', baseDir: ROOT, steps: [{ call: 'f', trap: 1 }, { read: 0, text: 'a' }] };
    expect(() => standaloneSmokeWat(program, 'm', { port })).toThrow('x smoke step 1: an expected trap ends a standalone program; only the last step may expect one');
    // httpsreq's program expects its request to a plain-HTTP port to trap (no TLS peer); with a port nothing listens on, it still traps, with another code.
    const https = cells.find((c) => c.id === 'wasmedge_httpsreq')!;
    await expect(runStandaloneInNode(programOf(https), libraryOf(https), { port: 1 })).rejects.toThrow(/trapped|Code|error/i);
    expect(FIRST_STEP_EXIT).toBeGreaterThan(9);
  });
});
