/**
 * Whole operations of each algorithm family through a CryptoGuest, for the
 * known-answer and differential tests: each opens what it needs, runs the
 * operation from wasm, closes every handle it opened, and returns bytes.
 */
import { bytes, type Bytes, type CryptoGuest } from './crypto-guest.ts';

/** Digest of `chunks` absorbed one after the other. */
export function digest(g: CryptoGuest, alg: string, chunks: Bytes[], len?: number): Buffer {
  g.reset();
  const state = g.stateOpen(alg);
  for (const c of chunks) g.absorb(state, c);
  const out = g.squeeze(state, len ?? (alg === 'SHA-512' ? 64 : 32));
  g.must('symmetric_state_close', state);
  return out;
}

/** Full HMAC tag of `chunks` under `key`. */
export function mac(g: CryptoGuest, alg: string, key: Bytes, chunks: Bytes[]): Buffer {
  g.reset();
  const k = g.keyImport(alg, key);
  const state = g.stateOpen(alg, k);
  for (const c of chunks) g.absorb(state, c);
  const tag = g.squeezeTag(state);
  const out = g.tagBytes(tag);
  g.must('symmetric_tag_close', tag);
  g.must('symmetric_state_close', state);
  g.must('symmetric_key_close', k);
  return out;
}

/** HKDF extract then expand with `hash` ('SHA-256' | 'SHA-512'). */
export function hkdf(g: CryptoGuest, hash: string, ikm: Bytes, salt: Bytes, info: Bytes, len: number): { prk: Buffer; okm: Buffer } {
  g.reset();
  const ikmKey = g.keyImport(`HKDF-EXTRACT/${hash}`, ikm);
  const extract = g.stateOpen(`HKDF-EXTRACT/${hash}`, ikmKey);
  g.absorb(extract, salt);
  const prkKey = g.squeezeKey(extract, `HKDF-EXPAND/${hash}`);
  const prk = g.keyExport(prkKey);
  const expand = g.stateOpen(`HKDF-EXPAND/${hash}`, prkKey);
  g.absorb(expand, info);
  const okm = g.squeeze(expand, len);
  for (const [fn, h] of [['symmetric_state_close', extract], ['symmetric_state_close', expand], ['symmetric_key_close', ikmKey], ['symmetric_key_close', prkKey]] as const) {
    g.must(fn, h);
  }
  return { prk, okm };
}

export interface AeadInput {
  alg: string;
  key: Bytes;
  nonce: Bytes;
  aad?: Bytes;
}

/** Opens an AEAD state with key, nonce and additional data; returns [state, cleanup]. */
function aeadState(g: CryptoGuest, input: AeadInput): [number, () => void] {
  const key = g.keyImport(input.alg, input.key);
  const options = g.nonceOptions(input.nonce);
  const state = g.stateOpen(input.alg, key, options);
  if (input.aad !== undefined) g.absorb(state, input.aad);
  return [
    state,
    () => {
      g.must('symmetric_state_close', state);
      g.must('symmetric_key_close', key);
      g.must('options_close', options);
    },
  ];
}

/** Encrypts; returns ciphertext and tag separately whichever API was used. */
export function seal(g: CryptoGuest, input: AeadInput, plaintext: Bytes, detached: boolean): { ciphertext: Buffer; tag: Buffer } {
  g.reset();
  const [state, cleanup] = aeadState(g, input);
  try {
    if (detached) {
      const { ciphertext, tag } = g.encryptDetached(state, plaintext);
      const raw = g.tagBytes(tag);
      g.must('symmetric_tag_close', tag);
      return { ciphertext, tag: raw };
    }
    const out = g.encrypt(state, plaintext);
    return { ciphertext: out.subarray(0, out.length - 16), tag: out.subarray(out.length - 16) };
  } finally {
    cleanup();
  }
}

/** Decrypts and verifies; throws CryptoError (21 for a bad tag). */
export function open(g: CryptoGuest, input: AeadInput, ciphertext: Bytes, tag: Bytes, detached: boolean): Buffer {
  g.reset();
  const [state, cleanup] = aeadState(g, input);
  try {
    return detached ? g.decryptDetached(state, ciphertext, tag) : g.decrypt(state, Buffer.concat([bytes(ciphertext), bytes(tag)]));
  } finally {
    cleanup();
  }
}
