/**
 * Child-process side of probeDescriptor (probe.ts): opens one plug-in
 * through the native host and reports its descriptor, or the error, to the
 * parent over IPC. It runs alone in its process so a plug-in that crashes
 * or hangs while being opened takes only this process down.
 *
 * argv: <plugin path> [<addon path>]
 */
import { constants } from 'node:os';
import { LoaderError } from '../errors.ts';
import { loadNativeHost } from '../host/native.ts';
import { toPluginDescriptor } from '../host/plugin.ts';
import type { WorkerReport } from './probe.ts';

// Node's message when dlopen succeeded but the library is not a Node addon:
// for an open without the host, that means every library it needs was found.
const NOT_AN_ADDON = 'did not self-register';

function probePlugin(pluginPath: string, addonPath: string | undefined): WorkerReport {
  let native;
  try {
    native = loadNativeHost(addonPath);
  } catch (error) {
    return { error: describeError(error), lazyOpen: openWithoutHost(pluginPath) };
  }
  try {
    // The host opens with RTLD_NOW | RTLD_LOCAL, so every symbol is bound here.
    return { descriptor: toPluginDescriptor(native.describe(native.open(pluginPath))) };
  } catch (error) {
    return { error: describeError(error) };
  }
}

/**
 * Without the host the plug-in's WasmEdge_* references cannot be bound, so
 * open it lazily: that still finds every DT_NEEDED library, or names the
 * missing one.
 */
function openWithoutHost(pluginPath: string): WorkerReport['lazyOpen'] {
  try {
    process.dlopen({ exports: {} }, pluginPath, constants.dlopen.RTLD_LAZY | constants.dlopen.RTLD_LOCAL);
    return { ok: true };
  } catch (error) {
    const message = (error as Error).message;
    return message.includes(NOT_AN_ADDON) ? { ok: true } : { ok: false, message };
  }
}

function describeError(error: unknown): NonNullable<WorkerReport['error']> {
  if (error instanceof LoaderError) {
    return { kind: error.kind, message: error.message, hint: error.hint };
  }
  return { kind: 'plugin-open', message: String((error as Error)?.message ?? error) };
}

const [pluginPath, addonPath] = process.argv.slice(2);
const report = pluginPath === undefined ? { error: describeError(new Error('no plug-in path given')) } : probePlugin(pluginPath, addonPath || undefined);
// Exit once the report is delivered: a plug-in may have started threads that
// would otherwise keep this process alive.
process.send!(report, () => process.exit(0));
