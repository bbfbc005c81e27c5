/**
 * node:crypto's side of the asymmetric differential tests: making keys of
 * each algorithm, and moving raw and SEC encodings (which node:crypto only
 * reads and writes as JWK) in and out of KeyObjects.
 */
import crypto, { type KeyObject } from 'node:crypto';

/** JWK curve names of OpenSSL's curve names. */
const JWK_CURVE: Record<string, string> = { prime256v1: 'P-256', secp256k1: 'secp256k1', secp384r1: 'P-384' };

export interface NodeKeySpec {
  type: 'ec' | 'ed25519' | 'x25519' | 'rsa';
  curve?: string;
  bits?: number;
}

const b64 = (b: Buffer) => b.toString('base64url');
const unb64 = (s: string | undefined) => Buffer.from(s ?? '', 'base64url');

/** A node:crypto key pair of the algorithm. */
export function nodeKeyPair(spec: NodeKeySpec): crypto.KeyPairKeyObjectResult {
  switch (spec.type) {
    case 'ec':
      return crypto.generateKeyPairSync('ec', { namedCurve: spec.curve! });
    case 'rsa':
      return crypto.generateKeyPairSync('rsa', { modulusLength: spec.bits! });
    case 'ed25519':
      return crypto.generateKeyPairSync('ed25519');
    default:
      return crypto.generateKeyPairSync('x25519');
  }
}

/** The uncompressed SEC point of an EC key. */
export function secPoint(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.concat([Buffer.from([4]), unb64(jwk.x), unb64(jwk.y)]);
}

/** The compressed SEC point of an EC key. */
export function compressedPoint(key: KeyObject, curve: string): Buffer {
  return Buffer.from(crypto.ECDH.convertKey(secPoint(key), curve, undefined, undefined, 'compressed') as Buffer);
}

/** An EC public key from an uncompressed SEC point. */
export function publicFromSec(curve: string, point: Buffer): KeyObject {
  const n = (point.length - 1) / 2;
  return crypto.createPublicKey({ key: { kty: 'EC', crv: JWK_CURVE[curve]!, x: b64(point.subarray(1, 1 + n)), y: b64(point.subarray(1 + n)) }, format: 'jwk' });
}

/** An EC private key from its raw scalar and uncompressed public point. */
export function privateFromScalar(curve: string, scalar: Buffer, point: Buffer): KeyObject {
  const n = (point.length - 1) / 2;
  return crypto.createPrivateKey({ key: { kty: 'EC', crv: JWK_CURVE[curve]!, d: b64(scalar), x: b64(point.subarray(1, 1 + n)), y: b64(point.subarray(1 + n)) }, format: 'jwk' });
}

/** The raw EC scalar of a private key, at the curve's full size. */
export function rawScalar(key: KeyObject): Buffer {
  return unb64(key.export({ format: 'jwk' }).d);
}

/** Ed25519 / X25519 keys from raw bytes. */
export function okpPublic(crv: 'Ed25519' | 'X25519', raw: Buffer): KeyObject {
  return crypto.createPublicKey({ key: { kty: 'OKP', crv, x: b64(raw) }, format: 'jwk' });
}

export function okpPrivate(crv: 'Ed25519' | 'X25519', secret: Buffer, pub: Buffer): KeyObject {
  return crypto.createPrivateKey({ key: { kty: 'OKP', crv, d: b64(secret), x: b64(pub) }, format: 'jwk' });
}

/** Raw Ed25519 / X25519 key bytes: the secret (d) or the public key (x). */
export function okpRaw(key: KeyObject, part: 'd' | 'x'): Buffer {
  return unb64(key.export({ format: 'jwk' })[part]);
}

/** A key's JWK without the fields that do not identify it. */
export function identity(key: KeyObject): Record<string, unknown> {
  const { kid: _kid, alg: _alg, ...rest } = key.export({ format: 'jwk' }) as Record<string, unknown>;
  return rest;
}
