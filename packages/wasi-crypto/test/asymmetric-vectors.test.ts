/**
 * Published vectors for the asymmetric modules (test/vectors/*.json, each
 * naming its source), run through the plug-in from wasm: Ed25519 (RFC
 * 8032 §7.1), X25519 (RFC 7748 §5.2, §6.1), and Project Wycheproof's ECDSA,
 * RSA PKCS#1 v1.5, RSA-PSS, Ed25519 and X25519 cases.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attempt, KEY_ENCODING, keyExport, keyImport, kxDh, SIGNATURE_ENCODING, sign, signatureExport, TYPE, verify, verifyImported } from './asymmetric.ts';
import { CryptoGuest, ERRNO } from './crypto-guest.ts';

function load<T>(file: string): T {
  const data = JSON.parse(readFileSync(new URL(`vectors/${file}`, import.meta.url), 'utf8')) as T & { source: string };
  expect(data.source).toMatch(/RFC|Wycheproof/);
  return data;
}

const hex = (s: string) => Buffer.from(s, 'hex');

let g: CryptoGuest;
beforeAll(async () => {
  g = await CryptoGuest.create();
});
afterAll(() => g.dispose());

describe('Ed25519 (RFC 8032 section 7.1)', () => {
  const { vectors } = load<{ vectors: { case: string; secretKey: string; publicKey: string; message: string; signature: string }[] }>('ed25519-rfc8032.json');
  it.each(vectors)('$case: the key pair from the secret key signs the message into the published signature, which verifies', (v) => {
    g.reset();
    const kp = keyImport(g, 'keypair', TYPE.signatures, 'Ed25519', hex(v.secretKey + v.publicKey), KEY_ENCODING.raw);
    const pk = g.mustOut('keypair_publickey', kp);
    expect(keyExport(g, 'publickey', pk, KEY_ENCODING.raw).toString('hex')).toBe(v.publicKey);
    const message = hex(v.message);
    // Absorbed in two pieces: pure EdDSA signs the whole message.
    const signature = sign(g, kp, [message.subarray(0, 1), message.subarray(1)]);
    expect(signatureExport(g, signature, SIGNATURE_ENCODING.raw).toString('hex')).toBe(v.signature);
    expect(verifyImported(g, 'Ed25519', { bytes: hex(v.publicKey), encoding: KEY_ENCODING.raw }, [message], { bytes: hex(v.signature), encoding: SIGNATURE_ENCODING.raw })).toBe(ERRNO.SUCCESS);
    const other = Buffer.concat([message, Buffer.from([0])]);
    expect(verifyImported(g, 'Ed25519', { bytes: hex(v.publicKey), encoding: KEY_ENCODING.raw }, [other], { bytes: hex(v.signature), encoding: SIGNATURE_ENCODING.raw })).toBe(ERRNO.VERIFICATION_FAILED);
    for (const h of [signature, pk]) g.call(h === pk ? 'publickey_close' : 'signature_close', h);
    g.must('keypair_close', kp);
  });
});

describe('X25519 (RFC 7748)', () => {
  const data = load<{ scalarMultiplication: { scalar: string; u: string; output: string }[]; diffieHellman: Record<string, string> }>('x25519-rfc7748.json');

  it.each(data.scalarMultiplication)('section 5.2: scalar $scalar times u $u', (v) => {
    g.reset();
    const sk = keyImport(g, 'secretkey', TYPE.keyExchange, 'X25519', hex(v.scalar), KEY_ENCODING.raw);
    const pk = keyImport(g, 'publickey', TYPE.keyExchange, 'X25519', hex(v.u), KEY_ENCODING.raw);
    expect(kxDh(g, pk, sk).toString('hex')).toBe(v.output);
  });

  it("section 6.1: Alice's and Bob's keys give the published public keys and shared secret on both sides", () => {
    g.reset();
    const d = data.diffieHellman;
    const keys = (priv: string) => {
      const sk = keyImport(g, 'secretkey', TYPE.keyExchange, 'X25519', hex(priv), KEY_ENCODING.raw);
      return { sk, pk: g.mustOut('publickey_from_secretkey', sk) };
    };
    const alice = keys(d.alicePrivate!);
    const bob = keys(d.bobPrivate!);
    expect(keyExport(g, 'publickey', alice.pk, KEY_ENCODING.raw).toString('hex')).toBe(d.alicePublic);
    expect(keyExport(g, 'publickey', bob.pk, KEY_ENCODING.raw).toString('hex')).toBe(d.bobPublic);
    expect(kxDh(g, bob.pk, alice.sk).toString('hex')).toBe(d.shared);
    expect(kxDh(g, alice.pk, bob.sk).toString('hex')).toBe(d.shared);
    // The upstream raw key-pair layout: public ‖ secret.
    const kp = keyImport(g, 'keypair', TYPE.keyExchange, 'X25519', hex(d.alicePublic! + d.alicePrivate!), KEY_ENCODING.raw);
    expect(keyExport(g, 'keypair', kp, KEY_ENCODING.raw).toString('hex')).toBe(d.alicePublic! + d.alicePrivate!);
  });
});

interface WycheproofSignatureGroup {
  algorithm: string;
  file: string;
  encoding: 'raw' | 'der';
  publicKeyDer: string;
  tests: { tcId: number; comment: string; msg: string; sig: string; result: 'valid' | 'invalid' }[];
}

describe('Project Wycheproof signature verification', () => {
  const { groups } = load<{ groups: WycheproofSignatureGroup[] }>('wycheproof-signatures.json');
  it.each(groups.map((group, i) => ({ ...group, title: `${group.file} #${i}` })))('$algorithm, $encoding signatures ($title)', (group) => {
    expect(group.tests.length).toBeGreaterThan(0);
    for (const t of group.tests) {
      // The verification's errno, or the import's that refused the signature.
      const result = attempt(() =>
        verifyImported(g, group.algorithm, { bytes: hex(group.publicKeyDer), encoding: KEY_ENCODING.pkcs8 }, [hex(t.msg)], { bytes: hex(t.sig), encoding: SIGNATURE_ENCODING[group.encoding] }),
      );
      if (t.result === 'valid') {
        expect(result, `tcId ${t.tcId} (${t.comment})`).toBe(ERRNO.SUCCESS);
      } else {
        expect([ERRNO.VERIFICATION_FAILED, ERRNO.INVALID_SIGNATURE], `tcId ${t.tcId} (${t.comment}) -> ${result}`).toContain(result);
      }
    }
  });
});

describe('Project Wycheproof X25519', () => {
  const { vectors } = load<{ vectors: { tcId: number; comment: string; public: string; private: string; shared: string }[] }>('wycheproof-x25519.json');
  it(`gives the shared secret of ${vectors.length} cases, and refuses a low-order public key (all-zero secret) with 8`, () => {
    let refused = 0;
    for (const v of vectors) {
      g.reset();
      const sk = keyImport(g, 'secretkey', TYPE.keyExchange, 'X25519', hex(v.private), KEY_ENCODING.raw);
      const pk = keyImport(g, 'publickey', TYPE.keyExchange, 'X25519', hex(v.public), KEY_ENCODING.raw);
      if (/^(00)+$/.test(v.shared)) {
        expect(g.call('kx_dh', pk, sk, g.slot()), `tcId ${v.tcId}`).toBe(ERRNO.INVALID_KEY);
        refused++;
      } else {
        expect(kxDh(g, pk, sk).toString('hex'), `tcId ${v.tcId} (${v.comment})`).toBe(v.shared);
      }
      g.must('secretkey_close', sk);
      g.must('publickey_close', pk);
    }
    expect(refused).toBeGreaterThan(0);
  });
});

describe('states keep running after sign and verify', () => {
  it('verify and sign states answer for everything absorbed so far, again after more input (Ed25519 and ECDSA)', () => {
    for (const alg of ['Ed25519', 'ECDSA_P256_SHA256']) {
      g.reset();
      const kp = g.mustOut('keypair_generate', TYPE.signatures, ...g.put(alg), g.optional());
      const pk = g.mustOut('keypair_publickey', kp);
      const signature = sign(g, kp, ['hello ', 'world']);
      const state = g.mustOut('signature_verification_state_open', pk);
      g.must('signature_verification_state_update', state, ...g.put('hello world'));
      expect(g.call('signature_verification_state_verify', state, signature)).toBe(ERRNO.SUCCESS);
      expect(g.call('signature_verification_state_verify', state, signature)).toBe(ERRNO.SUCCESS);
      g.must('signature_verification_state_update', state, ...g.put('!'));
      expect(g.call('signature_verification_state_verify', state, signature)).toBe(ERRNO.VERIFICATION_FAILED);
      expect(verify(g, pk, ['hello', ' ', 'world'], signature)).toBe(ERRNO.SUCCESS);
      // A sign state signs, takes more input, and signs again.
      const signer = g.mustOut('signature_state_open', kp);
      g.must('signature_state_update', signer, ...g.put('hello'));
      const first = g.mustOut('signature_state_sign', signer);
      g.must('signature_state_update', signer, ...g.put(' world'));
      const second = g.mustOut('signature_state_sign', signer);
      expect(verify(g, pk, ['hello'], first)).toBe(ERRNO.SUCCESS);
      expect(verify(g, pk, ['hello world'], second)).toBe(ERRNO.SUCCESS);
      expect(verify(g, pk, ['hello world'], first)).toBe(ERRNO.VERIFICATION_FAILED);
    }
  });
});
