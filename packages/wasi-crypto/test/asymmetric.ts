/**
 * Whole asymmetric operations through a CryptoGuest, for the known-answer,
 * differential and error tests: key generation, import and export in each
 * encoding, signing and verifying over streamed input, key agreement.
 * Helpers throw a CryptoError carrying the errno when a call fails.
 */
import { bytes, type Bytes, CryptoError, type CryptoGuest } from './crypto-guest.ts';

export const TYPE = { signatures: 0, keyExchange: 2 } as const;

/** Key encodings (spec §4, WasmEdge numbering): pairs have no `sec`. */
export const KEY_ENCODING = { raw: 0, pkcs8: 1, pem: 2, sec: 3 } as const;
export const KEYPAIR_LOCAL = 3;
export const KEY_LOCAL = 4;
export const SIGNATURE_ENCODING = { raw: 0, der: 1 } as const;

export type KeyPart = 'keypair' | 'publickey' | 'secretkey';
export type Encoding = keyof typeof KEY_ENCODING;

export interface SignatureAlgorithm {
  name: string;
  /** node:crypto's view: key type, curve or modulus size, hash, padding. */
  node: { type: 'ec' | 'ed25519' | 'rsa'; curve?: string; bits?: number; hash?: string; pss?: boolean };
  /** Raw signature length. */
  raw: number;
}

const RSA: SignatureAlgorithm[] = (
  [
    [2048, 'SHA256'],
    [2048, 'SHA384'],
    [2048, 'SHA512'],
    [3072, 'SHA384'],
    [3072, 'SHA512'],
    [4096, 'SHA512'],
  ] as const
).flatMap(([bits, hash]) =>
  [false, true].map((pss) => ({
    name: `RSA_${pss ? 'PSS' : 'PKCS1'}_${bits}_${hash}`,
    node: { type: 'rsa' as const, bits, hash: hash.toLowerCase(), pss },
    raw: bits / 8,
  })),
);

/** Every signature algorithm of spec §6.2. */
export const SIGNATURE_ALGORITHMS: SignatureAlgorithm[] = [
  { name: 'ECDSA_P256_SHA256', node: { type: 'ec', curve: 'prime256v1', hash: 'sha256' }, raw: 64 },
  { name: 'ECDSA_K256_SHA256', node: { type: 'ec', curve: 'secp256k1', hash: 'sha256' }, raw: 64 },
  { name: 'ECDSA_P384_SHA384', node: { type: 'ec', curve: 'secp384r1', hash: 'sha384' }, raw: 96 },
  { name: 'Ed25519', node: { type: 'ed25519' }, raw: 64 },
  ...RSA,
];

/** Every key-exchange algorithm of spec §6.3, with node:crypto's curve and the secret's length. */
export const KX_ALGORITHMS = [
  { name: 'X25519', node: { type: 'x25519' as const }, secret: 32 },
  { name: 'P256-SHA256', node: { type: 'ec' as const, curve: 'prime256v1' }, secret: 32 },
  { name: 'P384-SHA384', node: { type: 'ec' as const, curve: 'secp384r1' }, secret: 48 },
];

export function keypairGenerate(g: CryptoGuest, type: number, alg: string, options?: number): number {
  return g.mustOut('keypair_generate', type, ...g.put(alg), g.optional(options));
}

/** keypair_import / publickey_import / secretkey_import. */
export function keyImport(g: CryptoGuest, part: KeyPart, type: number, alg: string, encoded: Bytes, encoding: number): number {
  return g.mustOut(`${part}_import`, type, ...g.put(alg), ...g.put(encoded), encoding);
}

/** keypair_export / publickey_export / secretkey_export, read to the end. */
export function keyExport(g: CryptoGuest, part: KeyPart, handle: number, encoding: number): Buffer {
  return g.arrayOutput(g.mustOut(`${part}_export`, handle, encoding));
}

export function publicKeyOf(g: CryptoGuest, keypair: number): number {
  return g.mustOut('keypair_publickey', keypair);
}

export function secretKeyOf(g: CryptoGuest, keypair: number): number {
  return g.mustOut('keypair_secretkey', keypair);
}

/** Signs `chunks` (one update each) with a key pair; returns the signature handle. */
export function sign(g: CryptoGuest, keypair: number, chunks: Bytes[]): number {
  const state = g.mustOut('signature_state_open', keypair);
  for (const c of chunks) g.must('signature_state_update', state, ...g.put(c));
  const signature = g.mustOut('signature_state_sign', state);
  g.must('signature_state_close', state);
  return signature;
}

export function signatureExport(g: CryptoGuest, signature: number, encoding: number): Buffer {
  return g.arrayOutput(g.mustOut('signature_export', signature, encoding));
}

export function signatureImport(g: CryptoGuest, alg: string, encoded: Bytes, encoding: number): number {
  return g.mustOut('signature_import', ...g.put(alg), ...g.put(encoded), encoding);
}

/** Verifies `signature` over `chunks` with a public key; returns the errno (0 = valid). */
export function verify(g: CryptoGuest, publicKey: number, chunks: Bytes[], signature: number): number {
  const state = g.mustOut('signature_verification_state_open', publicKey);
  for (const c of chunks) g.must('signature_verification_state_update', state, ...g.put(c));
  const errno = g.call('signature_verification_state_verify', state, signature);
  g.must('signature_verification_state_close', state);
  return errno;
}

/** Imports `encoded` and verifies it over `message` with an imported public key; closes what it opened. */
export function verifyImported(g: CryptoGuest, alg: string, publicKey: { bytes: Bytes; encoding: number }, message: Bytes[], signature: { bytes: Bytes; encoding: number }): number {
  g.reset();
  const pk = keyImport(g, 'publickey', TYPE.signatures, alg, publicKey.bytes, publicKey.encoding);
  try {
    const sig = signatureImport(g, alg, signature.bytes, signature.encoding);
    const errno = verify(g, pk, message, sig);
    g.must('signature_close', sig);
    return errno;
  } finally {
    g.must('publickey_close', pk);
  }
}

export function kxDh(g: CryptoGuest, publicKey: number, secretKey: number): Buffer {
  return g.arrayOutput(g.mustOut('kx_dh', publicKey, secretKey));
}

/** `fn`'s errno, or the errno of the CryptoError it throws. */
export function attempt(fn: () => number): number {
  try {
    return fn();
  } catch (e) {
    if (e instanceof CryptoError) return e.errno;
    throw e;
  }
}

export { bytes };
