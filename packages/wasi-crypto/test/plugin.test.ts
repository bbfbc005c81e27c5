/**
 * The library, its descriptor and modules, and the crypto context the
 * module instances share (handle numbering, lifetime, threads).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { readFunctionImports } from '@wasmedge-plugins/loader';
import { exportedSymbols, readElf } from '@wasmedge-plugins/common';
import { builtPluginPath, compileWatFile, descriptorVersion } from '@wasmedge-plugins/test-support';
import { CryptoGuest, cryptoPlugin, ERRNO, GUESTS, KIND, MODULES } from './crypto-guest.ts';

describe('the plug-in library', () => {
  it('exports only WasmEdge_Plugin_GetDescriptor', () => {
    const elf = readElf(readFileSync(builtPluginPath({ plugin: 'wasi_crypto' })));
    expect(exportedSymbols(elf).map((s) => s.name)).toEqual(['WasmEdge_Plugin_GetDescriptor']);
  });

  it('describes itself as wasi_crypto with the five descriptor names the VM asks for, in upstream order', () => {
    const d = cryptoPlugin().descriptor;
    expect(d.name).toBe('wasi_crypto');
    expect(d.apiVersion).toBe(5);
    expect(d.version).toBe(descriptorVersion('wasi_crypto'));
    expect(d.modules.map((m) => m.name)).toEqual([...MODULES]);
    expect(d.options).toEqual([]);
  });

  it('creates the modules under the wasi_ephemeral_crypto_* import names with every function the guest imports', async () => {
    const modules = MODULES.map((name) => cryptoPlugin().createModule(name));
    try {
      expect(modules.map((m) => m.name)).toEqual(MODULES.map((name) => name.replace('wasi_crypto_', 'wasi_ephemeral_crypto_')));
      expect(modules.map((m) => m.functions.length)).toEqual([20, 10, 3, 11, 28]);
      const wasm = await compileWatFile(join(GUESTS, 'crypto-calls.wat'));
      const sorted = <T extends { name: string }>(xs: readonly T[]) => [...xs].sort((a, b) => a.name.localeCompare(b.name));
      for (const m of modules) {
        const wanted = readFunctionImports(wasm)
          .filter((i) => i.module === m.name)
          .map(({ name, params, results }) => ({ name, params, results }));
        expect(sorted(m.functions)).toEqual(sorted(wanted));
      }
    } finally {
      for (const m of modules) m.dispose();
    }
  });
});

describe('the shared crypto context', () => {
  it('numbers the first handle of each kind 0x100 + type_id and never reissues a closed one', async () => {
    // Every instance of earlier tests is disposed, so this guest starts a
    // fresh context whose counters start at 1.
    const g = await CryptoGuest.create();
    try {
      const options = g.optionsOpen();
      expect(options).toBe(0x100 + KIND.options);
      g.optionsSet(options, 'nonce', Buffer.alloc(12));
      const key = g.keyImport('AES-128-GCM', Buffer.alloc(16));
      expect(key).toBe(0x100 + KIND.symmetricKey);
      const state = g.stateOpen('AES-128-GCM', key, options);
      expect(state).toBe(0x100 + KIND.symmetricState);
      const { tag } = g.encryptDetached(state, 'data');
      expect(tag).toBe(0x100 + KIND.symmetricTag);
      const out = g.mustOut('symmetric_key_export', key);
      expect(out).toBe(0x100 + KIND.arrayOutput);
      g.must('symmetric_key_close', key);
      expect(g.keyImport('AES-128-GCM', Buffer.alloc(16))).toBe(0x200 + KIND.symmetricKey);
      expect(g.call('symmetric_key_export', key, g.slot())).toBe(ERRNO.INVALID_HANDLE);
      // The asymmetric kinds: key pair 0x05, public key 0x03, secret key
      // 0x04, sign state 0x07, signature 0x06, verification state 0x02.
      const kp = g.mustOut('keypair_generate', 0, ...g.put('Ed25519'), g.optional());
      expect(kp).toBe(0x100 + KIND.keyPair);
      const pk = g.mustOut('keypair_publickey', kp);
      expect(pk).toBe(0x100 + KIND.publicKey);
      expect(g.mustOut('keypair_secretkey', kp)).toBe(0x100 + KIND.secretKey);
      const signState = g.mustOut('signature_state_open', kp);
      expect(signState).toBe(0x100 + KIND.signatureState);
      expect(g.mustOut('signature_state_sign', signState)).toBe(0x100 + KIND.signature);
      expect(g.mustOut('signature_verification_state_open', pk)).toBe(0x100 + KIND.verificationState);
    } finally {
      g.dispose();
    }
  });

  it('lets a handle made through one instance be used through another, until the last instance is gone', async () => {
    const a = await CryptoGuest.create();
    const b = await CryptoGuest.create();
    const key = a.keyImport('HMAC/SHA-256', 'shared');
    // An array_output made by the symmetric module of `a` is read through
    // the common module of `b`.
    expect(b.arrayOutput(a.mustOut('symmetric_key_export', key)).toString()).toBe('shared');
    a.dispose();
    expect(b.keyExport(key).toString()).toBe('shared');
    b.dispose();
    const c = await CryptoGuest.create();
    try {
      // The context was destroyed with b: counters start again, and the
      // old key is gone.
      expect(c.call('symmetric_key_export', key, c.slot())).toBe(ERRNO.INVALID_HANDLE);
      expect(c.keyImport('HMAC/SHA-256', 'x')).toBe(0x100 + KIND.symmetricKey);
    } finally {
      c.dispose();
    }
  });

  it('is created, shared and released safely by instances of several threads at once', async () => {
    // Each worker loads the host addon itself and, 300 times, creates both
    // instances, opens and closes option sets through them (handles go
    // through the shared tables) and destroys the instances again. No
    // instance lives on the main thread meanwhile, so the context is
    // created and destroyed over and over by racing threads.
    const script = `
      const { parentPort, workerData } = require('node:worker_threads');
      const { constants } = require('node:os');
      const addon = { exports: {} };
      process.dlopen(addon, workerData.addon, constants.dlopen.RTLD_NOW | constants.dlopen.RTLD_GLOBAL);
      const host = addon.exports;
      const plugin = host.open(workerData.path);
      const memory = new WebAssembly.Memory({ initial: 1 });
      const view = new DataView(memory.buffer);
      const failures = [];
      for (let i = 0; i < 300; i++) {
        const common = host.createModule(plugin, 'wasi_crypto_common');
        const symmetric = host.createModule(plugin, 'wasi_crypto_symmetric');
        const fn = (name) => common.functions.find((f) => f.name === name).handle;
        for (let j = 0; j < 20; j++) {
          const opened = host.call(fn('options_open'), memory, memory.buffer, 1, 0);
          const handle = view.getUint32(0, true);
          const closed = host.call(fn('options_close'), memory, memory.buffer, handle);
          if (opened !== 0 || closed !== 0 || (handle & 0xff) !== 1) failures.push([opened, closed, handle]);
        }
        host.disposeModule(symmetric.handle);
        host.disposeModule(common.handle);
      }
      parentPort.postMessage(failures);
    `;
    const loaderEntry = createRequire(import.meta.url).resolve('@wasmedge-plugins/loader');
    const addon = process.env.WASMEDGE_HOST_ADDON ?? join(dirname(loaderEntry), '..', 'build', 'native', 'wasmedge_host.node');
    cryptoPlugin(); // the main thread has loaded the addon and the plug-in too
    const workers = Array.from(
      { length: 4 },
      () => new Worker(script, { eval: true, workerData: { addon, path: builtPluginPath({ plugin: 'wasi_crypto' }) } }),
    );
    try {
      const results = await Promise.all(
        workers.map((w) => new Promise<unknown>((resolve, reject) => w.once('message', resolve).once('error', reject))),
      );
      expect(results).toEqual([[], [], [], []]);
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
    }
    const g = await CryptoGuest.create();
    try {
      expect(g.keyExport(g.keyImport('HMAC/SHA-512', 'still works')).toString()).toBe('still works');
    } finally {
      g.dispose();
    }
  });
});
