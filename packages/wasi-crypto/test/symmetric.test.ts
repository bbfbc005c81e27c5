/**
 * wasi_ephemeral_crypto_symmetric: keys, opening states, and the hash,
 * HMAC and HKDF operations with their error numbers (AEADs and tags are in
 * aead.test.ts).
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ALGORITHM_TYPE, CryptoGuest, ERRNO, KIND } from './crypto-guest.ts';

let g: CryptoGuest;
beforeAll(async () => {
  g = await CryptoGuest.create();
});
afterAll(() => g.dispose());
beforeEach(() => g.reset());

const errnoOf = (fn: () => unknown): number | undefined => {
  try {
    fn();
  } catch (e) {
    return (e as { errno?: number }).errno;
  }
  return undefined;
};

describe('symmetric_key_generate', () => {
  it.each([
    ['HMAC/SHA-256', 32],
    ['HMAC/SHA-512', 64],
    ['HKDF-EXTRACT/SHA-256', 32],
    ['HKDF-EXTRACT/SHA-512', 64],
    ['AES-128-GCM', 16],
    ['aes-256-gcm', 32],
    ['ChaCha20-Poly1305', 32],
  ])('makes a random %s key of %i bytes', (alg, size) => {
    const a = g.keyExport(g.keyGenerate(alg));
    const b = g.keyExport(g.keyGenerate(alg, g.optionsOpen()));
    expect([a.length, b.length]).toEqual([size, size]);
    expect(a.equals(b)).toBe(false);
  });

  it('refuses hashes (19), HKDF-EXPAND (3) and unknown names (6)', () => {
    expect(errnoOf(() => g.keyGenerate('SHA-256'))).toBe(ERRNO.KEY_NOT_SUPPORTED);
    expect(errnoOf(() => g.keyGenerate('HKDF-EXPAND/SHA-512'))).toBe(ERRNO.UNSUPPORTED_FEATURE);
    expect(errnoOf(() => g.keyGenerate('AES-192-GCM'))).toBe(ERRNO.UNSUPPORTED_ALGORITHM);
    expect(errnoOf(() => g.keyGenerate('SHA-256 '))).toBe(ERRNO.UNSUPPORTED_ALGORITHM);
  });

  it('accepts only symmetric option sets (15 otherwise)', () => {
    expect(errnoOf(() => g.keyGenerate('AES-128-GCM', g.optionsOpen(ALGORITHM_TYPE.keyExchange)))).toBe(ERRNO.INVALID_HANDLE);
    const closed = g.optionsOpen();
    g.must('options_close', closed);
    expect(errnoOf(() => g.keyGenerate('AES-128-GCM', closed))).toBe(ERRNO.INVALID_HANDLE);
  });
});

describe('symmetric_key_import, _export and _close', () => {
  it('takes any length for HMAC and HKDF-EXTRACT, and gives the bytes back', () => {
    for (const alg of ['HMAC/SHA-256', 'HKDF-EXTRACT/SHA-512']) {
      for (const raw of [Buffer.alloc(0), Buffer.from('k'), crypto.randomBytes(1000)]) {
        expect(g.keyExport(g.keyImport(alg, raw))).toEqual(raw);
      }
    }
  });

  it('refuses hashes (19) and wrong sizes for HKDF-EXPAND and AEADs (8; quirk 3)', () => {
    expect(errnoOf(() => g.keyImport('SHA-512', 'k'))).toBe(ERRNO.KEY_NOT_SUPPORTED);
    expect(errnoOf(() => g.keyImport('HKDF-EXPAND/SHA-256', Buffer.alloc(31)))).toBe(ERRNO.INVALID_KEY);
    expect(errnoOf(() => g.keyImport('HKDF-EXPAND/SHA-512', Buffer.alloc(32)))).toBe(ERRNO.INVALID_KEY);
    expect(errnoOf(() => g.keyImport('AES-128-GCM', Buffer.alloc(32)))).toBe(ERRNO.INVALID_KEY);
    expect(errnoOf(() => g.keyImport('AES-256-GCM', Buffer.alloc(16)))).toBe(ERRNO.INVALID_KEY);
    expect(errnoOf(() => g.keyImport('CHACHA20-POLY1305', Buffer.alloc(0)))).toBe(ERRNO.INVALID_KEY);
  });

  it('answers 14 for a double close and 15 for a closed key or a handle of another kind', () => {
    const key = g.keyImport('HMAC/SHA-256', 'k');
    const state = g.stateOpen('SHA-256');
    expect(key & 0xff).toBe(KIND.symmetricKey);
    g.must('symmetric_key_close', key);
    expect(g.call('symmetric_key_close', key)).toBe(ERRNO.CLOSED);
    expect(g.call('symmetric_key_export', key, g.slot())).toBe(ERRNO.INVALID_HANDLE);
    expect(g.call('symmetric_key_export', state, g.slot())).toBe(ERRNO.INVALID_HANDLE);
    expect(g.call('symmetric_state_open', ...g.put('HMAC/SHA-256'), g.optional(state), g.optional(), g.slot())).toBe(ERRNO.INVALID_HANDLE);
  });
});

describe('the managed-key functions', () => {
  it('are not implemented (2) once their pointers are checked (12)', () => {
    const key = g.keyImport('HMAC/SHA-256', 'k');
    const bad = 0xffff_fff0;
    const cases: [string, (number | bigint)[], (number | bigint)[]][] = [
      ['symmetric_key_generate_managed', [0, ...g.put('HMAC/SHA-256'), g.optional(), g.slot()], [0, ...g.put('HMAC/SHA-256'), bad, g.slot()]],
      ['symmetric_key_store_managed', [0, key, g.alloc(64), 64], [0, key, bad, 64]],
      ['symmetric_key_replace_managed', [0, key, key, g.slot()], [0, key, key, bad]],
      ['symmetric_key_id', [key, g.alloc(64), 64, g.slot(), g.slot()], [key, g.alloc(64), 64, g.slot(), bad]],
      ['symmetric_key_from_id', [0, ...g.put('id'), 1n, g.slot()], [0, bad, 32, 1n, g.slot()]],
    ];
    for (const [fn, good, badArgs] of cases) {
      expect([fn, g.call(fn, ...good)]).toEqual([fn, ERRNO.NOT_IMPLEMENTED]);
      expect([fn, g.call(fn, ...badArgs)]).toEqual([fn, ERRNO.ALGORITHM_FAILURE]);
    }
  });
});

describe('symmetric_state_open', () => {
  it('applies the key rules: 19 key for a hash, 20 no key, 8 key of another algorithm, 15 unknown key', () => {
    const hmacKey = g.keyImport('HMAC/SHA-256', 'k');
    expect(errnoOf(() => g.stateOpen('SHA-256', hmacKey))).toBe(ERRNO.KEY_NOT_SUPPORTED);
    for (const alg of ['HMAC/SHA-512', 'HKDF-EXTRACT/SHA-256', 'HKDF-EXPAND/SHA-256', 'AES-128-GCM']) {
      expect(errnoOf(() => g.stateOpen(alg))).toBe(ERRNO.KEY_REQUIRED);
    }
    expect(errnoOf(() => g.stateOpen('HMAC/SHA-512', hmacKey))).toBe(ERRNO.INVALID_KEY);
    expect(errnoOf(() => g.stateOpen('HMAC/SHA-256', 0x7fff_ff09))).toBe(ERRNO.INVALID_HANDLE);
    expect(errnoOf(() => g.stateOpen('SHA-256', undefined, g.optionsOpen(ALGORITHM_TYPE.signatures)))).toBe(ERRNO.INVALID_HANDLE);
    expect(errnoOf(() => g.stateOpen('SHA-3', undefined))).toBe(ERRNO.UNSUPPORTED_ALGORITHM);
  });

  it('treats every optional tag but 1 as "some", as upstream', () => {
    const key = g.keyImport('HMAC/SHA-256', 'k');
    const state = g.mustOut('symmetric_state_open', ...g.put('HMAC/SHA-256'), g.optional(key, 7), g.optional(0xdead, 1));
    expect(state & 0xff).toBe(KIND.symmetricState);
  });
});

describe('hash states', () => {
  it('squeeze the digest so far, keep running, and refuse more than the digest size (9)', () => {
    const state = g.stateOpen('SHA-512/256');
    g.absorb(state, 'data');
    expect(g.squeeze(state, 32)).toEqual(crypto.createHash('sha512-256').update('data').digest());
    g.absorb(state, 'more_data');
    expect(g.squeeze(state, 32)).toEqual(crypto.createHash('sha512-256').update('datamore_data').digest());
    expect(g.call('symmetric_state_squeeze', state, g.alloc(33), 33)).toBe(ERRNO.INVALID_LENGTH);
    expect(g.squeeze(state, 0)).toEqual(Buffer.alloc(0));
  });

  it('clone into independent running copies', () => {
    const state = g.stateOpen('SHA-256');
    g.absorb(state, 'common prefix ');
    const copy = g.mustOut('symmetric_state_clone', state);
    g.absorb(state, 'left');
    g.absorb(copy, 'right');
    expect(g.squeeze(state, 32)).toEqual(crypto.createHash('sha256').update('common prefix left').digest());
    expect(g.squeeze(copy, 32)).toEqual(crypto.createHash('sha256').update('common prefix right').digest());
  });

  it('refuse every other operation (22), option reads (7), and squeeze_key (22 own, 6 other)', () => {
    const state = g.stateOpen('SHA-256');
    const ops: [string, (number | bigint)[]][] = [
      ['symmetric_state_squeeze_tag', [state, g.slot()]],
      ['symmetric_state_max_tag_len', [state, g.slot()]],
      ['symmetric_state_encrypt', [state, g.alloc(20), 20, g.alloc(4), 4, g.slot()]],
      ['symmetric_state_encrypt_detached', [state, g.alloc(4), 4, g.alloc(4), 4, g.slot()]],
      ['symmetric_state_decrypt', [state, g.alloc(4), 4, g.alloc(20), 20, g.slot()]],
      ['symmetric_state_decrypt_detached', [state, g.alloc(4), 4, g.alloc(4), 4, g.alloc(16), 16, g.slot()]],
      ['symmetric_state_ratchet', [state]],
      ['symmetric_state_squeeze_key', [state, ...g.put('sha-256'), g.slot()]],
    ];
    for (const [fn, args] of ops) expect([fn, g.call(fn, ...args)]).toEqual([fn, ERRNO.INVALID_OPERATION]);
    expect(g.call('symmetric_state_squeeze_key', state, ...g.put('HMAC/SHA-256'), g.slot())).toBe(ERRNO.UNSUPPORTED_ALGORITHM);
    expect(g.call('symmetric_state_options_get', state, ...g.put('nonce'), g.alloc(12), 12, g.slot())).toBe(ERRNO.UNSUPPORTED_OPTION);
    expect(g.call('symmetric_state_options_get_u64', state, ...g.put('ops_limit'), g.slot())).toBe(ERRNO.UNSUPPORTED_OPTION);
  });

  it('answer 15 once closed, 14 on a second close, and 15 for a handle of another kind', () => {
    const state = g.stateOpen('SHA-256');
    g.must('symmetric_state_close', state);
    expect(g.call('symmetric_state_absorb', state, ...g.put('x'))).toBe(ERRNO.INVALID_HANDLE);
    expect(g.call('symmetric_state_squeeze', state, g.alloc(32), 32)).toBe(ERRNO.INVALID_HANDLE);
    expect(g.call('symmetric_state_close', state)).toBe(ERRNO.CLOSED);
    const key = g.keyImport('HMAC/SHA-256', 'k');
    expect(g.call('symmetric_state_absorb', key, ...g.put('x'))).toBe(ERRNO.INVALID_HANDLE);
    expect(g.call('symmetric_state_ratchet', key)).toBe(ERRNO.INVALID_HANDLE);
  });
});

describe('HMAC states', () => {
  it('squeeze full tags, keep running, clone, and refuse squeeze (22)', () => {
    const key = g.keyImport('HMAC/SHA-512', 'secret');
    const state = g.stateOpen('HMAC/SHA-512', key);
    g.absorb(state, 'a');
    const copy = g.mustOut('symmetric_state_clone', state);
    expect(g.tagBytes(g.squeezeTag(state))).toEqual(crypto.createHmac('sha512', 'secret').update('a').digest());
    g.absorb(state, 'b');
    g.absorb(copy, 'c');
    expect(g.tagBytes(g.squeezeTag(state))).toEqual(crypto.createHmac('sha512', 'secret').update('ab').digest());
    expect(g.tagBytes(g.squeezeTag(copy))).toEqual(crypto.createHmac('sha512', 'secret').update('ac').digest());
    expect(g.call('symmetric_state_squeeze', state, g.alloc(64), 64)).toBe(ERRNO.INVALID_OPERATION);
    expect(g.call('symmetric_state_squeeze_key', state, ...g.put('HMAC/SHA-512'), g.slot())).toBe(ERRNO.INVALID_OPERATION);
  });
});

describe('HKDF states', () => {
  it('squeeze the PRK only as the matching HKDF-EXPAND key (6 otherwise) and cannot be cloned (2)', () => {
    const extract = g.stateOpen('HKDF-EXTRACT/SHA-256', g.keyImport('HKDF-EXTRACT/SHA-256', 'ikm'));
    for (const alg of ['HKDF-EXPAND/SHA-512', 'HKDF-EXTRACT/SHA-256', 'HMAC/SHA-256']) {
      expect(g.call('symmetric_state_squeeze_key', extract, ...g.put(alg), g.slot())).toBe(ERRNO.UNSUPPORTED_ALGORITHM);
    }
    expect(g.call('symmetric_state_clone', extract, g.slot())).toBe(ERRNO.NOT_IMPLEMENTED);
    expect(g.call('symmetric_state_squeeze', extract, g.alloc(32), 32)).toBe(ERRNO.INVALID_OPERATION);
    const prk = g.squeezeKey(extract, 'hkdf-expand/sha-256');
    expect(g.keyExport(prk)).toEqual(crypto.createHmac('sha256', Buffer.alloc(32)).update('ikm').digest());
  });

  it('limit HKDF-EXPAND output (0 or > 255 blocks: 8) and info (> 1024 bytes: 16)', () => {
    const expand = g.stateOpen('HKDF-EXPAND/SHA-256', g.keyImport('HKDF-EXPAND/SHA-256', Buffer.alloc(32, 1)));
    expect(g.call('symmetric_state_squeeze', expand, g.alloc(0), 0)).toBe(ERRNO.INVALID_KEY);
    expect(g.call('symmetric_state_squeeze', expand, g.alloc(8161), 8161)).toBe(ERRNO.INVALID_KEY);
    expect(g.squeeze(expand, 8160)).toHaveLength(8160);
    g.absorb(expand, Buffer.alloc(1000));
    expect(g.call('symmetric_state_absorb', expand, ...g.put(Buffer.alloc(25)))).toBe(ERRNO.OVERFLOW);
    g.absorb(expand, Buffer.alloc(24));
    expect(g.call('symmetric_state_clone', expand, g.slot())).toBe(ERRNO.NOT_IMPLEMENTED);
    expect(g.call('symmetric_state_squeeze_tag', expand, g.slot())).toBe(ERRNO.INVALID_OPERATION);
  });
});
