/**
 * The checks doctor makes that need no process of their own: ELF facts
 * against this machine, a descriptor against the runtime, and a plug-in's
 * place against the runtime's search path.
 */
import { compareDottedVersions } from '@wasmedge-plugins/common';
import { formatPluginPath, type PluginSearchPath, type SearchPathEntry } from '../discovery/search-path.ts';
import type { PluginDescriptor } from '../host/plugin.ts';
import type { Platform } from '../platform/detect.ts';
import { SUPPORTED_API_VERSION } from '../host/plugin.ts';
import { describeRuntimesForApiVersion, findApiVersionForRuntime } from './api-versions.ts';
import type { ElfFacts } from './elf-facts.ts';
import { createProblem, type DoctorProblem } from './problems.ts';

export interface RuntimeRequirement {
  /** The APIVersion plug-ins must have; null when not known. */
  requiredApiVersion: number | null;
  /** How to name the runtime to the reader, e.g. 'WasmEdge 0.17.1'. */
  runtimeLabel: string;
  /** A sentence for the report when the requirement is assumed or unknown. */
  note: string | null;
}

/**
 * What a runtime requires of a plug-in's descriptor. Without a version, the
 * runtime this loader's host implements (WasmEdge 0.17.x, API version 5).
 */
export function describeRuntimeRequirement(runtimeVersion: string | undefined): RuntimeRequirement {
  if (runtimeVersion === undefined) {
    const runtimeLabel = `WasmEdge ${describeRuntimesForApiVersion(SUPPORTED_API_VERSION)}`;
    return {
      requiredApiVersion: SUPPORTED_API_VERSION,
      runtimeLabel,
      note: `no WasmEdge version was given, so plug-ins were judged for ${runtimeLabel} (plug-in API version ${SUPPORTED_API_VERSION}), the runtime this loader's host implements`,
    };
  }
  const requiredApiVersion = findApiVersionForRuntime(runtimeVersion);
  return {
    requiredApiVersion,
    runtimeLabel: `WasmEdge ${runtimeVersion}`,
    note: requiredApiVersion === null ? `the plug-in API version of WasmEdge ${runtimeVersion} is not known to this tool, so API versions were not checked` : null,
  };
}

/** Problems visible in the ELF file alone: another architecture, or a glibc newer than this machine's. */
export function checkElfFacts(elf: ElfFacts, platform: Platform): DoctorProblem[] {
  const problems: DoctorProblem[] = [];
  if (elf.arch !== platform.arch) {
    problems.push(
      createProblem('wrong-architecture', {
        found: `it is built for ${elf.machineName} (ELF e_machine ${elf.machine})`,
        required: `a library for this machine's architecture, ${platform.arch}`,
        action: `install the ${platform.arch} build of this plug-in`,
      }),
    );
  }
  const glibc = elf.highestNeeds.GLIBC;
  const machineGlibc = platform.libc.version;
  if (glibc !== null && machineGlibc !== undefined && compareDottedVersions(glibc.version, machineGlibc) > 0) {
    const user = glibc.symbol === null ? '' : ` (for ${glibc.symbol})`;
    problems.push(
      createProblem('glibc-too-new', {
        found: `it needs GLIBC_${glibc.version}${user}, and this machine has glibc ${machineGlibc}`,
        required: `glibc ${glibc.version} or newer`,
        action: `install the build for a platform this machine runs (${platform.platforms.join(', ') || 'none: see wasmedge-plugins platform'})`,
      }),
    );
  }
  return problems;
}

/** The runtime accepts exactly one API version; any other is reported with the runtimes it was made for. */
export function checkApiVersion(descriptor: PluginDescriptor, context: RuntimeRequirement): DoctorProblem[] {
  if (context.requiredApiVersion === null) {
    return [];
  }
  if (descriptor.apiVersion === context.requiredApiVersion) {
    return [];
  }
  const builtFor = describeRuntimesForApiVersion(descriptor.apiVersion);
  return [
    createProblem('api-version', {
      found: `plug-in ${descriptor.name} has plug-in API version ${descriptor.apiVersion}${builtFor ? ` (made for WasmEdge ${builtFor})` : ''}`,
      required: `exactly API version ${context.requiredApiVersion} for ${context.runtimeLabel}`,
      action: `install the build of ${descriptor.name} made for ${context.runtimeLabel}`,
    }),
  ];
}

/** A plug-in found only in the install dir, which the runtime does not search, gets a warning with the fix. */
export function checkSearchedByWasmEdge(finding: { entry: SearchPathEntry }, searchPath: PluginSearchPath): DoctorProblem[] {
  if (finding.entry.searchedByWasmEdge) return [];
  const where = searchPath.wasmedgeLibDir === null ? 'no libwasmedge was found' : `libwasmedge is in ${searchPath.wasmedgeLibDir}`;
  const fromVariable = searchPath.entries.filter((e) => e.source === 'WASMEDGE_PLUGIN_PATH').map((e) => e.path);
  const value = formatPluginPath([...fromVariable, searchPath.installDir]);
  return [
    createProblem(
      'not-searched-by-wasmedge',
      {
        found: `it is in ${searchPath.installDir}, which the WasmEdge runtime does not search (${where})`,
        required: 'a directory on the runtime\'s plug-in search path, for WasmEdge itself to load it (this tool loads it anyway)',
        action: `export WASMEDGE_PLUGIN_PATH=${value}`,
      },
      'warning',
    ),
  ];
}
