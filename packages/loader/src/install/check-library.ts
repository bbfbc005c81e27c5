/**
 * The library of a staged install must be the WasmEdge plug-in the index
 * names before it is swapped in: an ELF for the index's machine that exports
 * the C plug-in descriptor, and, opened by the inspect probe in a child
 * process, a descriptor with the index's name and plug-in API version. Any
 * other ELF (libz, say) is refused.
 */
import { ELF_MACHINE_BY_ARCH, mapNodeArch, type Arch, type IndexAsset } from '@wasmedge-plugins/common';
import { LoaderError } from '../errors.ts';
import { checkOpenable } from '../inspect/inspect.ts';
import { readElfFacts } from '../inspect/elf-facts.ts';
import { probeDescriptor, type ProbeFailure, type ProbeOptions } from '../inspect/probe.ts';

// Probe outcomes that tell nothing against the library: the host is not built, or
// a library it needs is not installed yet (doctor reports that). A crash or hang
// while opening would take WasmEdge down at start-up, so it is refused.
const INCONCLUSIVE: ReadonlySet<ProbeFailure> = new Set(['host-missing']);

/** Throws a 'verify' LoaderError unless `path` is the plug-in `asset` describes; returns notes for the log. */
export async function checkPluginLibrary(path: string, asset: IndexAsset, probe: ProbeOptions = {}): Promise<string[]> {
  const where = `${asset.library} in ${asset.file}`;
  const elf = readElfFacts(path);
  const expected = ELF_MACHINE_BY_ARCH[asset.arch as Arch];
  if (expected !== undefined && elf.machine !== expected) {
    throw new LoaderError('verify', `${where} is for ELF machine ${elf.machine}, the index says ${asset.arch} (${expected})`);
  }
  const refusal = checkOpenable(where, elf, undefined);
  if (refusal !== null) throw new LoaderError('verify', refusal.message);
  if (elf.arch !== mapNodeArch(process.arch)) {
    return [`${where} is for ${asset.arch}: its descriptor is read where it runs`];
  }
  const { descriptor, error } = await probeDescriptor(path, probe);
  if (error) {
    if (INCONCLUSIVE.has(error.failure) || (error.failure === 'refused' && error.kind === 'plugin-open')) {
      return [`descriptor of ${where} not read (${error.message}); wasmedge-plugins doctor checks it once it can be opened`];
    }
    throw new LoaderError('verify', `${where} is not a plug-in this tool can install: ${error.message}`);
  }
  const mismatches = [
    descriptor.name !== asset.plugin ? `name "${descriptor.name}" (the index says "${asset.plugin}")` : null,
    descriptor.apiVersion !== asset.pluginApiVersion ? `plug-in API version ${descriptor.apiVersion} (the index says ${asset.pluginApiVersion})` : null,
  ].filter((m): m is string => m !== null);
  if (mismatches.length > 0) throw new LoaderError('verify', `${where} describes itself with ${mismatches.join(' and ')}`);
  return [`${where} is the plug-in ${descriptor.name} ${descriptor.version} (plug-in API ${descriptor.apiVersion})`];
}
