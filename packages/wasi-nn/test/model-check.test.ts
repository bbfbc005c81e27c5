/**
 * Model bytes are checked by the core before libtorch's loader sees them
 * (the TorchScript zip's central directory and every entry's CRC-32), and
 * a host can refuse guest model bytes altogether with --nn-preload-only.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { describeWithPytorch, Errno, MODELS, NnGuest, readModel } from './nn-guest.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));

/** Runs corrupt-load-child.ts for `model`; returns its outcome letters. */
function loadEveryOneByteCorruption(model: string): string {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(HERE, 'corrupt-load-child.ts'), JSON.stringify({ model })], {
    cwd: HERE,
    encoding: 'utf8',
    timeout: 300_000,
    maxBuffer: 64 << 20,
  });
  expect(child.signal, `the loading process died: ${child.stderr.slice(-1500)}`).toBeNull();
  expect(child.status, child.stderr.slice(-1500)).toBe(0);
  return (JSON.parse(child.stdout) as { outcomes: string }).outcomes;
}

describeWithPytorch('corrupted models never reach libtorch', () => {
  it.each(['linear.pt', 'multi.pt'])(
    '%s with any one byte changed is refused with 1, or loads and behaves as the original, and the host survives',
    (model) => {
      const outcomes = loadEveryOneByteCorruption(model);
      expect(outcomes.length).toBe(readModel(model).length);
      // D (loads, computes something else) or E (another result) would mean
      // a damaged model got through to libtorch.
      expect(outcomes.replace(/[RS]/g, '')).toBe('');
      // What loads unchanged is only what no reader uses (times, padding).
      expect(outcomes.split('R').length - 1).toBeGreaterThan(outcomes.length * 0.6);
    },
    300_000,
  );

  it('checks a preloaded file the same way: a damaged one answers 1 and is not cached', async () => {
    const model = readModel('linear.pt');
    const damaged = model.slice();
    damaged[model.length >> 1] = damaged[model.length >> 1]! ^ 0x01; // inside an entry's data
    const path = join(mkdtempSync(join(tmpdir(), 'nn-damaged-')), 'linear.pt');
    writeFileSync(path, damaged);
    const guest = await NnGuest.create(`bad:pytorch:cpu:${path},good:pytorch:cpu:${join(MODELS, 'linear.pt')}`);
    expect(guest.loadByName('bad').err).toBe(Errno.invalidArgument);
    expect(guest.loadByName('bad').err).toBe(Errno.invalidArgument);
    expect(guest.loadByName('good')).toEqual({ err: Errno.success, id: 0 });
  });

  it('refuses archives whose structure is wrong before anything is parsed', async () => {
    const guest = await NnGuest.create();
    const model = readModel('multi.pt');
    const endRecord = model.length - 22;
    const variants: [string, Uint8Array][] = [
      ['a trailing byte after the end record', new Uint8Array([...model, 0])],
      ['an end record that claims one entry more', Uint8Array.from(model, (b, i) => (i === endRecord + 10 ? b + 1 : b))],
      ['the first local header signature broken', Uint8Array.from(model, (b, i) => (i === 0 ? 0x51 : b))],
      ['only the trailing records', model.slice(model.indexOf(0x50, model.length - 100))],
    ];
    for (const [what, bytes] of variants) {
      expect(guest.load([bytes]).err, what).toBe(Errno.invalidArgument);
      guest.resetHeap();
    }
    expect(guest.load([model])).toEqual({ err: Errno.success, id: 0 });
  });
});

describeWithPytorch('--nn-preload-only', () => {
  it('refuses load with UnsupportedOperation (6), before reading the guest bytes, and still loads preloaded models', async () => {
    const guest = await NnGuest.create(`lin:pytorch:cpu:${join(MODELS, 'linear.pt')}`, true);
    expect(guest.load([readModel('linear.pt')]).err).toBe(Errno.unsupportedOperation);
    expect(guest.exports.load!(0xfffffff0, 1000, 3, 0, 0xfffffff0)).toBe(Errno.unsupportedOperation);
    expect(guest.loadByName('lin')).toEqual({ err: Errno.success, id: 0 });
  });

  it('refuses a config given to load_by_name_with_config, which would reach the backend as guest bytes', async () => {
    const guest = await NnGuest.create(`lin:pytorch:cpu:${join(MODELS, 'linear.pt')}`, true);
    expect(guest.loadByName('lin', '{"x":1}').err).toBe(Errno.unsupportedOperation);
    expect(guest.loadByName('lin', '')).toEqual({ err: Errno.success, id: 0 });
  });

  it('is off by default: load works', async () => {
    const guest = await NnGuest.create();
    expect(guest.load([readModel('linear.pt')])).toEqual({ err: Errno.success, id: 0 });
  });
});
