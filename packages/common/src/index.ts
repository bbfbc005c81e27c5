// Public surface of @wasmedge-plugins/common, shared by tools/ and the loader.

export {
  ELF_MACHINE_BY_ARCH,
  HOST_TARGET_NAME,
  RELEASE_TARGETS,
  TargetError,
  describeHostTarget,
  findArchForElfMachine,
  getTarget,
  isReleaseTargetName,
  isTargetName,
  listReleaseTargetNames,
  listTargetNames,
  mapNodeArch,
  parseOsRelease,
  readHostFacts,
  resolveTarget,
  type Arch,
  type HostFacts,
  type HostTarget,
  type OsRelease,
  type ReleaseTarget,
  type ReleaseTargetName,
  type ResolvedTarget,
  type TargetName,
} from './targets.ts';
export { formatAssetName, type AssetNameParts } from './asset-name.ts';
export {
  RELEASE_INDEX_SCHEMA_VERSION,
  ReleaseIndexError,
  declaredContents,
  formatJsonPath,
  isLicenseFileName,
  indexAssetSchema,
  releaseIndexSchema,
  runtimeMemberName,
  sortIndexAssets,
  validateReleaseIndex,
  type IndexAsset,
  type AssetAudit,
  type BackendRuntime,
  type BundledLibrary,
  type Linkage,
  type ReleaseIndex,
  type RuntimeSource,
} from './release-index.ts';
export { ElfError } from './elf/elf-bytes.ts';
export { readElf, type ElfFile } from './elf/read-elf.ts';
export { findReadOnlyStrings, readReadOnlyData } from './elf/read-only-data.ts';
export type { ElfFileType } from './elf/sections.ts';
export type { DynamicSymbol, NeededVersionRef, SymbolBinding, SymbolType, SymbolVisibility, VersionNeed } from './elf/symbols.ts';
export {
  compareDottedVersions,
  exportedSymbols,
  highestVersionNeeded,
  listVersionedImports,
  type VersionedImport,
} from './elf/queries.ts';
export { isProcessAlive } from './process-alive.ts';
