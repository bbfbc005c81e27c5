/**
 * @wasmedge-plugins/loader/host: opening plug-ins and running them from wasm,
 * without the installer (and its HTTP and archive dependencies).
 */
export { openPlugin, Plugin, SUPPORTED_API_VERSION } from './plugin.ts';
export type { PluginDescriptor, PluginOption, OpenPluginOptions } from './plugin.ts';
export { HostModule } from './host-module.ts';
export type { HostFunctionInfo } from './host-module.ts';
export { createImportObject, instantiateWithPlugins } from './link.ts';
export type { InstantiateOptions } from './link.ts';
export { readFunctionImports } from './wasm-imports.ts';
export type { FunctionImport } from './wasm-imports.ts';
export { OPTION_TYPES, parseOptionText } from './program-options.ts';
export { parseCommandLine } from './command-line.ts';
export type { OptionSetting, OptionSpec, ParsedCommandLine } from './command-line.ts';
export { SPECIAL_PLUGINS, checkMockedImports } from './special-names.ts';
export { trapCode } from './trap-codes.ts';
export { readFunctionExports } from './wasm-imports.ts';
export type { FunctionExport } from './wasm-imports.ts';
export type { OptionType, OptionValue } from './program-options.ts';
export { locateAddon, PREBUILT_PLATFORMS, prebuiltPackageName } from './addon-location.ts';
export type { PrebuiltPlatform } from './addon-location.ts';
