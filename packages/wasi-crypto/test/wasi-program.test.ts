/**
 * The WASI program of the runtime conformance case (test/conformance/): run
 * here through the Node host, so that it is checked without a runtime too.
 * `npx nx run test-support:test-runtime` runs it in the real wasmedge as well.
 */
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WASI } from 'node:wasi';
import { describe, expect, it } from 'vitest';
import { instantiateWithPlugins } from '@wasmedge-plugins/loader';
import { compileWatFile } from '@wasmedge-plugins/test-support';
import { cryptoPlugin, GUESTS } from './crypto-guest.ts';

describe('the conformance WASI program', () => {
  it('prints the SHA-256 of "abc" and exits 0', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'wasi-out-')), 'stdout');
    const fd = openSync(out, 'w');
    const modules = cryptoPlugin().createAllModules();
    try {
      const wasi = new WASI({ version: 'preview1', args: ['sha256-wasi.wasm'], env: {}, stdout: fd, returnOnExit: true });
      const instance = await instantiateWithPlugins(await compileWatFile(join(GUESTS, 'sha256-wasi.wat')), modules, {
        imports: { wasi_snapshot_preview1: wasi.wasiImport },
      });
      expect(wasi.start(instance)).toBe(0);
    } finally {
      closeSync(fd);
      modules.forEach((m) => m.dispose());
    }
    expect(readFileSync(out, 'utf8')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n');
  });
});
