/**
 * SHA-256 and AES-256-GCM over 1 MiB buffers through the wasi_crypto
 * plug-in from wasm (data copied into guest memory, hashed or sealed by the
 * host, results copied out), against node:crypto in the same run. MB/s.
 * When the manylinux2014_x86_64 build exists (`npx nx run wasi-crypto:build
 * -c manylinux2014_x86_64`), it is measured too: its OpenSSL is the static
 * one built by zig from deps/openssl, the host build's is the system's.
 */
import { arch } from 'node:process';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { openPlugin } from '@wasmedge-plugins/loader';
import { builtPluginPath } from '@wasmedge-plugins/test-support';
import { digest, seal } from '../../packages/wasi-crypto/test/algorithms.ts';
import { CryptoGuest } from '../../packages/wasi-crypto/test/crypto-guest.ts';
import { median, timeRuns, type Row } from '../measure.ts';

const SIZE = 1 << 20;

type Timed = { subject: string; ms: number[] };

function throughput(scenario: string, reference: Timed, subjects: Timed[]): Row[] {
  const rate = (ms: number[]) => ms.map((t) => SIZE / 1e6 / (t / 1000));
  const ref = rate(reference.ms);
  return [
    { scenario, subject: reference.subject, median: median(ref), unit: 'MB/s', runs: ref.length, ratio: 1, reference: true },
    ...subjects.map((s) => {
      const sub = rate(s.ms);
      return { scenario, subject: s.subject, median: median(sub), unit: 'MB/s', runs: sub.length, ratio: median(sub) / median(ref) };
    }),
  ];
}

/** The builds to measure: host, and the static-OpenSSL release build when it exists and runs here. */
export async function guests(): Promise<{ label: string; guest: CryptoGuest }[]> {
  const builds = [{ label: 'wasi_crypto from wasm (host, system OpenSSL)', target: 'host' }];
  if (arch === 'x64') builds.push({ label: 'wasi_crypto from wasm (manylinux2014_x86_64, OpenSSL 3.5 built in)', target: 'manylinux2014_x86_64' });
  const found: { label: string; guest: CryptoGuest }[] = [];
  for (const build of builds) {
    let path: string;
    try {
      path = builtPluginPath({ plugin: 'wasi_crypto', target: build.target });
    } catch {
      continue; // not built: measured only when it is
    }
    found.push({ label: build.label, guest: await CryptoGuest.create(undefined, openPlugin(path)) });
  }
  return found;
}

export async function benchCrypto(): Promise<Row[]> {
  const subjects = await guests();
  const data = randomBytes(SIZE);
  const key = randomBytes(32);
  const nonce = randomBytes(12);

  const nodeSha = await timeRuns(20, () => createHash('sha256').update(data).digest(), 2);
  const nodeGcm = await timeRuns(20, () => {
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    Buffer.concat([cipher.update(data), cipher.final()]);
    cipher.getAuthTag();
  }, 2);
  const sha: Timed[] = [];
  const gcm: Timed[] = [];
  for (const { label, guest } of subjects) {
    sha.push({ subject: label, ms: await timeRuns(20, () => digest(guest, 'SHA-256', [data]), 2) });
    gcm.push({ subject: label, ms: await timeRuns(20, () => seal(guest, { alg: 'AES-256-GCM', key, nonce }, data, false), 2) });
  }
  return [
    ...throughput('sha-256 1 MiB', { subject: 'node:crypto', ms: nodeSha }, sha),
    ...throughput('aes-256-gcm 1 MiB', { subject: 'node:crypto', ms: nodeGcm }, gcm),
  ];
}
