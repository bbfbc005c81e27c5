/** @wasmedge-plugins/loader: install WasmEdge plug-ins and run them from Node. */
export * from './host/index.ts';
export { buildNativeHost } from './native-build/build-host.ts';
export type { BuildHostOptions } from './native-build/build-host.ts';
export { LoaderError, HostFunctionError, ERROR_KINDS } from './errors.ts';
export type { ErrorKind } from './errors.ts';
export { describeMachine, detectPlatform, explainNoPlatform, listSupportedPlatforms, readPlatformFacts } from './platform/index.ts';
export type { LibcFamily, Platform, PlatformFacts } from './platform/index.ts';
export { discoverPlugins, formatPluginPath, pluginSearchPath, splitPluginPath } from './discovery/index.ts';
export type { DiscoveredPlugin, PluginSearchPath, SearchPathEntry, SearchPathOptions } from './discovery/index.ts';
export { doctor, findApiVersionForRuntime, inspectPlugin } from './inspect/index.ts';
export type {
  DoctorFinding,
  DoctorOptions,
  DoctorProblem,
  DoctorReport,
  ElfFacts,
  FindingStatus,
  InspectOptions,
  PluginInspection,
  ProbeError,
  ProblemKind,
} from './inspect/index.ts';
export { openReleaseSource, downloadVerified } from './source/release-source.ts';
export type { ReleaseSource, Progress } from './source/release-source.ts';
export { resolveAsset } from './source/resolve.ts';
export type { ResolveRequest } from './source/resolve.ts';
export { defaultPluginDir, installPlugin, listInstalled, uninstallPlugin, upgradePlugins } from './install/installer.ts';
export type { InstallOptions, InstallResult, ListedPlugin } from './install/installer.ts';
export type { InstallRecord } from './install/install-state.ts';
