/** inspect and doctor: what a plug-in file is, and whether WasmEdge would load it here. */
export { API_VERSION_BY_RUNTIME, describeRuntimesForApiVersion, findApiVersionForRuntime } from './api-versions.ts';
export { checkApiVersion, checkElfFacts, checkSearchedByWasmEdge, describeRuntimeRequirement } from './checks.ts';
export type { RuntimeRequirement } from './checks.ts';
export { checkBackendRuntime, currentLibrarySearch } from './backend-runtime.ts';
export type { LibrarySearch } from './backend-runtime.ts';
export { doctor } from './doctor.ts';
export type { DoctorFinding, DoctorOptions, DoctorReport, FindingStatus } from './doctor.ts';
export { BUILTIN_PLUGINS, findDuplicates } from './duplicates.ts';
export { C_DESCRIPTOR_SYMBOL, CXX_DESCRIPTOR_SYMBOL, VERSIONED_LIBRARIES, readElfFacts } from './elf-facts.ts';
export type { ElfFacts, VersionNeedFact, VersionedLibrary } from './elf-facts.ts';
export { checkOpenable, inspectPlugin } from './inspect.ts';
export type { InspectOptions, PluginInspection } from './inspect.ts';
export { probeDescriptor } from './probe.ts';
export type { DescriptorProbe, ProbeError, ProbeFailure, ProbeOptions } from './probe.ts';
export { createProblem, explainLoadError } from './problems.ts';
export type { DoctorProblem, ProblemKind } from './problems.ts';
