/**
 * Plug-in names the 0.17.1 VM treats specially (plugin ABI §1.8). For these
 * the VM creates only the listed module descriptors; when one is missing it
 * registers its own mock module under the listed instance name, and such a
 * mock is registered before any generic plug-in, so a generic plug-in that
 * uses one of those instance names never reaches the guest.
 *
 * This host has no mock modules: where a guest would get one (it imports from
 * a reserved instance name that no module here provides) it refuses, naming
 * the rule, instead of giving the guest something different.
 */
import { LoaderError } from '../errors.ts';
import { readFunctionImports } from './wasm-imports.ts';

interface SpecialPlugin {
  /** Module descriptors the VM creates, and the instance (import) name each must use. */
  modules: readonly { descriptor: string; instance: string }[];
  /** Whether the runtime installs a mock for a missing descriptor. */
  mocked: boolean;
}

const same = (name: string) => [{ descriptor: name, instance: name }];

export const SPECIAL_PLUGINS: Readonly<Record<string, SpecialPlugin>> = {
  wasi_nn: { modules: [{ descriptor: 'wasi_nn', instance: 'wasi_ephemeral_nn' }], mocked: true },
  wasi_crypto: {
    modules: ['common', 'asymmetric_common', 'kx', 'signatures', 'symmetric'].map((m) => ({
      descriptor: `wasi_crypto_${m}`,
      instance: `wasi_ephemeral_crypto_${m}`,
    })),
    mocked: true,
  },
  wasmedge_process: { modules: same('wasmedge_process'), mocked: true },
  wasi_logging: { modules: [{ descriptor: 'wasi:logging/logging', instance: 'wasi:logging/logging' }], mocked: false },
  wasmedge_tensorflow: { modules: same('wasmedge_tensorflow'), mocked: false },
  wasmedge_tensorflowlite: { modules: same('wasmedge_tensorflowlite'), mocked: false },
  wasmedge_image: { modules: same('wasmedge_image'), mocked: false },
  wasmedge_stablediffusion: { modules: same('wasmedge_stablediffusion'), mocked: false },
};

/** Instance names the runtime always fills (with the plug-in or its mock). */
const MOCKED_INSTANCES = new Map(
  Object.entries(SPECIAL_PLUGINS)
    .filter(([, p]) => p.mocked)
    .flatMap(([plugin, p]) => p.modules.map((m) => [m.instance, plugin] as const)),
);

/**
 * The module descriptors the VM would create for a plug-in: for a special
 * name only the listed ones it has (the runtime mocks the others), otherwise
 * every descriptor.
 */
export function vmModuleDescriptors(plugin: { name: string; descriptor: { modules: { name: string }[] } }): string[] {
  const special = SPECIAL_PLUGINS[plugin.name];
  const declared = plugin.descriptor.modules.map((m) => m.name);
  if (!special) return declared;
  return special.modules.map((m) => m.descriptor).filter((d) => declared.includes(d));
}

/**
 * Refuses a guest that imports from an instance name the runtime fills with
 * its mock module (every function of which traps) when no module here
 * provides that name: the runtime would run it against the mock.
 */
export function checkMockedImports(wasm: Uint8Array, provided: readonly { name: string }[]): void {
  const names = new Set(provided.map((m) => m.name));
  const missing = readFunctionImports(wasm).find((imp) => MOCKED_INSTANCES.has(imp.module) && !names.has(imp.module));
  if (missing) {
    const owner = MOCKED_INSTANCES.get(missing.module)!;
    const descriptor = SPECIAL_PLUGINS[owner]!.modules.find((m) => m.instance === missing.module)!.descriptor;
    throw new LoaderError(
      'link',
      `the program imports ${missing.module}.${missing.name}, which only module descriptor ${descriptor} of a plug-in named ` +
        `${owner} provides; none is loaded, and the runtime would link its mock module instead, whose every function traps`,
    );
  }
}

/**
 * Refuses a module whose instance name the runtime reserves for a special
 * plug-in that is not the one creating it (the runtime's mock would win).
 */
export function checkInstanceName(pluginName: string, instanceName: string): void {
  const owner = MOCKED_INSTANCES.get(instanceName);
  if (owner !== undefined && owner !== pluginName) {
    throw new LoaderError(
      'module',
      `plug-in ${pluginName} creates module ${instanceName}, but the runtime registers ${instanceName} first for the ` +
        `plug-in named ${owner} (its mock when that plug-in is absent), so the guest would never reach this one; ` +
        `name the plug-in ${owner}`,
    );
  }
}
