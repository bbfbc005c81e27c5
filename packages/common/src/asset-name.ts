// Release asset file names. Names are only ever formatted, never parsed back: the release index
// carries plug-in, backend, version and platform as fields, so nothing depends on this layout
// beyond humans reading a download list.

export interface AssetNameParts {
  plugin: string;
  backend?: string | null;
  version: string;
  platform: string;
}

// Each part lands in a file name and a URL, so it must not carry separators or spaces.
const SAFE_PART = /^[A-Za-z0-9._+]+(?:-[A-Za-z0-9._+]+)*$/;

export function formatAssetName({ plugin, backend, version, platform }: AssetNameParts): string {
  const parts: Array<[string, string]> = [['plugin', plugin]];
  if (backend != null) parts.push(['backend', backend]);
  parts.push(['version', version], ['platform', platform]);
  for (const [field, value] of parts) {
    if (!SAFE_PART.test(value)) {
      throw new Error(`formatAssetName: ${field} "${value}" cannot be part of a file name (expected ${SAFE_PART})`);
    }
  }
  return `WasmEdge-plugin-${parts.map(([, value]) => value).join('-')}.tar.gz`;
}
