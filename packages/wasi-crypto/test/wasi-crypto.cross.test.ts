/**
 * The plug-in built for a release target of another architecture (with its
 * static libcrypto), run under qemu-user through the plug-in API's test
 * driver: digests, MACs and AEAD agree with node:crypto, a tampered message
 * is refused, Ed25519 and ECDSA P-256 signatures and X25519 key agreement
 * interoperate with node:crypto both ways, and bad handles and pointers get
 * the spec's error numbers.
 * (`nx run wasi-crypto:test -c manylinux2014_aarch64`.)
 */
import crypto, { createCipheriv, createDecipheriv, createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtPluginPath, CrossDriver, seededRandom, testTarget } from '@wasmedge-plugins/test-support';
import { ERRNO, MODULES } from './crypto-guest.ts';
import { okpPublic, okpRaw } from './node-keys.ts';

const MEMORY = 16 * 65536;
let driver: CrossDriver;
let sym: number;
let common: number;
let asym: number;
let sig: number;
let kx: number;
let cursor = 1024;

beforeAll(async () => {
  driver = await CrossDriver.start(testTarget(), builtPluginPath({ plugin: 'wasi_crypto' }));
  common = await driver.module('wasi_crypto_common');
  sym = await driver.module('wasi_crypto_symmetric');
  asym = await driver.module('wasi_crypto_asymmetric_common');
  sig = await driver.module('wasi_crypto_signatures');
  kx = await driver.module('wasi_crypto_kx');
});
afterAll(async () => {
  const { code, stderr } = await driver.close();
  expect(code, stderr).toBe(0);
});

function alloc(len: number): number {
  const at = (cursor + 7) & ~7;
  cursor = at + len;
  if (cursor > MEMORY) throw new Error('test guest memory exhausted');
  return at;
}

async function put(data: Uint8Array | string): Promise<[number, number]> {
  const bytes = Buffer.from(data);
  const at = alloc(bytes.length);
  await driver.write(at, bytes);
  return [at, bytes.length];
}

async function optional(handle?: number): Promise<number> {
  const b = Buffer.alloc(8);
  b.writeUInt32LE(handle === undefined ? 1 : 0, 0);
  b.writeUInt32LE(handle ?? 0, 4);
  return (await put(b))[0];
}

/** Calls a crypto function; its errno, and the u32 written to a trailing out slot when `out` is set. */
async function call(module: number, fn: string, args: (number | bigint)[], out = false): Promise<{ errno: number; value: number }> {
  const slot = out ? alloc(8) : 0;
  const result = await driver.call(module, fn, ...args, ...(out ? [slot] : []));
  expect(result.trap, `${fn} trapped`).toBeUndefined();
  const value = out ? (await driver.read(slot, 4)).readUInt32LE(0) : 0;
  return { errno: Number(result.results[0]), value };
}

async function must(module: number, fn: string, args: (number | bigint)[], out = false): Promise<number> {
  const { errno, value } = await call(module, fn, args, out);
  expect(errno, `${fn} errno`).toBe(ERRNO.SUCCESS);
  return value;
}

async function stateOpen(alg: string, key?: number, options?: number): Promise<number> {
  return must(sym, 'symmetric_state_open', [...(await put(alg)), await optional(key), await optional(options)], true);
}

async function digest(alg: string, message: Buffer, len: number): Promise<Buffer> {
  const state = await stateOpen(alg);
  await must(sym, 'symmetric_state_absorb', [state, ...(await put(message))]);
  const out = alloc(len);
  await must(sym, 'symmetric_state_squeeze', [state, out, len]);
  await must(sym, 'symmetric_state_close', [state]);
  return driver.read(out, len);
}

async function keyImport(alg: string, raw: Buffer): Promise<number> {
  return must(sym, 'symmetric_key_import', [...(await put(alg)), ...(await put(raw))], true);
}

async function nonceOptions(nonce: Buffer): Promise<number> {
  const options = await must(common, 'options_open', [1], true);
  await must(common, 'options_set', [options, ...(await put('nonce')), ...(await put(nonce))]);
  return options;
}

/** Reads an array_output to its end. */
async function arrayOutput(handle: number): Promise<Buffer> {
  const len = await must(common, 'array_output_len', [handle], true);
  const buf = alloc(len);
  await must(common, 'array_output_pull', [handle, buf, len], true);
  return driver.read(buf, len);
}

/** Signs `message` with a key pair from wasm; the raw signature. */
async function pluginSign(kp: number, message: Buffer): Promise<Buffer> {
  const state = await must(sig, 'signature_state_open', [kp], true);
  await must(sig, 'signature_state_update', [state, ...(await put(message))]);
  const signature = await must(sig, 'signature_state_sign', [state], true);
  return arrayOutput(await must(sig, 'signature_export', [signature, 0], true));
}

/** Verifies a raw signature over `message` with an imported public key; the errno. */
async function pluginVerify(alg: string, publicKey: Buffer, encoding: number, message: Buffer, signature: Buffer): Promise<number> {
  const pk = await must(asym, 'publickey_import', [0, ...(await put(alg)), ...(await put(publicKey)), encoding], true);
  const imported = await must(sig, 'signature_import', [...(await put(alg)), ...(await put(signature)), 0], true);
  const state = await must(sig, 'signature_verification_state_open', [pk], true);
  await must(sig, 'signature_verification_state_update', [state, ...(await put(message))]);
  return (await call(sig, 'signature_verification_state_verify', [state, imported])).errno;
}

function randomBytes(random: () => number, len: number): Buffer {
  return Buffer.from(Array.from({ length: len }, () => Math.floor(random() * 256)));
}

describe(`wasi_crypto for ${testTarget()} under qemu`, () => {
  it('describes itself with the five module descriptors the runtime asks for', async () => {
    expect(await driver.info()).toEqual({ name: 'wasi_crypto', apiVersion: 5, modules: [...MODULES] });
  });

  it('computes SHA-256 and SHA-512 digests equal to node:crypto', async () => {
    const random = seededRandom(2017);
    for (const size of [0, 1, 55, 64, 1000, 65_536]) {
      cursor = 1024;
      const message = randomBytes(random, size);
      expect((await digest('SHA-256', message, 32)).toString('hex')).toBe(createHash('sha256').update(message).digest('hex'));
      expect((await digest('SHA-512', message, 64)).toString('hex')).toBe(createHash('sha512').update(message).digest('hex'));
    }
  });

  it('computes HMAC-SHA-256 tags equal to node:crypto', async () => {
    cursor = 1024;
    const key = Buffer.from('a key for the cross-built plug-in');
    const state = await stateOpen('HMAC/SHA-256', await keyImport('HMAC/SHA-256', key));
    await must(sym, 'symmetric_state_absorb', [state, ...(await put('message'))]);
    const tag = await must(sym, 'symmetric_state_squeeze_tag', [state], true);
    const buf = alloc(32);
    await must(sym, 'symmetric_tag_pull', [tag, buf, 32], true);
    expect((await driver.read(buf, 32)).toString('hex')).toBe(createHmac('sha256', key).update('message').digest('hex'));
  });

  it('encrypts AES-256-GCM that node:crypto decrypts, decrypts what node:crypto encrypts, and refuses a flipped tag bit', async () => {
    cursor = 1024;
    const random = seededRandom(42);
    const key = randomBytes(random, 32);
    const nonce = randomBytes(random, 12);
    const plaintext = randomBytes(random, 5000);
    const keyHandle = await keyImport('AES-256-GCM', key);

    const enc = await stateOpen('AES-256-GCM', keyHandle, await nonceOptions(nonce));
    const [ptr, len] = await put(plaintext);
    const out = alloc(len + 16);
    await must(sym, 'symmetric_state_encrypt', [enc, out, len + 16, ptr, len], true);
    const sealed = await driver.read(out, len + 16);
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAuthTag(sealed.subarray(len));
    expect(Buffer.concat([decipher.update(sealed.subarray(0, len)), decipher.final()]).equals(plaintext)).toBe(true);

    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    const fromNode = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    const tampered = Buffer.from(fromNode);
    tampered[tampered.length - 1]! ^= 1;
    for (const [input, errno] of [
      [fromNode, ERRNO.SUCCESS],
      [tampered, ERRNO.INVALID_TAG],
    ] as const) {
      const dec = await stateOpen('AES-256-GCM', keyHandle, await nonceOptions(nonce));
      const [inPtr, inLen] = await put(input);
      const plain = alloc(len);
      expect((await call(sym, 'symmetric_state_decrypt', [dec, plain, len, inPtr, inLen], true)).errno).toBe(errno);
      const got = await driver.read(plain, len);
      expect(errno === ERRNO.SUCCESS ? got.equals(plaintext) : got.every((b) => b === 0)).toBe(true);
    }
  });

  it.each([
    ['Ed25519', 0, (pub: Buffer) => okpPublic('Ed25519', pub), null, {}],
    ['ECDSA_P256_SHA256', 1, (spki: Buffer) => crypto.createPublicKey({ key: spki, format: 'der', type: 'spki' }), 'sha256', { dsaEncoding: 'ieee-p1363' }],
  ] as const)('%s: signatures made under qemu verify in node:crypto and the reverse; a modified message is refused with 10', async (alg, encoding, toNode, hash, options) => {
    const random = seededRandom(alg.length);
    for (let i = 0; i < 5; i++) {
      cursor = 1024;
      const message = randomBytes(random, 1 + Math.floor(random() * 2000));
      const kp = await must(asym, 'keypair_generate', [0, ...(await put(alg)), await optional()], true);
      const pk = await must(asym, 'keypair_publickey', [kp], true);
      const nodePublic = toNode(await arrayOutput(await must(asym, 'publickey_export', [pk, encoding], true)));
      const signature = await pluginSign(kp, message);
      expect(crypto.verify(hash, message, { key: nodePublic, ...options }, signature)).toBe(true);

      const node = alg === 'Ed25519' ? crypto.generateKeyPairSync('ed25519') : crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      const theirs = crypto.sign(hash, message, { key: node.privateKey, ...options });
      const exported = alg === 'Ed25519' ? okpRaw(node.publicKey, 'x') : node.publicKey.export({ format: 'der', type: 'spki' });
      expect(await pluginVerify(alg, exported, encoding, message, theirs)).toBe(ERRNO.SUCCESS);
      const modified = Buffer.from(message);
      modified[0]! ^= 1;
      expect(await pluginVerify(alg, exported, encoding, modified, theirs)).toBe(ERRNO.VERIFICATION_FAILED);
    }
  });

  it('X25519: kx_dh under qemu equals diffieHellman in node:crypto on both sides', async () => {
    for (let i = 0; i < 5; i++) {
      cursor = 1024;
      const node = crypto.generateKeyPairSync('x25519');
      const kp = await must(asym, 'keypair_generate', [2, ...(await put('X25519')), await optional()], true);
      const pk = await must(asym, 'keypair_publickey', [kp], true);
      const sk = await must(asym, 'keypair_secretkey', [kp], true);
      const peer = await must(asym, 'publickey_import', [2, ...(await put('X25519')), ...(await put(okpRaw(node.publicKey, 'x'))), 0], true);
      const ours = await arrayOutput(await must(kx, 'kx_dh', [peer, sk], true));
      const pluginPublic = okpPublic('X25519', await arrayOutput(await must(asym, 'publickey_export', [pk, 0], true)));
      const theirs = crypto.diffieHellman({ privateKey: node.privateKey, publicKey: pluginPublic });
      expect(ours.toString('hex')).toBe(theirs.toString('hex'));
    }
  });

  it('answers bad handles and out-of-range pointers with error numbers', async () => {
    cursor = 1024;
    const state = await stateOpen('SHA-256');
    expect((await call(sym, 'symmetric_state_absorb', [state, MEMORY - 4, 8])).errno).toBe(ERRNO.ALGORITHM_FAILURE);
    expect((await call(sym, 'symmetric_state_squeeze', [state, 0xffff_fff0, 32])).errno).toBe(ERRNO.ALGORITHM_FAILURE);
    await must(sym, 'symmetric_state_close', [state]);
    expect((await call(sym, 'symmetric_state_close', [state])).errno).toBe(ERRNO.CLOSED);
    expect((await call(sym, 'symmetric_state_absorb', [state, ...(await put('x'))])).errno).toBe(ERRNO.INVALID_HANDLE);
    expect((await call(asym, 'keypair_generate', [0, ...(await put('Ed25519')), await optional(), MEMORY - 2])).errno).toBe(ERRNO.ALGORITHM_FAILURE);
    expect((await call(kx, 'kx_dh', [0x103, 0x104, alloc(4)])).errno).toBe(ERRNO.INVALID_HANDLE);
  });
});
