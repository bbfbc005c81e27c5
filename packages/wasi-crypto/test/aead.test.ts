/**
 * AEAD states (AES-GCM, ChaCha20-Poly1305) and symmetric tags: nonces,
 * lengths, the one-operation rule, wiping on failure, in-place use, and
 * the tag functions with the quirk-4 fixes.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CryptoError, CryptoGuest, ERRNO, SENTINEL } from './crypto-guest.ts';

let g: CryptoGuest;
beforeAll(async () => {
  g = await CryptoGuest.create();
});
afterAll(() => g.dispose());
beforeEach(() => g.reset());

const KEY = Buffer.alloc(32, 0x42);
const NONCE = Buffer.alloc(12, 0x2a);

function freshState(alg = 'AES-256-GCM', aad?: string): number {
  const state = g.stateOpen(alg, g.keyImport(alg, alg === 'AES-128-GCM' ? KEY.subarray(0, 16) : KEY), g.nonceOptions(NONCE));
  if (aad !== undefined) g.absorb(state, aad);
  return state;
}

/** Node's AES-256-GCM of `plaintext` under KEY and NONCE: ciphertext then tag. */
function nodeSeal(plaintext: string | Buffer, aad = ''): Buffer {
  const c = crypto.createCipheriv('aes-256-gcm', KEY, NONCE, { authTagLength: 16 });
  c.setAAD(Buffer.from(aad));
  return Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]);
}

describe('opening AEAD states', () => {
  it('needs options (23) holding a nonce of exactly 12 bytes (24)', () => {
    const key = g.keyImport('CHACHA20-POLY1305', KEY);
    const errno = (options?: number) => g.call('symmetric_state_open', ...g.put('CHACHA20-POLY1305'), g.optional(key), g.optional(options), g.slot());
    expect(errno()).toBe(ERRNO.NONCE_REQUIRED);
    expect(errno(g.optionsOpen())).toBe(ERRNO.INVALID_NONCE);
    expect(errno(g.nonceOptions(Buffer.alloc(11)))).toBe(ERRNO.INVALID_NONCE);
    expect(errno(g.nonceOptions(Buffer.alloc(13)))).toBe(ERRNO.INVALID_NONCE);
    expect(errno(g.nonceOptions(NONCE))).toBe(ERRNO.SUCCESS);
  });

  it('report a 16-byte tag and give the nonce back under the exact name "nonce"', () => {
    const state = freshState();
    expect(g.mustOut('symmetric_state_max_tag_len', state)).toBe(16);
    const out = g.alloc(16);
    expect(g.mustOut('symmetric_state_options_get', state, ...g.put('nonce'), out, 16)).toBe(12);
    expect(g.read(out, 12)).toEqual(NONCE);
    expect(g.call('symmetric_state_options_get', state, ...g.put('nonce'), out, 11, g.slot())).toBe(ERRNO.OVERFLOW);
    expect(g.call('symmetric_state_options_get', state, ...g.put('NONCE'), out, 16, g.slot())).toBe(ERRNO.UNSUPPORTED_OPTION);
    expect(g.call('symmetric_state_options_get_u64', state, ...g.put('nonce'), g.slot())).toBe(ERRNO.UNSUPPORTED_OPTION);
    expect(g.call('symmetric_state_clone', state, g.slot())).toBe(ERRNO.NOT_IMPLEMENTED);
    expect(g.call('symmetric_state_squeeze', state, g.alloc(16), 16)).toBe(ERRNO.INVALID_OPERATION);
    expect(g.call('symmetric_state_squeeze_tag', state, g.slot())).toBe(ERRNO.INVALID_OPERATION);
    expect(g.call('symmetric_state_ratchet', state)).toBe(ERRNO.INVALID_OPERATION);
  });
});

describe('AEAD lengths', () => {
  it('answers 9 when out/data lengths do not match each function', () => {
    const state = freshState();
    const data = g.alloc(32);
    const out = g.alloc(64);
    expect(g.call('symmetric_state_encrypt', state, out, 32, data, 32, g.slot())).toBe(ERRNO.INVALID_LENGTH);
    expect(g.call('symmetric_state_encrypt', state, out, 47, data, 32, g.slot())).toBe(ERRNO.INVALID_LENGTH);
    expect(g.call('symmetric_state_encrypt_detached', state, out, 31, data, 32, g.slot())).toBe(ERRNO.INVALID_LENGTH);
    expect(g.call('symmetric_state_decrypt', state, out, 32, data, 32, g.slot())).toBe(ERRNO.INVALID_LENGTH);
    expect(g.call('symmetric_state_decrypt_detached', state, out, 16, data, 32, data, 16, g.slot())).toBe(ERRNO.INVALID_LENGTH);
    // None of these used up the state.
    expect(g.encrypt(state, 'ok')).toEqual(nodeSeal('ok'));
  });

  it('checks the detached-encryption length before the algorithm (9 even for a hash state)', () => {
    const state = g.stateOpen('SHA-256');
    expect(g.call('symmetric_state_encrypt_detached', state, g.alloc(4), 3, g.alloc(4), 4, g.slot())).toBe(ERRNO.INVALID_LENGTH);
  });
});

describe('one encryption or decryption per AEAD state', () => {
  it('refuses a second operation and late additional data with 22', () => {
    const state = freshState('AES-256-GCM', 'header');
    expect(g.encrypt(state, 'first')).toEqual(nodeSeal('first', 'header'));
    expect(g.call('symmetric_state_encrypt', state, g.alloc(21), 21, ...g.put('again'), g.slot())).toBe(ERRNO.INVALID_OPERATION);
    expect(g.call('symmetric_state_encrypt_detached', state, g.alloc(5), 5, ...g.put('again'), g.slot())).toBe(ERRNO.INVALID_OPERATION);
    expect(g.call('symmetric_state_decrypt', state, g.alloc(5), 5, ...g.put(nodeSeal('first', 'header')), g.slot())).toBe(ERRNO.INVALID_OPERATION);
    expect(g.call('symmetric_state_absorb', state, ...g.put('more'))).toBe(ERRNO.INVALID_OPERATION);
  });
});

describe('AEAD decryption failures', () => {
  it('zero the output and leave the size slot unwritten when the tag does not verify (21)', () => {
    const sealed = nodeSeal('attack at dawn!!');
    sealed[0]! ^= 1;
    const state = freshState();
    const [data, len] = g.put(sealed);
    const out = g.alloc(len - 16);
    const size = g.slot();
    expect(g.call('symmetric_state_decrypt', state, out, len - 16, data, len, size)).toBe(ERRNO.INVALID_TAG);
    expect(g.read(out, len - 16)).toEqual(Buffer.alloc(len - 16));
    expect(g.read(size, 4)).toEqual(Buffer.alloc(4, SENTINEL));
  });

  it('require a detached tag of exactly 16 bytes (21; quirk 4)', () => {
    const sealed = nodeSeal('message');
    const [ciphertext, tag] = [sealed.subarray(0, 7), sealed.subarray(7)];
    for (const rawTag of [tag.subarray(0, 0), tag.subarray(0, 12), tag.subarray(0, 15), Buffer.concat([tag, Buffer.from([0])])]) {
      const state = freshState();
      let error: unknown;
      try {
        g.decryptDetached(state, ciphertext, rawTag);
      } catch (e) {
        error = e;
      }
      expect((error as CryptoError).errno).toBe(ERRNO.INVALID_TAG);
    }
    expect(g.decryptDetached(freshState(), ciphertext, tag).toString()).toBe('message');
  });
});

describe('in-place and overlapping buffers', () => {
  it('encrypts and decrypts in place (out == data)', () => {
    const plaintext = crypto.randomBytes(1000);
    const state = freshState();
    const buf = g.alloc(1016);
    g.memory.set(plaintext, buf);
    expect(g.mustOut('symmetric_state_encrypt', state, buf, 1016, buf, 1000)).toBe(1016);
    const sealed = g.read(buf, 1016);
    expect(sealed).toEqual(nodeSeal(plaintext));
    const opener = freshState();
    expect(g.mustOut('symmetric_state_decrypt', opener, buf, 1000, buf, 1016)).toBe(1000);
    expect(g.read(buf, 1000)).toEqual(plaintext);
  });

  it('encrypts correctly when the output overlaps the input at another offset', () => {
    const plaintext = crypto.randomBytes(500);
    const state = freshState();
    const base = g.alloc(600);
    g.memory.set(plaintext, base + 8);
    expect(g.mustOut('symmetric_state_encrypt', state, base, 516, base + 8, 500)).toBe(516);
    expect(g.read(base, 516)).toEqual(nodeSeal(plaintext));
  });
});

describe('symmetric tags', () => {
  function hmacTag(): { tag: number; expected: Buffer } {
    const state = g.stateOpen('HMAC/SHA-256', g.keyImport('HMAC/SHA-256', 'key'));
    g.absorb(state, 'message');
    return { tag: g.squeezeTag(state), expected: crypto.createHmac('sha256', 'key').update('message').digest() };
  }

  it('pull into a buffer of exactly their length: larger 9, smaller 16; the tag stays open', () => {
    const { tag, expected } = hmacTag();
    expect(g.mustOut('symmetric_tag_len', tag)).toBe(32);
    expect(g.call('symmetric_tag_pull', tag, g.alloc(33), 33, g.slot())).toBe(ERRNO.INVALID_LENGTH);
    expect(g.call('symmetric_tag_pull', tag, g.alloc(31), 31, g.slot())).toBe(ERRNO.OVERFLOW);
    expect(g.tagBytes(tag)).toEqual(expected);
    expect(g.tagBytes(tag)).toEqual(expected);
  });

  it('verify only the full tag, in constant time (21 for a prefix, an empty or a longer tag; quirk 4)', () => {
    const { tag, expected } = hmacTag();
    g.must('symmetric_tag_verify', tag, ...g.put(expected));
    for (const raw of [Buffer.alloc(0), expected.subarray(0, 16), expected.subarray(0, 31), Buffer.concat([expected, Buffer.alloc(1)])]) {
      expect(g.call('symmetric_tag_verify', tag, ...g.put(raw))).toBe(ERRNO.INVALID_TAG);
    }
    const wrong = Buffer.from(expected);
    wrong[31]! ^= 0x80;
    expect(g.call('symmetric_tag_verify', tag, ...g.put(wrong))).toBe(ERRNO.INVALID_TAG);
  });

  it('come from detached encryption with 16 bytes', () => {
    const { tag } = g.encryptDetached(freshState(), 'x');
    expect(g.tagBytes(tag)).toEqual(nodeSeal('x').subarray(1));
  });

  it('answer 14 on a double close and 15 when closed or of another kind', () => {
    const { tag } = hmacTag();
    g.must('symmetric_tag_close', tag);
    expect(g.call('symmetric_tag_close', tag)).toBe(ERRNO.CLOSED);
    expect(g.call('symmetric_tag_len', tag, g.slot())).toBe(ERRNO.INVALID_HANDLE);
    expect(g.call('symmetric_tag_verify', tag, ...g.put('x'))).toBe(ERRNO.INVALID_HANDLE);
    const key = g.keyImport('HMAC/SHA-256', 'k');
    expect(g.call('symmetric_tag_len', key, g.slot())).toBe(ERRNO.INVALID_HANDLE);
    expect(g.call('symmetric_tag_close', key)).toBe(ERRNO.CLOSED);
  });
});
