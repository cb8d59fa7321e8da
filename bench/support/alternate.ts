import type { Progress } from './progress.js';

/** One measurement: named numbers (`perSecond`, `p50Ms`, `peakRssMb` …). */
export type Sample = Record<string, number>;
/** Every measured sample of each contender, in round order. */
export type Samples = Record<string, Sample[]>;

export interface Contender {
  label: string;
  run(): Promise<Sample>;
}

export interface AlternationOptions {
  scope: string;
  rounds: number;
  progress: Progress;
  /** How a sample reads in a progress line. */
  describe(sample: Sample): string;
}

/**
 * Runs the contenders in turn, A B A B …: one warm-up round that is discarded, then `rounds`
 * measured ones, so drift (caches warming, tables growing, neighbours on a shared machine) hits
 * every contender alike and each round yields a fair pair.
 */
export async function alternate(
  contenders: readonly Contender[],
  { scope, rounds, progress, describe }: AlternationOptions,
): Promise<Samples> {
  const samples: Samples = Object.fromEntries(contenders.map((contender) => [contender.label, []]));
  for (let round = 0; round <= rounds; round++) {
    const name = round === 0 ? 'warm-up' : `round ${round}/${rounds}`;
    for (const contender of contenders) {
      const sample = await contender.run();
      if (round > 0) samples[contender.label]!.push(sample);
      progress.line(scope, `${name} ${contender.label}: ${describe(sample)}`);
    }
  }
  return samples;
}
