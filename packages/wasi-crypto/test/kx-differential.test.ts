/**
 * Key exchange against node:crypto (spec §5.5, §6.3): for X25519, P-256
 * and P-384, kx_dh from wasm equals Node's diffieHellman on both sides,
 * with the public keys moved in every encoding they have; the KEM
 * functions answer 2.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_ENCODING, keyExport, keyImport, keypairGenerate, KX_ALGORITHMS, kxDh, TYPE } from './asymmetric.ts';
import { CryptoGuest, ERRNO } from './crypto-guest.ts';
import { compressedPoint, nodeKeyPair, okpPublic, okpRaw, publicFromSec, secPoint } from './node-keys.ts';

let g: CryptoGuest;
beforeAll(async () => {
  g = await CryptoGuest.create();
});
afterAll(() => g.dispose());

type Kx = (typeof KX_ALGORITHMS)[number];

/** Node's public key in one of the encodings the plug-in imports for this algorithm, cycling through them. */
function nodePublicEncoded(alg: Kx, key: crypto.KeyObject, i: number): { bytes: Buffer | string; encoding: number } {
  const shared = [
    { bytes: key.export({ format: 'der', type: 'spki' }), encoding: KEY_ENCODING.pkcs8 },
    { bytes: key.export({ format: 'pem', type: 'spki' }) as string, encoding: KEY_ENCODING.pem },
  ];
  const own =
    alg.node.type === 'x25519'
      ? [{ bytes: okpRaw(key, 'x'), encoding: KEY_ENCODING.raw }]
      : [
          { bytes: secPoint(key), encoding: KEY_ENCODING.sec },
          { bytes: compressedPoint(key, alg.node.curve!), encoding: KEY_ENCODING.sec },
        ];
  const all = [...own, ...shared];
  return all[i % all.length]!;
}

/** The plug-in's public key as a Node KeyObject, through one of its export encodings. */
function pluginPublicToNode(alg: Kx, pk: number, i: number): crypto.KeyObject {
  if (i % 3 === 0) return crypto.createPublicKey({ key: keyExport(g, 'publickey', pk, KEY_ENCODING.pkcs8), format: 'der', type: 'spki' });
  if (i % 3 === 1) return crypto.createPublicKey(keyExport(g, 'publickey', pk, KEY_ENCODING.pem).toString());
  return alg.node.type === 'x25519' ? okpPublic('X25519', keyExport(g, 'publickey', pk, KEY_ENCODING.raw)) : publicFromSec(alg.node.curve!, keyExport(g, 'publickey', pk, KEY_ENCODING.sec));
}

describe.each(KX_ALGORITHMS)('$name against node:crypto', (alg) => {
  it('kx_dh from wasm equals diffieHellman in Node on both sides, for 30 key pairs each', () => {
    for (let i = 0; i < 30; i++) {
      g.reset();
      const node = nodeKeyPair(alg.node);
      const kp = keypairGenerate(g, TYPE.keyExchange, alg.name);
      const pk = g.mustOut('keypair_publickey', kp);
      const sk = g.mustOut('keypair_secretkey', kp);
      const encoded = nodePublicEncoded(alg, node.publicKey, i);
      const peer = keyImport(g, 'publickey', TYPE.keyExchange, alg.name, encoded.bytes, encoded.encoding);

      const ours = kxDh(g, peer, sk);
      const theirs = crypto.diffieHellman({ privateKey: node.privateKey, publicKey: pluginPublicToNode(alg, pk, i) });
      expect(ours.length).toBe(alg.secret);
      expect(ours.toString('hex'), `case ${i}`).toBe(theirs.toString('hex'));
      for (const [fn, h] of [['publickey_close', pk], ['publickey_close', peer], ['secretkey_close', sk], ['keypair_close', kp]] as const) g.must(fn, h);
    }
  });

  it('agrees with itself: both plug-in sides derive the same secret', () => {
    g.reset();
    const a = keypairGenerate(g, TYPE.keyExchange, alg.name);
    const b = keypairGenerate(g, TYPE.keyExchange, alg.name);
    const ab = kxDh(g, g.mustOut('keypair_publickey', b), g.mustOut('keypair_secretkey', a));
    const ba = kxDh(g, g.mustOut('keypair_publickey', a), g.mustOut('keypair_secretkey', b));
    expect(ab.equals(ba)).toBe(true);
  });

  it('kx_encapsulate and kx_decapsulate answer 2 once their pointers are checked', () => {
    g.reset();
    const kp = keypairGenerate(g, TYPE.keyExchange, alg.name);
    const pk = g.mustOut('keypair_publickey', kp);
    const sk = g.mustOut('keypair_secretkey', kp);
    expect(g.call('kx_encapsulate', pk, g.slot(), g.slot())).toBe(ERRNO.NOT_IMPLEMENTED);
    expect(g.call('kx_encapsulate', pk, 0xffff_fffc, g.slot())).toBe(ERRNO.ALGORITHM_FAILURE);
    expect(g.call('kx_decapsulate', sk, ...g.put(Buffer.alloc(32)), g.slot())).toBe(ERRNO.NOT_IMPLEMENTED);
    expect(g.call('kx_decapsulate', sk, 0xffff_fff0, 32, g.slot())).toBe(ERRNO.ALGORITHM_FAILURE);
  });
});
