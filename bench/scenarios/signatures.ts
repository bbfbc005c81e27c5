/**
 * Ed25519 and ECDSA P-256 signing and verification through the wasi_crypto
 * plug-in from wasm (message copied into guest memory, a state opened,
 * updated, signed or verified, and closed, per operation), against
 * node:crypto with the same keys in the same run. Operations per second.
 * The static-OpenSSL release build is measured too when it exists (see
 * crypto.ts).
 */
import crypto, { type KeyObject } from 'node:crypto';
import { keyExport, keypairGenerate, KEY_ENCODING, sign, TYPE, verify } from '../../packages/wasi-crypto/test/asymmetric.ts';
import { type CryptoGuest } from '../../packages/wasi-crypto/test/crypto-guest.ts';
import { median, timeRuns, type Row } from '../measure.ts';
import { guests } from './crypto.ts';

/** Operations per measured run. */
const BATCH = 200;
const MESSAGE = Buffer.alloc(256, 7);

const ALGORITHMS = [
  { alg: 'Ed25519', hash: null, options: {} },
  { alg: 'ECDSA_P256_SHA256', hash: 'sha256', options: { dsaEncoding: 'ieee-p1363' as const } },
] as const;

function perSecond(ms: number[]): number[] {
  return ms.map((t) => BATCH / (t / 1000));
}

/** The guest's key pair, its public key handle, and the same keys in Node. */
function keys(g: CryptoGuest, alg: string): { kp: number; pk: number; nodePrivate: KeyObject; nodePublic: KeyObject } {
  const kp = keypairGenerate(g, TYPE.signatures, alg);
  const pk = g.mustOut('keypair_publickey', kp);
  const nodePrivate = crypto.createPrivateKey({ key: keyExport(g, 'keypair', kp, KEY_ENCODING.pkcs8), format: 'der', type: 'pkcs8' });
  return { kp, pk, nodePrivate, nodePublic: crypto.createPublicKey(nodePrivate) };
}

function rows(scenario: string, reference: number[], subjects: { subject: string; ms: number[] }[]): Row[] {
  const ref = perSecond(reference);
  return [
    { scenario, subject: 'node:crypto', median: median(ref), unit: 'ops/s', runs: ref.length, ratio: 1, reference: true },
    ...subjects.map(({ subject, ms }) => {
      const values = perSecond(ms);
      return { scenario, subject, median: median(values), unit: 'ops/s', runs: values.length, ratio: median(values) / median(ref) };
    }),
  ];
}

export async function benchSignatures(): Promise<Row[]> {
  const builds = await guests();
  const out: Row[] = [];
  for (const { alg, hash, options } of ALGORITHMS) {
    const signs: { subject: string; ms: number[] }[] = [];
    const verifies: { subject: string; ms: number[] }[] = [];
    let nodeKeys: { nodePrivate: KeyObject; nodePublic: KeyObject } | undefined;
    for (const { label, guest } of builds) {
      const k = keys(guest, alg);
      nodeKeys ??= k;
      const signature = sign(guest, k.kp, [MESSAGE]);
      signs.push({ subject: label, ms: await timeRuns(10, () => {
        guest.reset();
        for (let i = 0; i < BATCH; i++) guest.must('signature_close', sign(guest, k.kp, [MESSAGE]));
      }) });
      verifies.push({ subject: label, ms: await timeRuns(10, () => {
        guest.reset();
        for (let i = 0; i < BATCH; i++) if (verify(guest, k.pk, [MESSAGE], signature) !== 0) throw new Error(`${alg}: the plug-in refused its own signature`);
      }) });
    }
    if (nodeKeys === undefined) throw new Error('no wasi_crypto build to measure: run `npx nx run wasi-crypto:build` first');
    const { nodePrivate, nodePublic } = nodeKeys;
    const nodeSignature = crypto.sign(hash, MESSAGE, { key: nodePrivate, ...options });
    const nodeSign = await timeRuns(10, () => {
      for (let i = 0; i < BATCH; i++) crypto.sign(hash, MESSAGE, { key: nodePrivate, ...options });
    });
    const nodeVerify = await timeRuns(10, () => {
      for (let i = 0; i < BATCH; i++) if (!crypto.verify(hash, MESSAGE, { key: nodePublic, ...options }, nodeSignature)) throw new Error(`${alg}: Node refused its own signature`);
    });
    out.push(...rows(`${alg} sign (256 B)`, nodeSign, signs), ...rows(`${alg} verify (256 B)`, nodeVerify, verifies));
  }
  return out;
}
