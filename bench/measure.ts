/** Timing helpers: medians of repeated runs, and the table the bench prints. */
import { performance } from 'node:perf_hooks';

export interface Row {
  scenario: string;
  subject: string;
  /** Median of the runs, in the unit below. */
  median: number;
  unit: string;
  runs: number;
  /** median / reference median, for the reference row's scenario. */
  ratio?: number;
  reference?: boolean;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs `work` `runs` times (after `warmup` unmeasured runs); returns the durations in ms. */
export async function timeRuns(runs: number, work: () => unknown, warmup = 1): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return times;
}

/** A subject and its reference, measured in the same run; the ratio is subject / reference. */
export function compare(scenario: string, unit: string, reference: { subject: string; values: number[] }, subject: { subject: string; values: number[] }): Row[] {
  const ref = median(reference.values);
  const sub = median(subject.values);
  return [
    { scenario, subject: reference.subject, median: ref, unit, runs: reference.values.length, ratio: 1, reference: true },
    { scenario, subject: subject.subject, median: sub, unit, runs: subject.values.length, ratio: sub / ref },
  ];
}

export function formatTable(rows: readonly Row[]): string {
  const header = ['scenario', 'subject', 'median', 'unit', 'runs', 'ratio'];
  const body = rows.map((r) => [
    r.scenario,
    r.reference ? `${r.subject} (reference)` : r.subject,
    r.median >= 100 ? r.median.toFixed(0) : r.median.toPrecision(3),
    r.unit,
    String(r.runs),
    r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}x`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}
