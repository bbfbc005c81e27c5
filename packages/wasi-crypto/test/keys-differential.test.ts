/**
 * Key encodings against node:crypto (spec §6.4 and this plug-in's
 * additions): a key pair, public key or secret key exported by the plug-in
 * in each encoding imports in Node (createPrivateKey / createPublicKey) as
 * the same key, and a key Node exports in each form imports in the plug-in
 * as the same key. Raw and SEC forms travel through JWK on Node's side.
 */
import crypto, { type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Encoding, KEY_ENCODING, keyExport, keyImport, keypairGenerate, type KeyPart, TYPE } from './asymmetric.ts';
import { CryptoGuest } from './crypto-guest.ts';
import { compressedPoint, identity, nodeKeyPair, type NodeKeySpec, okpPrivate, okpPublic, okpRaw, privateFromScalar, publicFromSec, rawScalar, secPoint } from './node-keys.ts';

let g: CryptoGuest;
beforeAll(async () => {
  g = await CryptoGuest.create();
});
afterAll(() => g.dispose());

interface Family {
  alg: string;
  type: number;
  node: NodeKeySpec;
  /** Encodings the plug-in supports, per key part. */
  encodings: Record<KeyPart, Encoding[]>;
}

const EC: Record<KeyPart, Encoding[]> = { keypair: ['raw', 'pkcs8', 'pem'], publickey: ['pkcs8', 'pem', 'sec'], secretkey: ['raw', 'pkcs8', 'pem'] };
const OKP: Record<KeyPart, Encoding[]> = { keypair: ['raw', 'pkcs8', 'pem'], publickey: ['raw', 'pkcs8', 'pem'], secretkey: ['raw', 'pkcs8', 'pem'] };
const RSA: Record<KeyPart, Encoding[]> = { keypair: ['pkcs8', 'pem'], publickey: ['pkcs8', 'pem'], secretkey: ['pkcs8', 'pem'] };

const FAMILIES: Family[] = [
  { alg: 'ECDSA_P256_SHA256', type: TYPE.signatures, node: { type: 'ec', curve: 'prime256v1' }, encodings: EC },
  { alg: 'ECDSA_K256_SHA256', type: TYPE.signatures, node: { type: 'ec', curve: 'secp256k1' }, encodings: EC },
  { alg: 'ECDSA_P384_SHA384', type: TYPE.signatures, node: { type: 'ec', curve: 'secp384r1' }, encodings: EC },
  { alg: 'P256-SHA256', type: TYPE.keyExchange, node: { type: 'ec', curve: 'prime256v1' }, encodings: EC },
  { alg: 'P384-SHA384', type: TYPE.keyExchange, node: { type: 'ec', curve: 'secp384r1' }, encodings: EC },
  { alg: 'Ed25519', type: TYPE.signatures, node: { type: 'ed25519' }, encodings: OKP },
  { alg: 'X25519', type: TYPE.keyExchange, node: { type: 'x25519' }, encodings: OKP },
  { alg: 'RSA_PKCS1_2048_SHA256', type: TYPE.signatures, node: { type: 'rsa', bits: 2048 }, encodings: RSA },
  { alg: 'RSA_PSS_2048_SHA512', type: TYPE.signatures, node: { type: 'rsa', bits: 2048 }, encodings: RSA },
];

const OKP_CURVE = { ed25519: 'Ed25519', x25519: 'X25519' } as const;

/** Where the secret half sits in a raw OKP key pair: Ed25519 secret ‖ public, X25519 public ‖ secret. */
const secretFirst = (f: Family) => f.node.type === 'ed25519';

/** Node's view of bytes the plug-in exported. `publicKey` supplies what a raw secret form lacks. */
function toNode(f: Family, part: KeyPart, encoding: Encoding, bytes: Buffer, publicKey: KeyObject): KeyObject {
  const isPublic = part === 'publickey';
  if (encoding === 'pkcs8') return isPublic ? crypto.createPublicKey({ key: bytes, format: 'der', type: 'spki' }) : crypto.createPrivateKey({ key: bytes, format: 'der', type: 'pkcs8' });
  if (encoding === 'pem') return isPublic ? crypto.createPublicKey(bytes.toString()) : crypto.createPrivateKey(bytes.toString());
  if (encoding === 'sec') return publicFromSec(f.node.curve!, bytes);
  if (f.node.type === 'ec') return privateFromScalar(f.node.curve!, bytes, secPoint(publicKey));
  const crv = OKP_CURVE[f.node.type as 'ed25519' | 'x25519'];
  if (isPublic) return okpPublic(crv, bytes);
  if (part === 'secretkey') return okpPrivate(crv, bytes, okpRaw(publicKey, 'x'));
  const [first, second] = [bytes.subarray(0, 32), bytes.subarray(32)];
  return secretFirst(f) ? okpPrivate(crv, first, second) : okpPrivate(crv, second, first);
}

/** The forms Node can give a key in for the plug-in's `encoding` (several where Node has several). */
function fromNode(f: Family, part: KeyPart, encoding: Encoding, node: crypto.KeyPairKeyObjectResult): Buffer[] {
  const isPublic = part === 'publickey';
  const key = isPublic ? node.publicKey : node.privateKey;
  if (encoding === 'pkcs8') {
    if (isPublic) return [key.export({ format: 'der', type: 'spki' })];
    const traditional = f.node.type === 'ec' ? 'sec1' : f.node.type === 'rsa' ? 'pkcs1' : undefined;
    return [key.export({ format: 'der', type: 'pkcs8' }), ...(traditional ? [key.export({ format: 'der', type: traditional })] : [])];
  }
  if (encoding === 'pem') {
    if (isPublic) return [Buffer.from(key.export({ format: 'pem', type: 'spki' }))];
    return [Buffer.from(key.export({ format: 'pem', type: 'pkcs8' })), ...(f.node.type === 'rsa' ? [Buffer.from(key.export({ format: 'pem', type: 'pkcs1' }))] : [])];
  }
  if (encoding === 'sec') return [secPoint(key), compressedPoint(key, f.node.curve!)];
  if (f.node.type === 'ec') return [rawScalar(key)];
  if (isPublic) return [okpRaw(key, 'x')];
  if (part === 'secretkey') return [okpRaw(key, 'd')];
  const [d, x] = [okpRaw(key, 'd'), okpRaw(key, 'x')];
  return [secretFirst(f) ? Buffer.concat([d, x]) : Buffer.concat([x, d])];
}

/** The plug-in object's key as Node sees it, through its PKCS#8 / SPKI export. */
function pluginKey(part: KeyPart, handle: number, f: Family): KeyObject {
  return toNode(f, part, 'pkcs8', keyExport(g, part, handle, KEY_ENCODING.pkcs8), undefined as unknown as KeyObject);
}

describe.each(FAMILIES)('$alg keys and node:crypto', (f) => {
  it('every encoding the plug-in exports imports in Node as the same key', () => {
    g.reset();
    const kp = keypairGenerate(g, f.type, f.alg);
    const handles: Record<KeyPart, number> = { keypair: kp, publickey: g.mustOut('keypair_publickey', kp), secretkey: g.mustOut('keypair_secretkey', kp) };
    const reference = pluginKey('keypair', kp, f);
    const publicKey = crypto.createPublicKey(reference);
    for (const part of ['keypair', 'publickey', 'secretkey'] as const) {
      for (const encoding of f.encodings[part]) {
        const exported = keyExport(g, part, handles[part], KEY_ENCODING[encoding]);
        const expected = part === 'publickey' ? publicKey : reference;
        expect(identity(toNode(f, part, encoding, exported, publicKey)), `${part} ${encoding}`).toEqual(identity(expected));
      }
    }
    // A raw EC scalar is always the curve's size (upstream drops leading zeros).
    if (f.node.type === 'ec') expect(keyExport(g, 'secretkey', handles.secretkey, KEY_ENCODING.raw).length).toBe(f.node.curve === 'secp384r1' ? 48 : 32);
  });

  it("every form Node exports a key in imports in the plug-in as the same key", () => {
    const node = nodeKeyPair(f.node);
    for (const part of ['keypair', 'publickey', 'secretkey'] as const) {
      const expected = identity(part === 'publickey' ? node.publicKey : node.privateKey);
      for (const encoding of f.encodings[part]) {
        for (const [i, bytes] of fromNode(f, part, encoding, node).entries()) {
          g.reset();
          const handle = keyImport(g, part, f.type, f.alg, bytes, KEY_ENCODING[encoding]);
          expect(identity(pluginKey(part, handle, f)), `${part} ${encoding} form ${i}`).toEqual(expected);
          g.must(`${part}_close`, handle);
        }
      }
    }
  });
});
