/**
 * Every error number of the asymmetric_common, signatures and kx modules
 * (spec §5.3–§5.5, with this plug-in's decisions in the README), each from
 * wasm, one group per class of bad input.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_ENCODING, KEY_LOCAL, KEYPAIR_LOCAL, keyExport, keyImport, keypairGenerate, SIGNATURE_ENCODING, sign, signatureImport, TYPE } from './asymmetric.ts';
import { ALGORITHM_TYPE, CryptoGuest, ERRNO, KIND } from './crypto-guest.ts';

let g: CryptoGuest;
/** Objects made once: an Ed25519 and a P-256 key pair, an X25519 and a P-384 kx pair. */
let ed: number, p256: number, x25519: number, p384kx: number;
beforeAll(async () => {
  g = await CryptoGuest.create();
  ed = keypairGenerate(g, TYPE.signatures, 'Ed25519');
  p256 = keypairGenerate(g, TYPE.signatures, 'ECDSA_P256_SHA256');
  x25519 = keypairGenerate(g, TYPE.keyExchange, 'X25519');
  p384kx = keypairGenerate(g, TYPE.keyExchange, 'P384-SHA384');
});
afterAll(() => g.dispose());

const importArgs = (type: number, alg: string, encoded: Buffer | string, encoding: number) => [type, ...g.put(alg), ...g.put(encoded), encoding, g.slot()];

describe('algorithm names and types: 6 and 22', () => {
  it('answers 6 for an unknown name, a name of the other family, or an algorithm type outside 0..2', () => {
    expect(g.call('keypair_generate', TYPE.signatures, ...g.put('ECDSA_P521_SHA512'), g.optional(), g.slot())).toBe(ERRNO.UNSUPPORTED_ALGORITHM);
    expect(g.call('keypair_generate', TYPE.signatures, ...g.put('X25519'), g.optional(), g.slot())).toBe(ERRNO.UNSUPPORTED_ALGORITHM);
    expect(g.call('keypair_generate', 7, ...g.put('X25519'), g.optional(), g.slot())).toBe(ERRNO.UNSUPPORTED_ALGORITHM);
    expect(g.call('publickey_import', ...importArgs(TYPE.keyExchange, 'Ed25519', Buffer.alloc(32), KEY_ENCODING.raw))).toBe(ERRNO.UNSUPPORTED_ALGORITHM);
    expect(g.call('signature_import', ...g.put('X25519'), ...g.put(Buffer.alloc(64)), SIGNATURE_ENCODING.raw, g.slot())).toBe(ERRNO.UNSUPPORTED_ALGORITHM);
  });

  it('answers 22 for the symmetric algorithm type, and takes the type modulo 2^16 and names in any case', () => {
    expect(g.call('keypair_generate', ALGORITHM_TYPE.symmetric, ...g.put('Ed25519'), g.optional(), g.slot())).toBe(ERRNO.INVALID_OPERATION);
    expect(g.call('secretkey_import', ...importArgs(ALGORITHM_TYPE.symmetric, 'X25519', Buffer.alloc(32), KEY_ENCODING.raw))).toBe(ERRNO.INVALID_OPERATION);
    expect(g.call('keypair_generate', 0x1_0002, ...g.put('x25519'), g.optional(), g.slot())).toBe(ERRNO.SUCCESS);
  });
});

describe('encodings: 5 and 2', () => {
  it('refuses local, out-of-range values and encodings a family lacks with 5 (keypair_import too, where upstream says 12)', () => {
    const raw32 = Buffer.alloc(32, 1);
    expect(g.call('keypair_import', ...importArgs(TYPE.signatures, 'Ed25519', raw32, KEYPAIR_LOCAL))).toBe(ERRNO.UNSUPPORTED_ENCODING);
    expect(g.call('keypair_import', ...importArgs(TYPE.signatures, 'Ed25519', raw32, 99))).toBe(ERRNO.UNSUPPORTED_ENCODING);
    expect(g.call('publickey_import', ...importArgs(TYPE.signatures, 'Ed25519', raw32, KEY_LOCAL))).toBe(ERRNO.UNSUPPORTED_ENCODING);
    expect(g.call('publickey_import', ...importArgs(TYPE.signatures, 'Ed25519', raw32, KEY_ENCODING.sec))).toBe(ERRNO.UNSUPPORTED_ENCODING);
    expect(g.call('secretkey_import', ...importArgs(TYPE.signatures, 'ECDSA_P256_SHA256', raw32, KEY_ENCODING.sec))).toBe(ERRNO.UNSUPPORTED_ENCODING);
    expect(g.call('publickey_import', ...importArgs(TYPE.signatures, 'ECDSA_P256_SHA256', raw32, KEY_ENCODING.raw))).toBe(ERRNO.UNSUPPORTED_ENCODING);
    expect(g.call('keypair_import', ...importArgs(TYPE.signatures, 'RSA_PKCS1_2048_SHA256', raw32, KEY_ENCODING.raw))).toBe(ERRNO.UNSUPPORTED_ENCODING);
    expect(g.call('keypair_export', ed, KEYPAIR_LOCAL, g.slot())).toBe(ERRNO.UNSUPPORTED_ENCODING);
    expect(g.call('publickey_export', g.mustOut('keypair_publickey', ed), KEY_ENCODING.sec, g.slot())).toBe(ERRNO.UNSUPPORTED_ENCODING);
    expect(g.call('secretkey_export', g.mustOut('keypair_secretkey', p256), KEY_LOCAL, g.slot())).toBe(ERRNO.UNSUPPORTED_ENCODING);
  });

  it('refuses signature encodings: Ed25519 der and any value past der with 5, RSA der with 2', () => {
    const sig = sign(g, ed, ['m']);
    expect(g.call('signature_export', sig, SIGNATURE_ENCODING.der, g.slot())).toBe(ERRNO.UNSUPPORTED_ENCODING);
    expect(g.call('signature_export', sig, 2, g.slot())).toBe(ERRNO.UNSUPPORTED_ENCODING);
    expect(g.call('signature_import', ...g.put('Ed25519'), ...g.put(Buffer.alloc(64)), SIGNATURE_ENCODING.der, g.slot())).toBe(ERRNO.UNSUPPORTED_ENCODING);
    expect(g.call('signature_import', ...g.put('RSA_PSS_2048_SHA256'), ...g.put(Buffer.alloc(256)), SIGNATURE_ENCODING.der, g.slot())).toBe(ERRNO.NOT_IMPLEMENTED);
  });
});

describe('keys: 8', () => {
  const p384 = crypto.generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
  const order256 = Buffer.from('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551', 'hex');

  it('refuses malformed bytes, another curve or key type, another RSA size, and trailing bytes', () => {
    const spki384 = p384.publicKey.export({ format: 'der', type: 'spki' });
    const rsa2048 = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'der', type: 'pkcs8' });
    expect(g.call('publickey_import', ...importArgs(TYPE.signatures, 'ECDSA_P256_SHA256', Buffer.from('30020500', 'hex'), KEY_ENCODING.pkcs8))).toBe(ERRNO.INVALID_KEY);
    expect(g.call('publickey_import', ...importArgs(TYPE.signatures, 'ECDSA_P256_SHA256', spki384, KEY_ENCODING.pkcs8))).toBe(ERRNO.INVALID_KEY);
    expect(g.call('publickey_import', ...importArgs(TYPE.signatures, 'ECDSA_P384_SHA384', Buffer.concat([spki384, Buffer.from([0])]), KEY_ENCODING.pkcs8))).toBe(ERRNO.INVALID_KEY);
    expect(g.call('publickey_import', ...importArgs(TYPE.keyExchange, 'P384-SHA384', spki384, KEY_ENCODING.pkcs8))).toBe(ERRNO.SUCCESS);
    expect(g.call('keypair_import', ...importArgs(TYPE.signatures, 'RSA_PKCS1_3072_SHA384', rsa2048, KEY_ENCODING.pkcs8))).toBe(ERRNO.INVALID_KEY);
    expect(g.call('keypair_import', ...importArgs(TYPE.signatures, 'Ed25519', rsa2048, KEY_ENCODING.pkcs8))).toBe(ERRNO.INVALID_KEY);
    expect(g.call('keypair_import', ...importArgs(TYPE.signatures, 'ECDSA_P256_SHA256', '-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----\n', KEY_ENCODING.pem))).toBe(ERRNO.INVALID_KEY);
  });

  it('refuses raw scalars of another length, zero or not below the group order, and points off the curve or at infinity', () => {
    for (const scalar of [Buffer.alloc(31, 1), Buffer.alloc(33, 1), Buffer.alloc(32), order256, Buffer.alloc(32, 0xff)]) {
      expect(g.call('secretkey_import', ...importArgs(TYPE.signatures, 'ECDSA_P256_SHA256', scalar, KEY_ENCODING.raw)), scalar.toString('hex')).toBe(ERRNO.INVALID_KEY);
    }
    // A P-384 scalar is 48 bytes: the 32 bytes upstream insists on are refused.
    expect(g.call('keypair_import', ...importArgs(TYPE.signatures, 'ECDSA_P384_SHA384', Buffer.alloc(32, 1), KEY_ENCODING.raw))).toBe(ERRNO.INVALID_KEY);
    const offCurve = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 1)]);
    for (const point of [offCurve, Buffer.from([0]), Buffer.alloc(65)]) {
      expect(g.call('publickey_import', ...importArgs(TYPE.keyExchange, 'P256-SHA256', point, KEY_ENCODING.sec))).toBe(ERRNO.INVALID_KEY);
    }
  });

  it('refuses an Ed25519 or X25519 raw key pair whose halves do not belong together, and raw keys of another length', () => {
    const pair = keyExport(g, 'keypair', ed, KEY_ENCODING.raw);
    const other = Buffer.from(pair);
    other[40]! ^= 1;
    expect(g.call('keypair_import', ...importArgs(TYPE.signatures, 'Ed25519', other, KEY_ENCODING.raw))).toBe(ERRNO.INVALID_KEY);
    expect(g.call('keypair_import', ...importArgs(TYPE.signatures, 'Ed25519', pair.subarray(0, 32), KEY_ENCODING.raw))).toBe(ERRNO.INVALID_KEY);
    const kxPair = keyExport(g, 'keypair', x25519, KEY_ENCODING.raw);
    expect(g.call('keypair_import', ...importArgs(TYPE.keyExchange, 'X25519', Buffer.concat([kxPair.subarray(32), kxPair.subarray(0, 32)]), KEY_ENCODING.raw))).toBe(ERRNO.INVALID_KEY);
    expect(g.call('publickey_import', ...importArgs(TYPE.keyExchange, 'X25519', Buffer.alloc(31), KEY_ENCODING.raw))).toBe(ERRNO.INVALID_KEY);
  });

  it('publickey_verify passes a good key and answers 8 for an RSA key with an even modulus', () => {
    expect(g.call('publickey_verify', g.mustOut('keypair_publickey', p256))).toBe(ERRNO.SUCCESS);
    expect(g.call('publickey_verify', g.mustOut('keypair_publickey', ed))).toBe(ERRNO.SUCCESS);
    const jwk = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
    const n = Buffer.from(jwk.n!, 'base64url');
    n[n.length - 1]! &= 0xfe;
    const even = crypto.createPublicKey({ key: { ...jwk, n: n.toString('base64url') }, format: 'jwk' }).export({ format: 'der', type: 'spki' });
    const pk = keyImport(g, 'publickey', TYPE.signatures, 'RSA_PKCS1_2048_SHA256', even, KEY_ENCODING.pkcs8);
    expect(g.call('publickey_verify', pk)).toBe(ERRNO.INVALID_KEY);
  });

  it('kx_dh and keypair_from_pk_and_sk answer 8 for keys of two algorithms; from_pk_and_sk answers 2 for matching ones', () => {
    const p256kx = keypairGenerate(g, TYPE.keyExchange, 'P256-SHA256');
    expect(g.call('kx_dh', g.mustOut('keypair_publickey', p256kx), g.mustOut('keypair_secretkey', p384kx), g.slot())).toBe(ERRNO.INVALID_KEY);
    expect(g.call('keypair_from_pk_and_sk', g.mustOut('keypair_publickey', p256kx), g.mustOut('keypair_secretkey', p384kx), g.slot())).toBe(ERRNO.INVALID_KEY);
    expect(g.call('keypair_from_pk_and_sk', g.mustOut('keypair_publickey', p384kx), g.mustOut('keypair_secretkey', p384kx), g.slot())).toBe(ERRNO.NOT_IMPLEMENTED);
  });
});

describe('signatures: 13 and 10', () => {
  it('refuses raw signatures of the wrong length and non-strict DER with 13', () => {
    expect(g.call('signature_import', ...g.put('ECDSA_P256_SHA256'), ...g.put(Buffer.alloc(63)), SIGNATURE_ENCODING.raw, g.slot())).toBe(ERRNO.INVALID_SIGNATURE);
    // Upstream's 64-byte P-384 signature is refused: the real one is 96 bytes.
    expect(g.call('signature_import', ...g.put('ECDSA_P384_SHA384'), ...g.put(Buffer.alloc(64, 1)), SIGNATURE_ENCODING.raw, g.slot())).toBe(ERRNO.INVALID_SIGNATURE);
    expect(g.call('signature_import', ...g.put('Ed25519'), ...g.put(Buffer.alloc(65)), SIGNATURE_ENCODING.raw, g.slot())).toBe(ERRNO.INVALID_SIGNATURE);
    expect(g.call('signature_import', ...g.put('RSA_PKCS1_2048_SHA256'), ...g.put(Buffer.alloc(255)), SIGNATURE_ENCODING.raw, g.slot())).toBe(ERRNO.INVALID_SIGNATURE);
    // BER long-form length where DER needs the short form.
    const ber = Buffer.from('3081060201010201', 'hex');
    expect(g.call('signature_import', ...g.put('ECDSA_P256_SHA256'), ...g.put(Buffer.concat([ber, Buffer.from([1])])), SIGNATURE_ENCODING.der, g.slot())).toBe(ERRNO.INVALID_SIGNATURE);
    expect(g.call('signature_import', ...g.put('ECDSA_P256_SHA256'), ...g.put(Buffer.from('3006020101020101', 'hex')), SIGNATURE_ENCODING.der, g.slot())).toBe(ERRNO.SUCCESS);
  });

  it('answers 13 for a signature of another algorithm and 10 for one that does not verify', () => {
    const pk = g.mustOut('keypair_publickey', p256);
    const state = g.mustOut('signature_verification_state_open', pk);
    g.must('signature_verification_state_update', state, ...g.put('m'));
    expect(g.call('signature_verification_state_verify', state, sign(g, ed, ['m']))).toBe(ERRNO.INVALID_SIGNATURE);
    expect(g.call('signature_verification_state_verify', state, signatureImport(g, 'ECDSA_P256_SHA256', Buffer.alloc(64, 1), SIGNATURE_ENCODING.raw))).toBe(ERRNO.VERIFICATION_FAILED);
    expect(g.call('signature_verification_state_verify', state, sign(g, p256, ['m']))).toBe(ERRNO.SUCCESS);
  });
});

describe('handles: 15 and 14', () => {
  it('answers 15 for handles of the wrong family, kind or state, and for unknown ones', () => {
    expect(g.call('signature_state_open', x25519, g.slot())).toBe(ERRNO.INVALID_HANDLE);
    expect(g.call('signature_verification_state_open', g.mustOut('keypair_publickey', x25519), g.slot())).toBe(ERRNO.INVALID_HANDLE);
    expect(g.call('signature_verification_state_open', ed, g.slot())).toBe(ERRNO.INVALID_HANDLE);
    expect(g.call('kx_dh', g.mustOut('keypair_publickey', ed), g.mustOut('keypair_secretkey', x25519), g.slot())).toBe(ERRNO.INVALID_HANDLE);
    expect(g.call('kx_dh', g.mustOut('keypair_publickey', x25519), g.mustOut('keypair_secretkey', ed), g.slot())).toBe(ERRNO.INVALID_HANDLE);
    expect(g.call('keypair_export', (0x7777 << 8) | KIND.keyPair, KEY_ENCODING.raw, g.slot())).toBe(ERRNO.INVALID_HANDLE);
    expect(g.call('publickey_from_secretkey', ed, g.slot())).toBe(ERRNO.INVALID_HANDLE);
    expect(g.call('signature_state_update', g.mustOut('signature_verification_state_open', g.mustOut('keypair_publickey', ed)), ...g.put('m'))).toBe(ERRNO.INVALID_HANDLE);
    // Options must belong to the algorithm's category.
    expect(g.call('keypair_generate', TYPE.signatures, ...g.put('Ed25519'), g.optional(g.optionsOpen(ALGORITHM_TYPE.keyExchange)), g.slot())).toBe(ERRNO.INVALID_HANDLE);
    expect(g.call('keypair_generate', TYPE.signatures, ...g.put('Ed25519'), g.optional(g.optionsOpen(ALGORITHM_TYPE.signatures)), g.slot())).toBe(ERRNO.SUCCESS);
  });

  it('answers 14 for a second close of every kind, and objects outlive what they came from', () => {
    const kp = keypairGenerate(g, TYPE.signatures, 'Ed25519');
    const pk = g.mustOut('keypair_publickey', kp);
    const sk = g.mustOut('keypair_secretkey', kp);
    const state = g.mustOut('signature_state_open', kp);
    const verifier = g.mustOut('signature_verification_state_open', pk);
    g.must('keypair_close', kp);
    g.must('publickey_close', pk);
    // States hold their own key: signing and verifying still work.
    g.must('signature_state_update', state, ...g.put('after close'));
    const signature = g.mustOut('signature_state_sign', state);
    g.must('signature_verification_state_update', verifier, ...g.put('after close'));
    expect(g.call('signature_verification_state_verify', verifier, signature)).toBe(ERRNO.SUCCESS);
    expect(keyExport(g, 'secretkey', sk, KEY_ENCODING.raw)).toHaveLength(32);
    for (const [fn, h] of [['keypair_close', kp], ['publickey_close', pk], ['secretkey_close', sk], ['signature_state_close', state], ['signature_verification_state_close', verifier], ['signature_close', signature]] as const) {
      if (fn !== 'keypair_close' && fn !== 'publickey_close') g.must(fn, h);
      expect(g.call(fn, h), fn).toBe(ERRNO.CLOSED);
    }
    expect(g.call('keypair_export', kp, KEY_ENCODING.raw, g.slot())).toBe(ERRNO.INVALID_HANDLE);
  });
});

describe('secrets managers and managed keys: 2 after the pointer checks (12)', () => {
  it.each([
    ['keypair_generate_managed', () => [0, TYPE.signatures, ...g.put('Ed25519'), g.optional(), g.slot()], 5],
    ['keypair_store_managed', () => [0, ed, g.alloc(16), 16], 2],
    ['keypair_replace_managed', () => [0, ed, ed, g.slot()], 3],
    ['keypair_id', () => [ed, g.alloc(16), 16, g.slot(), g.slot()], 1],
    ['keypair_from_id', () => [0, g.alloc(16), 16, 1n, g.slot()], 1],
  ] as const)('%s', (fn, args, pointer) => {
    const good = args() as (number | bigint)[];
    expect(g.call(fn, ...good)).toBe(ERRNO.NOT_IMPLEMENTED);
    const bad = [...good];
    bad[pointer] = 0xffff_fff8;
    expect(g.call(fn, ...bad)).toBe(ERRNO.ALGORITHM_FAILURE);
  });
});

describe('guest memory: 12, never a trap', () => {
  it('answers 12 for out slots and input ranges outside memory, and writes nothing on failure', () => {
    const end = g.fns.memory.buffer.byteLength;
    expect(g.call('keypair_generate', TYPE.signatures, ...g.put('Ed25519'), g.optional(), end - 2)).toBe(ERRNO.ALGORITHM_FAILURE);
    expect(g.call('keypair_generate', TYPE.signatures, end - 4, 8, g.optional(), g.slot())).toBe(ERRNO.ALGORITHM_FAILURE);
    expect(g.call('keypair_generate', TYPE.signatures, ...g.put('Ed25519'), end, g.slot())).toBe(ERRNO.ALGORITHM_FAILURE);
    // A zero-length range at a pointer past the end is refused too, in every module (upstream accepts it).
    expect(g.call('signature_state_update', g.mustOut('signature_state_open', ed), end + 16, 0)).toBe(ERRNO.ALGORITHM_FAILURE);
    expect(g.call('symmetric_state_absorb', g.stateOpen('SHA-256'), end + 16, 0)).toBe(ERRNO.ALGORITHM_FAILURE);
    expect(g.call('options_set', g.optionsOpen(), ...g.put('nonce'), 0xffff_fff0, 0)).toBe(ERRNO.ALGORITHM_FAILURE);
    expect(g.call('publickey_import', TYPE.signatures, ...g.put('Ed25519'), 0xffff_ff00, 0x200, KEY_ENCODING.raw, g.slot())).toBe(ERRNO.ALGORITHM_FAILURE);
    const slot = g.slot();
    expect(g.call('kx_dh', g.mustOut('keypair_publickey', ed), g.mustOut('keypair_secretkey', x25519), slot)).toBe(ERRNO.INVALID_HANDLE);
    expect(g.u32(slot)).toBe(0xeeeeeeee);
  });
});

describe('limits: 16', () => {
  it('refuses an Ed25519 message past 256 MiB with 16, and the state still closes', () => {
    const chunk = 64 << 20;
    g.reset();
    const data = g.alloc(chunk);
    const state = g.mustOut('signature_state_open', ed);
    for (let i = 0; i < 4; i++) g.must('signature_state_update', state, data, chunk);
    expect(g.call('signature_state_update', state, data, 1)).toBe(ERRNO.OVERFLOW);
    g.must('signature_state_close', state);
  }, 60_000);
});
