/** Discovery: the plug-ins WasmEdge would load, from the same places and in the same order. */
export {
  WASMEDGE_LIBRARY_FILE,
  deriveRuntimePluginDir,
  findWasmedgeLibDir,
  formatPluginPath,
  listWasmedgeLibCandidates,
  pluginSearchPath,
  splitPluginPath,
} from './search-path.ts';
export type { PluginSearchPath, SearchPathEntry, SearchPathOptions, SearchPathSource } from './search-path.ts';
export { PLUGIN_EXTENSION, discoverPlugins, hasPluginExtension } from './discover.ts';
export type { DiscoverOptions, DiscoveredPlugin } from './discover.ts';
