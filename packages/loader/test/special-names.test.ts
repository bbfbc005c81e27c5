/**
 * Plug-in names the runtime's VM treats specially (plugin ABI §1.8): only the
 * listed descriptors are created, and where the runtime would put its mock
 * module in front of the guest this host refuses, naming the rule.
 */
import { describe, expect, it } from 'vitest';
import { openPlugin, SPECIAL_PLUGINS } from '../src/index.ts';
import { buildCapiProbe } from './capi/build-probe.ts';

describe('special plug-in names', () => {
  it('creates every descriptor of a generic plug-in', () => {
    const plugin = openPlugin(buildCapiProbe({ name: 'capi_probe_generic' }).library);
    const modules = plugin.createVmModules();
    expect(modules.map((m) => m.descriptorName)).toEqual(['capi_probe', 'capi_probe_aux']);
    modules.forEach((m) => m.dispose());
  });

  it('refuses a plug-in named wasi_nn without the wasi_nn descriptor, naming the mock rule', () => {
    const plugin = openPlugin(buildCapiProbe({ name: 'wasi_nn' }).library);
    expect(() => plugin.createVmModules()).toThrowError(
      /plug-in wasi_nn has no module descriptor wasi_nn: for a plug-in named wasi_nn the runtime creates exactly wasi_nn and puts its mock module/,
    );
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
