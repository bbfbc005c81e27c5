/**
 * Resources and robustness: resident memory stays flat over many
 * inferences and over load/unload cycles, and random arguments to every
 * host function (fixed seed) give error numbers, never a crash.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { seededRandom } from '@wasmedge-plugins/test-support';
import { describeWithPytorch, Errno, NnGuest, readModel } from './nn-guest.ts';

/** Resident set size of this process (the vitest fork), in bytes. */
function residentBytes(): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  if (!match) throw new Error('no VmRSS in /proc/self/status');
  return Number(match[1]) * 1024;
}

const MiB = 1024 * 1024;
const BATCH = 512; // input 128 KiB, output 16 KiB: a leak of either shows

describeWithPytorch('memory', () => {
  it('a thousand inferences from wasm leave resident memory flat', async () => {
    const guest = await NnGuest.create();
    const { repeat, written, outMax } = guest.linearInferenceLoop(BATCH);
    expect(repeat(200)).toBe(Errno.success); // warm up: allocator pools, thread pool
    const before = residentBytes();
    expect(repeat(1000)).toBe(Errno.success);
    const growth = residentBytes() - before;
    expect(guest.u32(written)).toBe(outMax);
    // A leaked input or output per inference would be 125 MiB or 16 MiB.
    expect(growth, `resident memory grew by ${(growth / MiB).toFixed(1)} MiB`).toBeLessThan(8 * MiB);
  });

  it('load, context, inference, finalize and unload cycles leave resident memory flat', async () => {
    const guest = await NnGuest.create();
    const model = readModel('linear.pt');
    const [builders, count] = guest.putBuilders([model]);
    const tensor = guest.putTensor({ dtype: 'f32', shape: [BATCH, 64], values: new Array(BATCH * 64).fill(0.5) });
    const out = guest.alloc(BATCH * 32);
    const written = guest.alloc(4);
    const ids = guest.alloc(8);
    const cycle = () => {
      expect(guest.exports.run_model!(builders, count, tensor, out, BATCH * 32, written, ids)).toBe(Errno.success);
      expect(guest.exports.finalize_execution_context!(guest.u32(ids + 4))).toBe(Errno.success);
      expect(guest.exports.unload!(guest.u32(ids))).toBe(Errno.success);
    };
    for (let i = 0; i < 50; i++) cycle();
    const before = residentBytes();
    for (let i = 0; i < 300; i++) cycle();
    const growth = residentBytes() - before;
    expect(guest.u32(ids)).toBe(349); // ids keep counting up
    expect(growth, `resident memory grew by ${(growth / MiB).toFixed(1)} MiB`).toBeLessThan(8 * MiB);
  });

  it('module instances free their graphs and contexts when disposed', async () => {
    const run = async () => {
      const guest = await NnGuest.create();
      for (let i = 0; i < 5; i++) guest.contextFor('multi.pt');
      guest.module.dispose();
    };
    for (let i = 0; i < 20; i++) await run();
    const before = residentBytes();
    for (let i = 0; i < 100; i++) await run();
    const growth = residentBytes() - before;
    expect(growth, `resident memory grew by ${(growth / MiB).toFixed(1)} MiB`).toBeLessThan(16 * MiB);
  });
});

describeWithPytorch('random arguments', () => {
  it('every host function answers thousands of random calls with an error number (fixed seed)', async () => {
    const guest = await NnGuest.create('lin:pytorch:cpu:/nonexistent.pt');
    const { context } = guest.contextFor('linear.pt');
    expect(guest.setInput(context, 0, { dtype: 'f32', shape: [1, 64], values: new Array(64).fill(1) })).toBe(Errno.success);
    const random = seededRandom(0x5eed_0008);
    const size = () => guest.bytes.length;
    const pick = () => {
      const r = random();
      if (r < 0.25) return Math.floor(random() * 0x100000000) | 0;
      if (r < 0.55) return Math.floor(random() * size());
      if (r < 0.8) return Math.floor(random() * 8);
      return [0, -1, 1, 3, 0x7fffffff, -0x80000000, size() - 4, size() - 20, size()][Math.floor(random() * 9)]!;
    };
    const arity: Record<string, number> = {
      load: 5, load_by_name: 3, load_by_name_with_config: 5, init_execution_context: 2, set_input: 3, get_output: 5,
      get_output_single: 5, compute: 1, compute_single: 1, fini_single: 1, unload: 1, finalize_execution_context: 1,
    };
    const names = Object.keys(arity);
    const seen = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      const name = names[Math.floor(random() * names.length)]!;
      const result = guest.exports[name]!(...Array.from({ length: arity[name]! }, pick));
      seen.add(result);
    }
    expect([...seen].every((r) => [0, 1, 2, 5, 7, 8].includes(r)), `results ${[...seen].join(', ')}`).toBe(true);
    expect(seen.has(Errno.invalidArgument)).toBe(true);
    // The instance still works.
    const fresh = guest.contextFor('linear.pt');
    expect(guest.setInput(fresh.context, 0, { dtype: 'f32', shape: [1, 64], values: new Array(64).fill(1) })).toBe(Errno.success);
    expect(guest.compute(fresh.context)).toBe(Errno.success);
  });

  it('loading corrupted copies of a model (fixed seed) fails cleanly or loads, never crashes', async () => {
    const guest = await NnGuest.create();
    const model = readModel('multi.pt');
    const random = seededRandom(0xc0ffee);
    for (let i = 0; i < 200; i++) {
      const copy = model.slice();
      for (let flips = 1 + Math.floor(random() * 4); flips > 0; flips--) {
        copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
      }
      const { err } = guest.load([copy]);
      expect([Errno.success, Errno.invalidArgument]).toContain(err);
      guest.resetHeap();
    }
  });
});
