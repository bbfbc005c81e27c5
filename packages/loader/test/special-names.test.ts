/**
 * Plug-in names the runtime's VM treats specially (plugin ABI §1.8): only the
 * listed descriptors are created, and where the runtime would put its mock
 * module in front of the guest this host refuses, naming the rule.
 */
import { describe, expect, it } from 'vitest';
import { compileWat } from '@wasmedge-plugins/test-support';
import { checkMockedImports, openPlugin, SPECIAL_PLUGINS } from '../src/index.ts';
import { buildCapiProbe } from './capi/build-probe.ts';

describe('special plug-in names', () => {
  it('creates every descriptor of a generic plug-in', () => {
    const plugin = openPlugin(buildCapiProbe({ name: 'capi_probe_generic' }).library);
    const modules = plugin.createVmModules();
    expect(modules.map((m) => m.descriptorName)).toEqual(['capi_probe', 'capi_probe_aux']);
    modules.forEach((m) => m.dispose());
  });

  it('creates only the listed descriptors of a plug-in named wasi_nn (none of the probe\'s)', () => {
    const plugin = openPlugin(buildCapiProbe({ name: 'wasi_nn' }).library);
    expect(plugin.createVmModules()).toEqual([]);
  });

  it('refuses a guest importing from a reserved instance no module provides, naming the mock rule', async () => {
    const wasm = await compileWat('(module (import "wasi_ephemeral_nn" "load" (func (param i32 i32 i32 i32 i32) (result i32))))');
    expect(() => checkMockedImports(wasm, [])).toThrowError(
      'the program imports wasi_ephemeral_nn.load, which only module descriptor wasi_nn of a plug-in named wasi_nn provides; ' +
        'none is loaded, and the runtime would link its mock module instead, whose every function traps',
    );
    expect(() => checkMockedImports(wasm, [{ name: 'wasi_ephemeral_nn' }])).not.toThrow();
  });

  it('refuses another plug-in that uses an instance name the runtime fills with its mock', () => {
    const plugin = openPlugin(buildCapiProbe({ name: 'wasi_nn-openvino', instance: 'wasi_ephemeral_nn' }).library);
    expect(() => plugin.createVmModules()).toThrowError(
      /creates module wasi_ephemeral_nn, but the runtime registers wasi_ephemeral_nn first for the plug-in named wasi_nn .*name the plug-in wasi_nn/,
    );
  });

  it('lists the runtime\'s special names and instance names', () => {
    expect(Object.keys(SPECIAL_PLUGINS)).toEqual([
      'wasi_nn', 'wasi_crypto', 'wasmedge_process', 'wasi_logging',
      'wasmedge_tensorflow', 'wasmedge_tensorflowlite', 'wasmedge_image', 'wasmedge_stablediffusion',
    ]);
    expect(SPECIAL_PLUGINS.wasi_crypto!.modules.map((m) => m.instance)).toContain('wasi_ephemeral_crypto_kx');
  });
});
