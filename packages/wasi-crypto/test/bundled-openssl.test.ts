/**
 * How the plug-in links libcrypto: the system's shared one on `host`, a
 * static copy built from the pinned source (deps/openssl) for a release
 * target. The static copy must not read the system's openssl.cnf, which
 * belongs to the system's OpenSSL: a configuration that would break that
 * OpenSSL (here: one that activates a provider that does not exist, which
 * also stops the default provider from loading) leaves it working.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readElf } from '@wasmedge-plugins/common';
import { builtPluginPath, testTarget } from '@wasmedge-plugins/test-support';
import { CryptoGuest } from './crypto-guest.ts';

const bundled = testTarget() !== 'host';
const confDir = mkdtempSync(join(tmpdir(), 'openssl-conf-'));
afterAll(() => rmSync(confDir, { recursive: true, force: true }));

describe('the libcrypto it runs on', () => {
  it(bundled ? 'has libcrypto built in (no libcrypto.so needed)' : 'links the system libcrypto', () => {
    const elf = readElf(readFileSync(builtPluginPath({ plugin: 'wasi_crypto' })));
    expect(elf.needed.some((n) => n.startsWith('libcrypto.so'))).toBe(!bundled);
  });

  it.runIf(bundled)('ignores an OPENSSL_CONF that would break the system OpenSSL', () => {
    const conf = join(confDir, 'openssl.cnf');
    writeFileSync(
      conf,
      ['openssl_conf = init', '[init]', 'providers = providers', '[providers]', 'nosuch = nosuch', '[nosuch]', 'activate = 1', ''].join('\n'),
    );
    // Set before the first module of this test file's process is created:
    // that is when the plug-in initialises its libcrypto.
    process.env.OPENSSL_CONF = conf;
    let guest: CryptoGuest | undefined;
    return CryptoGuest.create()
      .then((g) => {
        guest = g;
        const state = g.stateOpen('SHA-256');
        g.absorb(state, 'abc');
        expect(g.squeeze(state, 32).toString('hex')).toBe(createHash('sha256').update('abc').digest('hex'));
      })
      .finally(() => {
        guest?.dispose();
        delete process.env.OPENSSL_CONF;
      });
  });
});
