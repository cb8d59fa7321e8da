import type { Samples } from './alternate.js';
import type { BenchName, StoreKind } from './options.js';
import { median } from './stats.js';

/** A goal of the issue: a bound on the median ratio of the pairs, or on our own median. */
export type Goal = { kind: 'ratio-at-least' | 'ratio-at-most' | 'value-at-most'; value: number };

export interface ResultRow {
  store: StoreKind;
  case: string;
  /** What the numbers are, e.g. `events/s` or `p99 ms`. */
  metric: string;
  ours: { label: string; median: number };
  baseline: { label: string; median: number } | null;
  /** ours ÷ baseline per round, and their median. */
  ratio: { median: number; perRound: number[] } | null;
  goal: Goal | null;
  met: boolean | null;
}

export interface BenchReport {
  bench: BenchName;
  rows: ResultRow[];
  /** Raw samples per store and case, for the JSON file. */
  samples: Record<string, Samples>;
  notes: string[];
}

export interface RowSpec {
  store: StoreKind;
  case: string;
  metric: string;
  /** Sample field compared. */
  key: string;
  ours: string;
  baseline?: string;
  goal?: Goal;
}

function values(samples: Samples, label: string, key: string): number[] {
  const list = samples[label];
  if (list === undefined) throw new Error(`no samples for ${label}`);
  return list.map((sample) => {
    const value = sample[key];
    if (value === undefined) throw new Error(`sample of ${label} has no ${key}`);
    return value;
  });
}

function goalMet(goal: Goal | undefined, ours: number, ratio: number | undefined): boolean | null {
  if (goal === undefined) return null;
  if (goal.kind === 'value-at-most') return ours <= goal.value;
  if (ratio === undefined) throw new Error('a ratio goal needs a baseline');
  return goal.kind === 'ratio-at-least' ? ratio >= goal.value : ratio <= goal.value;
}

/** A table row from alternated samples: medians, and the ratio of each round's pair. */
export function resultRow(samples: Samples, spec: RowSpec): ResultRow {
  const ours = values(samples, spec.ours, spec.key);
  const baseline = spec.baseline === undefined ? undefined : values(samples, spec.baseline, spec.key);
  const perRound = baseline?.map((value, round) => ours[round]! / value);
  const ratio = perRound === undefined ? undefined : median(perRound);
  return {
    store: spec.store,
    case: spec.case,
    metric: spec.metric,
    ours: { label: spec.ours, median: median(ours) },
    baseline: spec.baseline === undefined ? null : { label: spec.baseline, median: median(baseline!) },
    ratio: perRound === undefined ? null : { median: ratio!, perRound },
    goal: spec.goal ?? null,
    met: goalMet(spec.goal, median(ours), ratio),
  };
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(Math.abs(value) >= 10 ? 1 : 2);
}

function formatGoal(goal: Goal | null): string {
  if (goal === null) return '';
  return goal.kind === 'value-at-most' ? `≤ ${goal.value}` : `${goal.kind === 'ratio-at-least' ? '≥' : '≤'} ${goal.value}×`;
}

/** A Markdown table, readable on a terminal and pasted as is into docs/benchmarks.md. */
export function markdownTable(bench: BenchName, rows: readonly ResultRow[]): string {
  const header = ['store', 'case', 'metric', 'ours (median)', 'baseline (median)', 'ratio: median [min–max]', 'goal', 'met'];
  const lines = rows.map((row) => [
    row.store,
    row.case,
    row.metric,
    `${formatNumber(row.ours.median)} ${row.ours.label}`,
    row.baseline ? `${formatNumber(row.baseline.median)} ${row.baseline.label}` : '',
    row.ratio
      ? `${row.ratio.median.toFixed(2)}× [${Math.min(...row.ratio.perRound).toFixed(2)}–${Math.max(...row.ratio.perRound).toFixed(2)}]`
      : '',
    formatGoal(row.goal),
    row.met === null ? '' : row.met ? 'yes' : '**no**',
  ]);
  const all = [header, header.map(() => '---'), ...lines];
  return [`### ${bench}`, '', ...all.map((cells) => `| ${cells.join(' | ')} |`)].join('\n');
}
