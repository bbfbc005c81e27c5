/**
 * inspect: everything we can tell about one plug-in file: its ELF facts, read
 * in TypeScript, and its descriptor, read through the native host in a child
 * process (probe.ts).
 */
import { mapNodeArch } from '@wasmedge-plugins/common';
import type { PluginDescriptor } from '../host/plugin.ts';
import { C_DESCRIPTOR_SYMBOL, CXX_DESCRIPTOR_SYMBOL, readElfFacts, type ElfFacts } from './elf-facts.ts';
import { probeDescriptor, type ProbeError, type ProbeOptions } from './probe.ts';

export interface InspectOptions extends ProbeOptions {
  /** This machine's architecture (default: detected); a library built for another is not opened. */
  machineArch?: string;
  /** false reads the ELF facts only and never opens the library (default true). */
  open?: boolean;
}

export interface PluginInspection {
  path: string;
  elf: ElfFacts;
  /** The descriptor, when the library was opened and is a C plug-in. */
  descriptor: PluginDescriptor | null;
  /** Why there is no descriptor (null when there is one, or when opening was not asked for). */
  error: ProbeError | null;
}

/**
 * Inspects a plug-in file. Throws a LoaderError when the file cannot be read
 * or is not an ELF shared library; any later failure (wrong architecture,
 * not a plug-in, missing library, crash) is returned in `error`.
 *
 * @example
 * const { elf, descriptor, error } = await inspectPlugin('/home/me/.wasmedge/plugin/libwasmedge_process.so');
 * console.log(elf.highestNeeds.GLIBC, descriptor?.name ?? error?.message);
 */
export async function inspectPlugin(path: string, options: InspectOptions = {}): Promise<PluginInspection> {
  const elf = readElfFacts(path);
  if (options.open === false) {
    return { path, elf, descriptor: null, error: null };
  }
  const refusal = checkOpenable(path, elf, options.machineArch ?? findMachineArch());
  if (refusal !== null) {
    return { path, elf, descriptor: null, error: refusal };
  }
  const probe = await probeDescriptor(path, options);
  return { path, elf, descriptor: probe.descriptor ?? null, error: probe.error ?? null };
}

/** Why a library should not be opened at all, judged from its ELF facts; null if it may be. */
export function checkOpenable(path: string, elf: ElfFacts, machineArch: string | undefined): ProbeError | null {
  if (machineArch !== undefined && elf.arch !== machineArch) {
    return {
      kind: 'plugin-open',
      failure: 'not-opened',
      message: `${path} is built for ${elf.machineName} (ELF e_machine ${elf.machine}) and this machine is ${machineArch}, so it cannot be opened here`,
      hint: `install the ${machineArch} build of this plug-in`,
    };
  }
  if (elf.pluginInterface === 'c++') {
    return {
      kind: 'not-a-plugin',
      failure: 'not-opened',
      message:
        `${path} exports ${CXX_DESCRIPTOR_SYMBOL}, the C++ plug-in interface; only the WasmEdge runtime that built it ` +
        'can read its descriptor, so this tool cannot check or load it',
      hint: 'check it with wasmedge --version, which lists every plug-in the runtime accepted',
    };
  }
  if (elf.pluginInterface === 'none') {
    return {
      kind: 'not-a-plugin',
      failure: 'not-opened',
      message: `${path} does not export ${C_DESCRIPTOR_SYMBOL} (nor ${CXX_DESCRIPTOR_SYMBOL}), so it is not a WasmEdge plug-in`,
    };
  }
  return null;
}

function findMachineArch(): string | undefined {
  try {
    return mapNodeArch(process.arch);
  } catch {
    return undefined;
  }
}
