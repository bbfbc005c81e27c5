/**
 * Differential tests against node:crypto with random inputs (fixed seeds,
 * hundreds of cases per algorithm): the plug-in, driven from wasm, must
 * agree with Node byte for byte, and each side must open what the other
 * sealed.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '@wasmedge-plugins/test-support';
import { digest, hkdf, mac, open, seal } from './algorithms.ts';
import { CryptoError, CryptoGuest, ERRNO } from './crypto-guest.ts';

const CASES = 300;

/** Random helpers over one seeded generator. */
function randomSource(seed: number) {
  const next = seededRandom(seed);
  const int = (max: number) => Math.floor(next() * (max + 1));
  const buf = (len: number) => Buffer.from(Array.from({ length: len }, () => int(255)));
  /** `data` cut into 1..4 random pieces (absorbed one by one). */
  const split = (data: Buffer): Buffer[] => {
    const cuts = Array.from({ length: int(3) }, () => int(data.length)).sort((a, b) => a - b);
    return [0, ...cuts, data.length].slice(1).map((end, i, ends) => data.subarray(i === 0 ? 0 : ends[i - 1], end));
  };
  return { int, buf, split };
}

/** Byte equality; hex on failure (toEqual on large Buffers is very slow). */
function expectBytes(actual: Uint8Array, expected: Uint8Array): void {
  if (!Buffer.from(actual).equals(Buffer.from(expected))) {
    expect(Buffer.from(actual).toString('hex')).toBe(Buffer.from(expected).toString('hex'));
  }
}

let g: CryptoGuest;
beforeAll(async () => {
  g = await CryptoGuest.create();
});
afterAll(() => g.dispose());

describe('digests equal node:crypto', () => {
  const algorithms = [
    ['SHA-256', 'sha256', 32],
    ['SHA-512', 'sha512', 64],
    ['SHA-512/256', 'sha512-256', 32],
  ] as const;
  it.each(algorithms)('%s of random messages absorbed in random pieces, squeezed to random lengths', (alg, node, size) => {
    const r = randomSource(0x5a0 + size);
    for (let i = 0; i < CASES; i++) {
      const message = r.buf(r.int(i < 250 ? 300 : 5000));
      const expected = crypto.createHash(node).update(message).digest();
      const len = r.int(size);
      expectBytes(digest(g, alg, r.split(message), len), expected.subarray(0, len));
    }
  });
});

describe('HMAC tags equal node:crypto', () => {
  it.each([
    ['HMAC/SHA-256', 'sha256'],
    ['HMAC/SHA-512', 'sha512'],
  ] as const)('%s with random keys (0-300 bytes) and messages', (alg, node) => {
    const r = randomSource(alg.length * 7919);
    for (let i = 0; i < CASES; i++) {
      const key = r.buf(r.int(300));
      const message = r.buf(r.int(2000));
      const expected = crypto.createHmac(node, key).update(message).digest();
      expectBytes(mac(g, alg, key, r.split(message)), expected);
    }
  });
});

describe('HKDF outputs equal node:crypto', () => {
  it.each([
    ['SHA-256', 'sha256', 32],
    ['SHA-512', 'sha512', 64],
  ] as const)('HKDF-EXTRACT/%s then HKDF-EXPAND with random IKM, salt, info and length', (hash, node, size) => {
    const r = randomSource(size * 31);
    for (let i = 0; i < CASES; i++) {
      const ikm = r.buf(1 + r.int(100));
      const salt = r.buf(r.int(100));
      const info = r.buf(r.int(1024));
      const len = 1 + r.int(255 * size - 1);
      const expectedPrk = crypto.createHmac(node, salt.length > 0 ? salt : Buffer.alloc(size)).update(ikm).digest();
      const expectedOkm = Buffer.from(crypto.hkdfSync(node, ikm, salt, info, len));
      const { prk, okm } = hkdf(g, hash, ikm, salt, info, len);
      expectBytes(prk, expectedPrk);
      expectBytes(okm, expectedOkm);
    }
  });
});

const AEADS = [
  ['AES-128-GCM', 'aes-128-gcm', 16],
  ['AES-256-GCM', 'aes-256-gcm', 32],
  ['CHACHA20-POLY1305', 'chacha20-poly1305', 32],
] as const;

function nodeSeal(node: string, key: Buffer, nonce: Buffer, aad: Buffer | undefined, plaintext: Buffer) {
  const cipher = crypto.createCipheriv(node as crypto.CipherGCMTypes, key, nonce, { authTagLength: 16 });
  if (aad) cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { ciphertext, tag: cipher.getAuthTag() };
}

function nodeOpen(node: string, key: Buffer, nonce: Buffer, aad: Buffer | undefined, ciphertext: Buffer, tag: Buffer) {
  const decipher = crypto.createDecipheriv(node as crypto.CipherGCMTypes, key, nonce, { authTagLength: 16 });
  if (aad) decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}

/** Flips one random bit of a copy of `b`. */
function flipBit(b: Buffer, r: ReturnType<typeof randomSource>): Buffer {
  const copy = Buffer.from(b);
  copy[r.int(copy.length - 1)]! ^= 1 << r.int(7);
  return copy;
}

describe('AEADs interoperate with node:crypto', () => {
  for (const [alg, node, keyLen] of AEADS) {
    for (const detached of [false, true]) {
      for (const withAad of [false, true]) {
        const title = `${alg}, ${detached ? 'detached' : 'attached'} tag, ${withAad ? 'with' : 'without'} additional data`;
        it(`${title}: plug-in seals what Node opens and opens what Node seals`, () => {
          const r = randomSource(keyLen * 100 + (detached ? 10 : 0) + (withAad ? 1 : 0) + alg.length);
          for (let i = 0; i < 100; i++) {
            const key = r.buf(keyLen);
            const nonce = r.buf(12);
            const aad = withAad ? r.buf(r.int(300)) : undefined;
            const input = { alg, key, nonce, aad };
            const plaintext = r.buf(r.int(i < 90 ? 500 : 70000));
            // plug-in -> Node
            const sealed = seal(g, input, plaintext, detached);
            expectBytes(nodeOpen(node, key, nonce, aad, sealed.ciphertext, sealed.tag), plaintext);
            const expected = nodeSeal(node, key, nonce, aad, plaintext);
            expectBytes(sealed.ciphertext, expected.ciphertext);
            expectBytes(sealed.tag, expected.tag);
            // Node -> plug-in
            const other = r.buf(r.int(500));
            const fromNode = nodeSeal(node, key, nonce, aad, other);
            expectBytes(open(g, input, fromNode.ciphertext, fromNode.tag, detached), other);
          }
        });

        it(`${title}: a flipped tag or ciphertext bit is refused with 21`, () => {
          const r = randomSource(keyLen * 1000 + (detached ? 10 : 0) + (withAad ? 1 : 0));
          for (let i = 0; i < 100; i++) {
            const key = r.buf(keyLen);
            const nonce = r.buf(12);
            const aad = withAad ? r.buf(1 + r.int(100)) : undefined;
            const plaintext = r.buf(1 + r.int(300));
            const { ciphertext, tag } = nodeSeal(node, key, nonce, aad, plaintext);
            const input: { alg: string; key: Buffer; nonce: Buffer; aad?: Buffer } = { alg, key, nonce, aad };
            // Tamper with the tag, the ciphertext, or (when there is some)
            // the additional data.
            let badCiphertext: Buffer = ciphertext;
            let badTag: Buffer = tag;
            if (i % 3 === 0) badTag = flipBit(tag, r);
            else if (i % 3 === 1 || !aad) badCiphertext = flipBit(ciphertext, r);
            else input.aad = flipBit(aad, r);
            let error: unknown;
            try {
              open(g, input, badCiphertext, badTag, detached);
            } catch (e) {
              error = e;
            }
            expect(error).toBeInstanceOf(CryptoError);
            expect((error as CryptoError).errno).toBe(ERRNO.INVALID_TAG);
          }
        });
      }
    }
  }
});
