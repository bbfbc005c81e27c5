/**
 * wasi_ephemeral_crypto_common: option sets, array outputs, the secrets
 * manager stubs, and the guest-memory rules every function follows.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ALGORITHM_TYPE, CryptoGuest, cryptoPlugin, ERRNO, KIND, SENTINEL } from './crypto-guest.ts';

let g: CryptoGuest;
beforeAll(async () => {
  g = await CryptoGuest.create();
});
afterAll(() => g.dispose());
beforeEach(() => g.reset());

describe('options_open and options_close', () => {
  it('opens a set for each algorithm type and refuses other types with 6', () => {
    for (const type of Object.values(ALGORITHM_TYPE)) {
      expect(g.optionsOpen(type) & 0xff).toBe(KIND.options);
    }
    expect(g.call('options_open', 3, g.slot())).toBe(ERRNO.UNSUPPORTED_ALGORITHM);
    expect(g.call('options_open', 0xffff, g.slot())).toBe(ERRNO.UNSUPPORTED_ALGORITHM);
  });

  it('reads the type from its low 16 bits, as upstream', () => {
    const options = g.optionsOpen(0x10000 + ALGORITHM_TYPE.symmetric);
    g.optionsSet(options, 'nonce', 'n'); // accepted: a symmetric set
  });

  it('answers 14 when a set is closed twice, and 15 when a closed set is used', () => {
    const options = g.optionsOpen();
    g.must('options_close', options);
    expect(g.call('options_close', options)).toBe(ERRNO.CLOSED);
    expect(g.call('options_set', options, ...g.put('nonce'), ...g.put('x'))).toBe(ERRNO.INVALID_HANDLE);
  });

  it('answers 14 for closing a handle of another kind, and 15 for using one', () => {
    const key = g.keyImport('HMAC/SHA-256', 'k');
    expect(g.call('options_close', key)).toBe(ERRNO.CLOSED);
    expect(g.call('options_set', key, ...g.put('nonce'), ...g.put('x'))).toBe(ERRNO.INVALID_HANDLE);
    expect(g.keyExport(key).toString()).toBe('k'); // untouched
  });
});

describe('options_set, options_set_u64 and options_set_guest_buffer', () => {
  it('accept the symmetric names, compared after lower-casing', () => {
    const options = g.optionsOpen();
    for (const name of ['context', 'salt', 'nonce', 'NoNcE', 'SALT']) g.optionsSet(options, name, 'value');
    for (const name of ['memory_limit', 'ops_limit', 'parallelism', 'Ops_Limit']) {
      g.must('options_set_u64', options, ...g.put(name), 0xffff_ffff_ffff_ffffn);
    }
    g.must('options_set_guest_buffer', options, ...g.put('Buffer'), g.alloc(64), 64);
  });

  it('refuse other names, and names of another setter, with 7', () => {
    const options = g.optionsOpen();
    for (const name of ['key', 'nonce\0', '', 'memory_limit', 'buffer']) {
      expect(g.call('options_set', options, ...g.put(name), ...g.put('v'))).toBe(ERRNO.UNSUPPORTED_OPTION);
    }
    for (const name of ['nonce', 'limit']) {
      expect(g.call('options_set_u64', options, ...g.put(name), 1n)).toBe(ERRNO.UNSUPPORTED_OPTION);
    }
    expect(g.call('options_set_guest_buffer', options, ...g.put('nonce'), 0, 8)).toBe(ERRNO.UNSUPPORTED_OPTION);
  });

  it('refuse every name on signature and key-exchange sets with 7', () => {
    for (const type of [ALGORITHM_TYPE.signatures, ALGORITHM_TYPE.keyExchange]) {
      const options = g.optionsOpen(type);
      expect(g.call('options_set', options, ...g.put('nonce'), ...g.put('v'))).toBe(ERRNO.UNSUPPORTED_OPTION);
      expect(g.call('options_set_u64', options, ...g.put('ops_limit'), 1n)).toBe(ERRNO.UNSUPPORTED_OPTION);
      expect(g.call('options_set_guest_buffer', options, ...g.put('buffer'), 0, 8)).toBe(ERRNO.UNSUPPORTED_OPTION);
    }
  });

  it('check that a guest buffer lies inside guest memory (12)', () => {
    const options = g.optionsOpen();
    const size = g.fns.memory.buffer.byteLength;
    expect(g.call('options_set_guest_buffer', options, ...g.put('buffer'), size - 4, 8)).toBe(ERRNO.ALGORITHM_FAILURE);
  });

  it('copy values, so a set can be closed (or changed) right after a state is opened with it', () => {
    const nonce = Buffer.alloc(12, 7);
    const options = g.nonceOptions(nonce);
    const state = g.stateOpen('AES-256-GCM', g.keyGenerate('AES-256-GCM'), options);
    g.optionsSet(options, 'nonce', Buffer.alloc(12, 9));
    g.must('options_close', options);
    const out = g.alloc(12);
    expect(g.mustOut('symmetric_state_options_get', state, ...g.put('nonce'), out, 12)).toBe(12);
    expect(g.read(out, 12)).toEqual(nonce);
  });
});

describe('array_output_len and array_output_pull', () => {
  it('pull in pieces from the read position and close the handle once everything was read (quirk 1)', () => {
    const out = g.mustOut('symmetric_key_export', g.keyImport('HMAC/SHA-256', 'abcdefghij'));
    expect(g.mustOut('array_output_len', out)).toBe(10);
    const buf = g.alloc(16);
    expect(g.mustOut('array_output_pull', out, buf, 5)).toBe(5); // exactly half: stays open
    expect(g.read(buf, 5).toString()).toBe('abcde');
    expect(g.mustOut('array_output_len', out)).toBe(10);
    expect(g.mustOut('array_output_pull', out, buf, 3)).toBe(3);
    expect(g.mustOut('array_output_pull', out, buf, 16)).toBe(2); // the rest
    expect(g.read(buf, 2).toString()).toBe('ij');
    expect(g.call('array_output_len', out, g.slot())).toBe(ERRNO.INVALID_HANDLE);
    expect(g.call('array_output_pull', out, buf, 16, g.slot())).toBe(ERRNO.INVALID_HANDLE);
  });

  it('close after a single full pull, and after the first pull of an empty output', () => {
    const full = g.mustOut('symmetric_key_export', g.keyImport('HMAC/SHA-256', 'xyz'));
    expect(g.mustOut('array_output_pull', full, g.alloc(3), 3)).toBe(3);
    expect(g.call('array_output_len', full, g.slot())).toBe(ERRNO.INVALID_HANDLE);
    const empty = g.mustOut('symmetric_key_export', g.keyImport('HMAC/SHA-256', ''));
    expect(g.mustOut('array_output_len', empty)).toBe(0);
    expect(g.mustOut('array_output_pull', empty, g.alloc(4), 4)).toBe(0);
    expect(g.call('array_output_pull', empty, g.alloc(4), 4, g.slot())).toBe(ERRNO.INVALID_HANDLE);
  });

  it('refuse handles of another kind with 15', () => {
    const options = g.optionsOpen();
    expect(g.call('array_output_len', options, g.slot())).toBe(ERRNO.INVALID_HANDLE);
    expect(g.call('array_output_pull', 0x100, g.alloc(4), 4, g.slot())).toBe(ERRNO.INVALID_HANDLE);
  });
});

describe('the secrets manager', () => {
  it('is not implemented (2) once the pointers are checked (12)', () => {
    expect(g.call('secrets_manager_open', g.optional(), g.slot())).toBe(ERRNO.NOT_IMPLEMENTED);
    expect(g.call('secrets_manager_open', 0xffff_fffc, g.slot())).toBe(ERRNO.ALGORITHM_FAILURE);
    expect(g.call('secrets_manager_open', g.optional(), 0xffff_fffe)).toBe(ERRNO.ALGORITHM_FAILURE);
    expect(g.call('secrets_manager_close', 0x100)).toBe(ERRNO.NOT_IMPLEMENTED);
    expect(g.call('secrets_manager_invalidate', 0, ...g.put('id'), 1n)).toBe(ERRNO.NOT_IMPLEMENTED);
    expect(g.call('secrets_manager_invalidate', 0, 16, 0xffff_fff0, 1n)).toBe(ERRNO.ALGORITHM_FAILURE);
  });
});

describe('guest memory', () => {
  it('answers 12 for any range outside memory, including ranges whose end wraps 32 bits', () => {
    const size = g.fns.memory.buffer.byteLength;
    const key = g.keyImport('HMAC/SHA-256', 'k');
    expect(g.call('options_open', 1, size - 2)).toBe(ERRNO.ALGORITHM_FAILURE);
    expect(g.call('options_open', 1, 0xffff_ffff)).toBe(ERRNO.ALGORITHM_FAILURE);
    expect(g.call('symmetric_key_import', size, 4, 0, 4, g.slot())).toBe(ERRNO.ALGORITHM_FAILURE);
    expect(g.call('symmetric_key_import', ...g.put('SHA-256'), 0xffff_fff0, 0x20, g.slot())).toBe(ERRNO.ALGORITHM_FAILURE);
    expect(g.call('symmetric_key_export', key, size)).toBe(ERRNO.ALGORITHM_FAILURE);
    expect(g.call('array_output_pull', 0x100, 0, 0xffff_ffff, g.slot())).toBe(ERRNO.ALGORITHM_FAILURE);
  });

  it('checks ranges before handles (12 before 15), as upstream', () => {
    expect(g.call('symmetric_tag_len', 0x5, 0xffff_fffe)).toBe(ERRNO.ALGORITHM_FAILURE);
    expect(g.call('symmetric_tag_len', 0x5, g.slot())).toBe(ERRNO.INVALID_HANDLE);
  });

  it('writes out parameters only on success', () => {
    const slot = g.slot();
    expect(g.call('options_open', 9, slot)).toBe(ERRNO.UNSUPPORTED_ALGORITHM);
    expect(g.read(slot, 8)).toEqual(Buffer.alloc(8, SENTINEL));
    expect(g.call('symmetric_key_generate', ...g.put('SHA-256'), g.optional(), slot)).toBe(ERRNO.KEY_NOT_SUPPORTED);
    expect(g.read(slot, 8)).toEqual(Buffer.alloc(8, SENTINEL));
  });

  it('answers 12, not a trap, when the caller has no memory', () => {
    const common = cryptoPlugin().createModule('wasi_crypto_common');
    try {
      expect(common.imports.options_open!(1, 0)).toBe(ERRNO.ALGORITHM_FAILURE);
      expect(common.imports.options_close!(0x7fff_ff01)).toBe(ERRNO.CLOSED); // needs no memory
    } finally {
      common.dispose();
    }
  });
});
