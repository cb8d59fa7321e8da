import { Random } from '../../../apps/cli/src/seed/random.js';

/** The seed script's generator (mulberry32) as a function, so a soak's command mix can be replayed from its seed. */
export interface Rng {
  (): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
}

export function seededRng(seed: number): Rng {
  const random = new Random(seed);
  const next = (() => random.next()) as Rng;
  next.int = (min, max) => min + Math.floor(random.next() * (max - min + 1));
  next.pick = (items) => random.pick(items);
  next.chance = (probability) => random.chance(probability);
  return next;
}
