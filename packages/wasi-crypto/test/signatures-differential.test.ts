/**
 * Signatures against node:crypto, for every algorithm of spec §6.2 (fixed
 * seeds): what the plug-in signs from wasm verifies in Node, in each
 * signature encoding; what Node signs verifies in the plug-in; a modified
 * message or signature is refused with 10.
 */
import crypto, { type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '@wasmedge-plugins/test-support';
import { KEY_ENCODING, keyExport, keyImport, keypairGenerate, SIGNATURE_ALGORITHMS, SIGNATURE_ENCODING, type SignatureAlgorithm, sign, signatureExport, TYPE, verifyImported } from './asymmetric.ts';
import { CryptoGuest, ERRNO } from './crypto-guest.ts';
import { nodeKeyPair } from './node-keys.ts';

let g: CryptoGuest;
beforeAll(async () => {
  g = await CryptoGuest.create();
});
afterAll(() => g.dispose());

/** node:crypto's signing options for the algorithm (PSS: a digest-long salt, as the plug-in signs). */
function nodeOptions(alg: SignatureAlgorithm, key: KeyObject, encoding: 'raw' | 'der' = 'raw'): crypto.SignKeyObjectInput {
  if (alg.node.type === 'ec') return { key, dsaEncoding: encoding === 'raw' ? 'ieee-p1363' : 'der' };
  if (alg.node.type === 'rsa' && alg.node.pss) return { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: crypto.constants.RSA_PSS_SALTLEN_DIGEST };
  if (alg.node.type === 'rsa') return { key, padding: crypto.constants.RSA_PKCS1_PADDING };
  return { key };
}

const nodeHash = (alg: SignatureAlgorithm) => alg.node.hash ?? null;

/** RSA key pairs are slow to make: one per size and side, shared by the algorithms of that size. */
const rsaPlugin = new Map<number, Buffer>();
const rsaNode = new Map<number, crypto.KeyPairKeyObjectResult>();

/** A plug-in key pair of `alg` (RSA: generated once per size, then imported as PKCS#8). */
function pluginKeyPair(alg: SignatureAlgorithm): number {
  const bits = alg.node.bits;
  if (bits === undefined) return keypairGenerate(g, TYPE.signatures, alg.name);
  if (!rsaPlugin.has(bits)) {
    const kp = keypairGenerate(g, TYPE.signatures, alg.name);
    rsaPlugin.set(bits, keyExport(g, 'keypair', kp, KEY_ENCODING.pkcs8));
    g.must('keypair_close', kp);
  }
  return keyImport(g, 'keypair', TYPE.signatures, alg.name, rsaPlugin.get(bits)!, KEY_ENCODING.pkcs8);
}

function nodePair(alg: SignatureAlgorithm): crypto.KeyPairKeyObjectResult {
  const bits = alg.node.bits;
  if (bits === undefined) return nodeKeyPair(alg.node);
  if (!rsaNode.has(bits)) rsaNode.set(bits, nodeKeyPair(alg.node));
  return rsaNode.get(bits)!;
}

function randomSource(seed: number) {
  const next = seededRandom(seed);
  const int = (max: number) => Math.floor(next() * (max + 1));
  const buf = (len: number) => Buffer.from(Array.from({ length: len }, () => int(255)));
  const split = (data: Buffer): Buffer[] => {
    const cut = int(data.length);
    return [data.subarray(0, cut), data.subarray(cut)];
  };
  const flip = (b: Buffer): Buffer => {
    const copy = Buffer.from(b);
    copy[int(copy.length - 1)]! ^= 1 << int(7);
    return copy;
  };
  return { int, buf, split, flip };
}

describe.each(SIGNATURE_ALGORITHMS)('$name against node:crypto', (alg) => {
  const cases = alg.node.type === 'rsa' ? 2 : 12;
  const encodings = alg.node.type === 'ec' ? (['raw', 'der'] as const) : (['raw'] as const);

  it("signs from wasm what node:crypto verifies, in every signature encoding, and the signature's raw size is the algorithm's", () => {
    const r = randomSource(alg.name.length * 977 + alg.raw);
    g.reset();
    const kp = pluginKeyPair(alg);
    const pk = g.mustOut('keypair_publickey', kp);
    const nodePublic = crypto.createPublicKey({ key: keyExport(g, 'publickey', pk, KEY_ENCODING.pkcs8), format: 'der', type: 'spki' });
    for (let i = 0; i < cases; i++) {
      const message = r.buf(r.int(i % 2 === 0 ? 100 : 3000));
      const signature = sign(g, kp, r.split(message));
      for (const encoding of encodings) {
        const bytes = signatureExport(g, signature, SIGNATURE_ENCODING[encoding]);
        if (encoding === 'raw') expect(bytes.length).toBe(alg.raw);
        expect(crypto.verify(nodeHash(alg), message, nodeOptions(alg, nodePublic, encoding), bytes), `case ${i}, ${encoding}`).toBe(true);
        expect(crypto.verify(nodeHash(alg), r.flip(message.length > 0 ? message : Buffer.alloc(1)), nodeOptions(alg, nodePublic, encoding), bytes)).toBe(false);
      }
      g.must('signature_close', signature);
    }
    g.must('publickey_close', pk);
    g.must('keypair_close', kp);
  });

  it('verifies from wasm what node:crypto signs (public key as PKCS#8 DER and PEM), and refuses a modified message or signature with 10', () => {
    const r = randomSource(alg.name.length * 131 + alg.raw);
    const { publicKey, privateKey } = nodePair(alg);
    const der = publicKey.export({ format: 'der', type: 'spki' });
    const pem = publicKey.export({ format: 'pem', type: 'spki' });
    // node:crypto signs PSS with the largest salt by default: the plug-in accepts any salt length.
    const nodeSignOptions = alg.node.pss ? { key: privateKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING } : nodeOptions(alg, privateKey);
    for (let i = 0; i < cases; i++) {
      const message = r.buf(1 + r.int(i % 2 === 0 ? 100 : 3000));
      const key = { bytes: i % 2 === 0 ? der : pem, encoding: i % 2 === 0 ? KEY_ENCODING.pkcs8 : KEY_ENCODING.pem };
      for (const encoding of encodings) {
        const options = encoding === 'der' ? nodeOptions(alg, privateKey, 'der') : nodeSignOptions;
        const signature = crypto.sign(nodeHash(alg), message, options);
        const sig = { bytes: signature, encoding: SIGNATURE_ENCODING[encoding] };
        expect(verifyImported(g, alg.name, key, r.split(message), sig), `case ${i}, ${encoding}`).toBe(ERRNO.SUCCESS);
        expect(verifyImported(g, alg.name, key, [r.flip(message)], sig)).toBe(ERRNO.VERIFICATION_FAILED);
        if (encoding === 'raw') {
          expect(verifyImported(g, alg.name, key, [message], { ...sig, bytes: r.flip(signature) })).toBe(ERRNO.VERIFICATION_FAILED);
        }
      }
    }
  });
});
