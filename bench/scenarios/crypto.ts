/**
 * SHA-256 and AES-256-GCM over 1 MiB buffers through the wasi_crypto
 * plug-in from wasm (data copied into guest memory, hashed or sealed by the
 * host, results copied out), against node:crypto in the same run. MB/s.
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { digest, seal } from '../../packages/wasi-crypto/test/algorithms.ts';
import { CryptoGuest } from '../../packages/wasi-crypto/test/crypto-guest.ts';
import { median, timeRuns, type Row } from '../measure.ts';

const SIZE = 1 << 20;

function throughput(scenario: string, reference: { subject: string; ms: number[] }, subject: { subject: string; ms: number[] }): Row[] {
  const rate = (ms: number[]) => ms.map((t) => SIZE / 1e6 / (t / 1000));
  const ref = rate(reference.ms);
  const sub = rate(subject.ms);
  return [
    { scenario, subject: reference.subject, median: median(ref), unit: 'MB/s', runs: ref.length, ratio: 1, reference: true },
    { scenario, subject: subject.subject, median: median(sub), unit: 'MB/s', runs: sub.length, ratio: median(sub) / median(ref) },
  ];
}

export async function benchCrypto(): Promise<Row[]> {
  const guest = await CryptoGuest.create();
  const data = randomBytes(SIZE);
  const key = randomBytes(32);
  const nonce = randomBytes(12);

  const nodeSha = await timeRuns(20, () => createHash('sha256').update(data).digest(), 2);
  const pluginSha = await timeRuns(20, () => digest(guest, 'SHA-256', [data]), 2);
  const nodeGcm = await timeRuns(20, () => {
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    Buffer.concat([cipher.update(data), cipher.final()]);
    cipher.getAuthTag();
  }, 2);
  const pluginGcm = await timeRuns(20, () => seal(guest, { alg: 'AES-256-GCM', key, nonce }, data, false), 2);
  return [
    ...throughput('sha-256 1 MiB', { subject: 'node:crypto', ms: nodeSha }, { subject: 'wasi_crypto from wasm', ms: pluginSha }),
    ...throughput('aes-256-gcm 1 MiB', { subject: 'node:crypto', ms: nodeGcm }, { subject: 'wasi_crypto from wasm', ms: pluginGcm }),
  ];
}
