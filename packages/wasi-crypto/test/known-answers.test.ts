/**
 * Known-answer tests from the published standards (test/vectors/*.json,
 * each naming its source), run through the plug-in from wasm.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digest, hkdf, mac, open, seal } from './algorithms.ts';
import { CryptoGuest, ERRNO } from './crypto-guest.ts';

function vectors<T>(file: string): T[] {
  const data = JSON.parse(readFileSync(new URL(`vectors/${file}`, import.meta.url), 'utf8')) as { source: string; vectors: T[] };
  expect(data.source).toMatch(/FIPS|RFC|GCM/);
  return data.vectors;
}

const hex = (s: string) => Buffer.from(s, 'hex');

let g: CryptoGuest;
beforeAll(async () => {
  g = await CryptoGuest.create();
});
afterAll(() => g.dispose());

describe('SHA-2 digests (FIPS 180-4 examples)', () => {
  const cases = vectors<{ algorithm: string; messageAscii: string; digest: string }>('sha2-fips180-4.json');
  it.each(cases)('$algorithm of "$messageAscii"', ({ algorithm, messageAscii, digest: expected }) => {
    expect(digest(g, algorithm, [messageAscii]).toString('hex')).toBe(expected);
    // The same message absorbed one byte at a time.
    expect(digest(g, algorithm, [...messageAscii]).toString('hex')).toBe(expected);
    // A shorter squeeze is the digest truncated.
    expect(digest(g, algorithm, [messageAscii], 5).toString('hex')).toBe(expected.slice(0, 10));
  });
});

describe('HMAC (RFC 4231 test cases 1-7)', () => {
  const cases = vectors<{ case: number; key: string; data: string; hmacSha256: string; hmacSha512: string; truncatedTo?: number }>('hmac-rfc4231.json');
  for (const v of cases) {
    for (const [alg, expected] of [['HMAC/SHA-256', v.hmacSha256], ['HMAC/SHA-512', v.hmacSha512]] as const) {
      it(`test case ${v.case}, ${alg}`, () => {
        const tag = mac(g, alg, hex(v.key), [hex(v.data)]);
        expect(tag.subarray(0, v.truncatedTo ?? tag.length).toString('hex')).toBe(expected);
        if (v.truncatedTo === undefined) {
          expect(tag.length).toBe(alg === 'HMAC/SHA-256' ? 32 : 64);
        }
      });
    }
  }

  it('verifies the full RFC tag and refuses the truncated one of test case 5 (quirk 4)', () => {
    const v = cases.find((c) => c.case === 5)!;
    g.reset();
    const key = g.keyImport('HMAC/SHA-256', hex(v.key));
    const state = g.stateOpen('HMAC/SHA-256', key);
    g.absorb(state, hex(v.data));
    const tag = g.squeezeTag(state);
    const full = g.tagBytes(tag);
    g.must('symmetric_tag_verify', tag, ...g.put(full));
    expect(g.call('symmetric_tag_verify', tag, ...g.put(hex(v.hmacSha256)))).toBe(ERRNO.INVALID_TAG);
  });
});

describe('HKDF (RFC 5869 test cases 1-3)', () => {
  const cases = vectors<{ case: number; hash: string; ikm: string; salt: string; info: string; length: number; prk: string; okm: string }>('hkdf-rfc5869.json');
  it.each(cases)('test case $case: extract gives the PRK, expand the OKM', (v) => {
    const { prk, okm } = hkdf(g, v.hash, hex(v.ikm), hex(v.salt), hex(v.info), v.length);
    expect(prk.toString('hex')).toBe(v.prk);
    expect(okm.toString('hex')).toBe(v.okm);
  });

  it('expands an imported PRK exactly like the one squeezed', () => {
    const v = cases[0]!;
    g.reset();
    const prk = g.keyImport('HKDF-EXPAND/SHA-256', hex(v.prk));
    const state = g.stateOpen('hkdf-expand/sha-256', prk);
    g.absorb(state, hex(v.info).subarray(0, 4));
    g.absorb(state, hex(v.info).subarray(4));
    expect(g.squeeze(state, v.length).toString('hex')).toBe(v.okm);
  });
});

interface AeadVector {
  case: number | string;
  algorithm: string;
  key: string;
  iv: string;
  aad: string;
  plaintext: string;
  ciphertext: string;
  tag: string;
}

function aeadSuite(title: string, file: string) {
  describe(title, () => {
    const cases = vectors<AeadVector>(file);
    for (const detached of [false, true]) {
      it.each(cases)(`case $case ($algorithm), ${detached ? 'detached' : 'attached'} tag`, (v) => {
        const input = { alg: v.algorithm, key: hex(v.key), nonce: hex(v.iv), aad: hex(v.aad) };
        const { ciphertext, tag } = seal(g, input, hex(v.plaintext), detached);
        expect(ciphertext.toString('hex')).toBe(v.ciphertext);
        expect(tag.toString('hex')).toBe(v.tag);
        expect(open(g, input, hex(v.ciphertext), hex(v.tag), detached).toString('hex')).toBe(v.plaintext);
      });
    }
  });
}

aeadSuite('AES-GCM (GCM specification test cases with 96-bit IVs)', 'aes-gcm-spec.json');
aeadSuite('ChaCha20-Poly1305 (RFC 8439 §2.8.2)', 'chacha20-poly1305-rfc8439.json');
