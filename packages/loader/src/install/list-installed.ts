/**
 * What this tool installed in a plug-in directory, and what changed since.
 * Apart from the installer so `wasmedge-plugins list` loads no download or
 * archive code.
 */
import { findDrift, readInstallState, type InstallRecord } from './install-state.ts';
import { checkPluginDir } from './plugin-dir.ts';

export interface ListedPlugin extends InstallRecord {
  drift: string[];
}

export async function listInstalled(pluginDir: string): Promise<ListedPlugin[]> {
  const state = await readInstallState(checkPluginDir(pluginDir));
  const out: ListedPlugin[] = [];
  for (const record of [...state.installed.values()].sort((a, b) => a.plugin.localeCompare(b.plugin))) {
    out.push({ ...record, drift: await findDrift(pluginDir, record) });
  }
  return out;
}
