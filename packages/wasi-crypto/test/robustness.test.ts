/**
 * Robustness: random arguments to every host function (fixed seed,
 * thousands of calls) never crash or trap, and 10,000 key/state open-close
 * cycles run from wasm leave no handle open and the process's memory flat.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seededRandom, testVariant } from '@wasmedge-plugins/test-support';
import { digest } from './algorithms.ts';
import { CryptoGuest, ERRNO, KIND } from './crypto-guest.ts';

// Under ASan (the asan variant) freed memory sits in quarantine, so the
// process cannot stay flat, and 2^24 calls take many minutes: those two
// tests run against the plain build only.
const sanitized = testVariant() !== null;

const ALGORITHMS = ['SHA-256', 'SHA-512', 'SHA-512/256', 'HMAC/SHA-256', 'HMAC/SHA-512', 'HKDF-EXTRACT/SHA-256', 'HKDF-EXTRACT/SHA-512', 'HKDF-EXPAND/SHA-256', 'HKDF-EXPAND/SHA-512', 'AES-128-GCM', 'AES-256-GCM', 'CHACHA20-POLY1305'];
const OPTION_NAMES = ['nonce', 'context', 'salt', 'memory_limit', 'ops_limit', 'parallelism', 'buffer', 'NONCE', 'bogus'];

/** Asymmetric algorithms for the random calls (RSA at its quickest size only: key generation is slow). */
const ASYMMETRIC = ['Ed25519', 'ECDSA_P256_SHA256', 'ECDSA_K256_SHA256', 'ECDSA_P384_SHA384', 'RSA_PKCS1_2048_SHA256', 'X25519', 'P256-SHA256', 'P384-SHA384'];

/** Real objects of every kind, so random calls also reach the deep paths. */
function makeObjects(g: CryptoGuest): number[] {
  const handles: number[] = [];
  for (const alg of ASYMMETRIC) {
    const type = /X25519|P256-|P384-/.test(alg) ? 2 : 0;
    const kp = g.mustOut('keypair_generate', type, ...g.put(alg), g.optional());
    const pk = g.mustOut('keypair_publickey', kp);
    handles.push(kp, pk, g.mustOut('keypair_secretkey', kp), g.mustOut('keypair_export', kp, 1), g.optionsOpen(type));
    if (type === 0) {
      const state = g.mustOut('signature_state_open', kp);
      handles.push(state, g.mustOut('signature_state_sign', state), g.mustOut('signature_verification_state_open', pk));
    }
  }
  for (const alg of ALGORITHMS) {
    const options = g.nonceOptions(Buffer.alloc(12, 1));
    handles.push(options);
    let key: number | undefined;
    try {
      key = g.keyGenerate(alg);
    } catch {
      if (alg.startsWith('HKDF-EXPAND')) key = g.keyImport(alg, Buffer.alloc(alg.endsWith('256') ? 32 : 64));
    }
    if (key !== undefined) handles.push(key, g.mustOut('symmetric_key_export', key));
    handles.push(g.stateOpen(alg, key, options));
  }
  return handles;
}

describe('random arguments to every host function', () => {
  it('always return an errno in 0..30, never trap, and leave the plug-in working', async () => {
    const g = await CryptoGuest.create();
    try {
      const random = seededRandom(0xc0ffee);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
      const handles = makeObjects(g);
      // Valid (ptr, len) pairs: algorithm and option names, and data.
      const pairs = [...ALGORITHMS, ...ASYMMETRIC, ...OPTION_NAMES].map((s) => g.put(s));
      // Encoded keys and signatures, so imports get past their first checks.
      const ed = g.mustOut('keypair_generate', 0, ...g.put('Ed25519'), g.optional());
      for (const encoding of [0, 1, 2]) pairs.push(g.put(g.arrayOutput(g.mustOut('keypair_export', ed, encoding))));
      pairs.push(g.put(Buffer.alloc(64, 6)), g.put(Buffer.alloc(65, 4)));
      pairs.push(g.put(Buffer.alloc(12, 3)), g.put(Buffer.alloc(16, 4)), g.put(Buffer.alloc(300, 5)));
      const optionals = [g.optional(), ...handles.map((h) => g.optional(h))];
      const heapEnd = g.alloc(0);
      const size = () => g.fns.memory.buffer.byteLength;
      const u32 = (): number => {
        switch (Math.floor(random() * 9)) {
          case 0: return Math.floor(random() * 65);
          case 1: return pick(handles);
          case 2: return ((1 + Math.floor(random() * 64)) << 8) | Math.floor(random() * 12);
          case 3: return heapEnd + Math.floor(random() * (size() - heapEnd - 64)); // writable scratch
          case 4: return pick(optionals);
          case 5: return size() - Math.floor(random() * 17);
          case 6: return pick([0xffff_ffff, 0x8000_0000, 0x7fff_ffff, 0xffff_fff0]);
          case 7: return Math.floor(random() * 4096);
          default: return Math.floor(random() * 0x1_0000_0000);
        }
      };
      const functions = g.modules.flatMap((m) => m.functions);
      expect(functions).toHaveLength(72);
      const seen = new Map<number, number>();
      let calls = 0;
      for (let round = 0; round < 150; round++) {
        for (const fn of functions) {
          const args: (number | bigint)[] = [];
          while (args.length < fn.params.length) {
            if (fn.params[args.length] === 'i64') {
              args.push(BigInt.asUintN(64, BigInt(Math.floor(random() * 2 ** 53)) << BigInt(Math.floor(random() * 12))));
            } else if (random() < 0.3 && args.length + 1 < fn.params.length && fn.params[args.length + 1] === 'i32') {
              args.push(...pick(pairs));
            } else {
              args.push(u32());
            }
          }
          const errno = g.call(fn.name, ...args.slice(0, fn.params.length));
          calls++;
          expect(Number.isInteger(errno) && errno >= 0 && errno <= 30, `${fn.name}(${args.join(', ')}) -> ${errno}`).toBe(true);
          seen.set(errno, (seen.get(errno) ?? 0) + 1);
        }
      }
      expect(calls).toBeGreaterThan(10_000);
      // The random calls went past the argument checks (5 and 8 come from
      // the asymmetric modules' encoding and key checks).
      for (const errno of [ERRNO.SUCCESS, ERRNO.ALGORITHM_FAILURE, ERRNO.INVALID_HANDLE, ERRNO.CLOSED, ERRNO.INVALID_OPERATION, ERRNO.UNSUPPORTED_ENCODING, ERRNO.INVALID_KEY]) {
        expect(seen.get(errno) ?? 0, `errno ${errno}`).toBeGreaterThan(0);
      }
      expect(digest(g, 'SHA-256', ['abc']).toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    } finally {
      g.dispose();
    }
  });
});

/** Resident bytes of the malloc heap ([heap] in smaps), where libcrypto and the plug-in allocate. */
function mallocHeapRss(): number {
  const smaps = readFileSync('/proc/self/smaps', 'utf8');
  const at = smaps.indexOf('[heap]');
  if (at < 0) return 0;
  const rss = /\nRss:\s+(\d+) kB/.exec(smaps.slice(at));
  return rss ? Number(rss[1]) * 1024 : 0;
}

describe('key/state open-close cycles (64,000, from wasm)', () => {
  it.skipIf(sanitized)('close every handle they open and leave the memory flat', async () => {
    const g = await CryptoGuest.create('crypto-cycles.wat');
    try {
      g.reset();
      const data = g.put(Buffer.alloc(100, 9));
      const out = g.alloc(256);
      const aead = [...g.put('AES-256-GCM'), g.optional(g.nonceOptions(Buffer.alloc(12, 7)))] as const;
      const hmac = [...g.put('HMAC/SHA-256'), g.optional()] as const;
      const run = (n: number) => {
        expect(g.fns.cycles!(n, ...aead, ...data, out, 1)).toBe(0);
        expect(g.fns.cycles!(n, ...hmac, ...data, out, 2)).toBe(0);
      };
      const firstKey = g.keyGenerate('AES-256-GCM');
      g.must('symmetric_key_close', firstKey);
      run(2_000); // warm up allocator and caches
      const before = { rss: process.memoryUsage().rss, heap: mallocHeapRss() };
      for (let round = 0; round < 3; round++) run(10_000);
      const after = { rss: process.memoryUsage().rss, heap: mallocHeapRss() };

      // Handles only go up: 2 keys per cycle since firstKey, none reused.
      const lastKey = g.u32(0);
      expect(lastKey & 0xff).toBe(KIND.symmetricKey);
      expect((lastKey >>> 8) - (firstKey >>> 8)).toBe(2 * 32_000);
      // Nothing they opened is still open: every key, state and tag handle
      // of the run answers 14 on close, every array_output 15 on use.
      for (let counter = firstKey >>> 8; counter <= lastKey >>> 8; counter += 97) {
        expect(g.call('symmetric_key_close', (counter << 8) | KIND.symmetricKey)).toBe(ERRNO.CLOSED);
        expect(g.call('symmetric_state_close', (counter << 8) | KIND.symmetricState)).toBe(ERRNO.CLOSED);
        expect(g.call('symmetric_tag_close', ((counter >>> 1) << 8) | KIND.symmetricTag)).toBe(ERRNO.CLOSED);
        expect(g.call('array_output_len', (counter << 8) | KIND.arrayOutput, g.slot())).toBe(ERRNO.INVALID_HANDLE);
      }
      // 60,000 leaked keys and states would be several MB of malloc heap.
      expect(after.heap - before.heap).toBeLessThan(1 << 20);
      expect(after.rss - before.rss).toBeLessThan(8 << 20);
    } finally {
      g.dispose();
    }
  });
});

describe('asymmetric open-close cycles (1,500, from wasm)', () => {
  it('close every key, state and signature they open and leave the memory flat', async () => {
    const g = await CryptoGuest.create();
    try {
      const cycle = (alg: string, type: number) => {
        g.reset();
        const kp = g.mustOut('keypair_generate', type, ...g.put(alg), g.optional());
        const pk = g.mustOut('keypair_publickey', kp);
        const sk = g.mustOut('keypair_secretkey', kp);
        g.arrayOutput(g.mustOut('secretkey_export', sk, 1));
        if (type === 0) {
          const state = g.mustOut('signature_state_open', kp);
          g.must('signature_state_update', state, ...g.put('message'));
          const signature = g.mustOut('signature_state_sign', state);
          const verifier = g.mustOut('signature_verification_state_open', pk);
          g.must('signature_verification_state_update', verifier, ...g.put('message'));
          g.must('signature_verification_state_verify', verifier, signature);
          for (const [fn, h] of [['signature_state_close', state], ['signature_close', signature], ['signature_verification_state_close', verifier]] as const) g.must(fn, h);
        } else {
          g.arrayOutput(g.mustOut('kx_dh', pk, sk));
        }
        for (const [fn, h] of [['publickey_close', pk], ['secretkey_close', sk], ['keypair_close', kp]] as const) g.must(fn, h);
        return kp;
      };
      const run = (n: number) => {
        for (let i = 0; i < n; i++) {
          cycle('Ed25519', 0);
          cycle('ECDSA_P256_SHA256', 0);
          cycle('X25519', 2);
        }
      };
      run(100);
      const first = cycle('Ed25519', 0);
      const before = mallocHeapRss();
      run(500);
      const after = mallocHeapRss();
      const last = cycle('Ed25519', 0);
      expect((last >>> 8) - (first >>> 8)).toBe(3 * 500 + 1);
      for (let counter = first >>> 8; counter <= last >>> 8; counter += 97) {
        for (const [fn, kind] of [['keypair_close', KIND.keyPair], ['publickey_close', KIND.publicKey], ['secretkey_close', KIND.secretKey], ['signature_close', KIND.signature]] as const) {
          expect(g.call(fn, (counter << 8) | kind)).toBe(ERRNO.CLOSED);
        }
      }
      // 1,500 leaked key pairs (each with its keys and a signature or shared
      // secret) would be megabytes.
      expect(after - before).toBeLessThan(1 << 20);
    } finally {
      g.dispose();
    }
  }, 120_000);
});

describe('handle exhaustion', () => {
  // About 2^24 open/close pairs from a wasm loop: a few seconds.
  it.skipIf(sanitized)(
    'answers 18 once 2^24 - 1 option sets were issued, even if all were closed, until the context is released',
    async () => {
      const g = await CryptoGuest.create('crypto-cycles.wat');
      try {
        const slot = g.slot();
        const first = g.optionsOpen();
        const left = 0xff_ffff - (first >>> 8);
        expect(g.fns.options_cycles!(left, slot)).toBe(0);
        expect(g.u32(slot)).toBe((0xffff_ff00 | KIND.options) >>> 0);
        expect(g.fns.options_cycles!(1, slot)).toBe(ERRNO.TOO_MANY_HANDLES);
        // Other kinds have their own counters.
        expect(g.keyImport('HMAC/SHA-256', 'k') & 0xff).toBe(KIND.symmetricKey);
      } finally {
        g.dispose();
      }
      const fresh = await CryptoGuest.create();
      try {
        expect(fresh.optionsOpen()).toBe(0x100 + KIND.options);
      } finally {
        fresh.dispose();
      }
    },
    180_000,
  );
});
