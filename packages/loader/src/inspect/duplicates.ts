/**
 * Two plug-ins with one name: the runtime registers the first it accepts, in
 * search order, and rejects every later one (plugin-abi.md §1.1 and §1.2).
 */
import { realpathSync } from 'node:fs';
import type { PluginDescriptor } from '../host/plugin.ts';
import type { SearchPathEntry } from '../discovery/search-path.ts';
import { createProblem, type DoctorProblem } from './problems.ts';

/** Plug-ins the runtime registers before any file; they win every name clash. */
export const BUILTIN_PLUGINS = [{ name: 'wasi_logging', apiVersion: 5, since: 'WasmEdge 0.17' }] as const;

interface Candidate {
  path: string;
  entry: SearchPathEntry;
  descriptor: PluginDescriptor | null;
  problems: readonly DoctorProblem[];
}

type Winner = { builtin: (typeof BUILTIN_PLUGINS)[number] } | { candidate: Candidate };

/**
 * Finds the candidates that lose a name clash, in search order. Only a
 * candidate the runtime would accept (descriptor read, no error problems)
 * takes its name; a rejected one leaves it free for the next.
 */
export function findDuplicates(
  candidates: readonly Candidate[],
  requiredApiVersion: number | null,
): { index: number; problem: DoctorProblem }[] {
  const taken = new Map<string, Winner>();
  for (const builtin of BUILTIN_PLUGINS) {
    if (builtin.apiVersion === requiredApiVersion) taken.set(builtin.name, { builtin });
  }
  const losers: { index: number; problem: DoctorProblem }[] = [];
  candidates.forEach((candidate, index) => {
    const name = candidate.descriptor?.name;
    // A candidate rejected for another reason neither takes a name nor needs telling about one.
    if (name === undefined || candidate.problems.some((p) => p.severity === 'error')) return;
    const winner = taken.get(name);
    if (winner !== undefined) {
      losers.push({ index, problem: describeClash(candidate, name, winner) });
    } else {
      taken.set(name, { candidate });
    }
  });
  return losers;
}

function describeClash(loser: Candidate, name: string, winner: Winner): DoctorProblem {
  if ('builtin' in winner) {
    return createProblem('duplicate', {
      found: `plug-in name ${name} is already taken by the plug-in built into the runtime (since ${winner.builtin.since})`,
      required: 'a plug-in name no other plug-in uses',
      action: 'remove this file: the runtime always uses its built-in one',
    });
  }
  const first = winner.candidate;
  if (isSameFile(first.path, loser.path)) {
    return createProblem(
      'duplicate',
      {
        found: `this is the same file as ${first.path}, reached again through ${loser.entry.path}`,
        required: 'each plug-in once on the search path',
        action: 'nothing breaks (the repeat is ignored); drop the repeated search-path entry to silence this',
      },
      'warning',
    );
  }
  const order =
    first.entry === loser.entry
      ? `; both are under ${first.entry.path}, and which one the runtime meets first depends on the order the file system lists them`
      : `, which comes first on the search path (through ${first.entry.path})`;
  return createProblem('duplicate', {
    found: `plug-in name ${name} is also used by ${first.path}${order}, so this one is ignored`,
    required: 'one plug-in per name on the search path',
    action: `remove the copy of ${name} you do not want`,
  });
}

function isSameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return a === b;
  }
}
