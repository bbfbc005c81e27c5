// Manifest rules JSON Schema cannot express: names unique across entries, backend targets and
// exclusions within the plug-in's targets. Each problem names the field and the earlier entry.

import semver from 'semver';
import type { TargetName } from '@wasmedge-plugins/common';
import type { ReleaseManifest } from './schema.ts';

export function findManifestConflicts(manifest: ReleaseManifest): string[] {
  const problems: string[] = [];
  if (!semver.satisfies(manifest.runtime.testedWith, manifest.runtime.range)) {
    problems.push(`runtime.testedWith: expected a version inside runtime.range (${manifest.runtime.range}), found "${manifest.runtime.testedWith}"`);
  }
  const firstByName = new Map<string, number>();
  const firstByLibrary = new Map<string, number>();
  manifest.plugins.forEach((plugin, p) => {
    const at = `plugins[${p}]`;
    const sameName = firstByName.get(plugin.name);
    if (sameName === undefined) firstByName.set(plugin.name, p);
    else problems.push(`${at}.name: expected a unique plug-in name, found "${plugin.name}" again (also at plugins[${sameName}].name)`);
    const sameLibrary = firstByLibrary.get(plugin.library);
    if (sameLibrary === undefined) firstByLibrary.set(plugin.library, p);
    else problems.push(`${at}.library: expected a library no other plug-in uses, found "${plugin.library}" again (also at plugins[${sameLibrary}].library)`);

    const backendNames = new Map<string, number>();
    (plugin.backends ?? []).forEach((backend, b) => {
      const backendAt = `${at}.backends[${b}]`;
      const sameBackend = backendNames.get(backend.name);
      if (sameBackend === undefined) backendNames.set(backend.name, b);
      else problems.push(`${backendAt}.name: expected a backend name unique within the plug-in, found "${backend.name}" again (also at ${at}.backends[${sameBackend}].name)`);

      (backend.targets ?? []).forEach((target, t) => {
        if (!plugin.targets.includes(target)) {
          problems.push(`${backendAt}.targets[${t}]: expected one of the plug-in's targets (${plugin.targets.join(', ')}), found "${target}"`);
        }
      });
      const backendTargets = backend.targets ?? plugin.targets;
      (backend.exclude ?? []).forEach((excluded, e) => {
        if (!backendTargets.includes(excluded.target)) {
          problems.push(`${backendAt}.exclude[${e}].target: expected one of the backend's targets (${backendTargets.join(', ')}), found "${excluded.target}"`);
        }
      });
      for (const [target, entry] of Object.entries(backend.perTarget ?? {})) {
        const targetAt = `${backendAt}.perTarget["${target}"]`;
        if (!backendTargets.includes(target as TargetName)) {
          problems.push(`${targetAt}: expected one of the backend's targets (${backendTargets.join(', ')}), found "${target}"`);
        }
        if (entry?.buildRoot !== undefined && manifest.buildRoots?.[entry.buildRoot] === undefined) {
          const known = Object.keys(manifest.buildRoots ?? {});
          problems.push(`${targetAt}.buildRoot: expected a name in buildRoots (${known.join(', ') || 'none declared'}), found "${entry.buildRoot}"`);
        }
        if (target === 'host' && entry?.buildRoot !== undefined) {
          problems.push(`${targetAt}.buildRoot: target host builds with this machine's compiler, never in a build root`);
        }
      }
    });
  });
  return problems;
}
