import type { SparseTargetConstraints } from '../generators/sparseTarget.js';
import { deriveSeed } from '../random/deriveSeed.js';
import type { SparseTarget } from '../targets/sparseTarget.js';
import type { Construction } from '../construction/construction.js';
import { sampleTarget } from './sampleTarget.js';
import { trialOutcome } from './trialOutcome.js';

/** What {@link measureDimension} searches over. */
export interface DimensionSearch {
  readonly L: number;
  readonly epsilon: number;
  readonly gamma: number;
  /** Target generator constraints; `minL` and `maxL` are set to `L`. */
  readonly targets: SparseTargetConstraints;
  /** Independent trials at each dimension tried. */
  readonly trials: number;
  /** Required fraction of successful trials, in (0, 1]. */
  readonly success: number;
  /** Largest dimension searched (e.g. `d*`); the search reports `null` when even it falls short. */
  readonly maxD: number;
  /** Seed of the targets and projections. */
  readonly seed: number;
}

/** The result of {@link measureDimension}. */
export interface DimensionMeasurement {
  /** Smallest dimension found at which at least `success·trials` trials succeed; `null` when `maxD` falls short. */
  readonly d: number | null;
  /** Successes at every dimension tried, in the order tried. */
  readonly tried: ReadonlyArray<{ readonly d: number; readonly successes: number; readonly trials: number }>;
  /** Trials run in total (construct + verify each). */
  readonly work: number;
}

/**
 * The smallest query dimension at which the construction really succeeds:
 * the least `d` in `[1, maxD]` at which at least `ceil(success·trials)` of
 * `trials` independent trials are (epsilon, gamma)-approximations, found by
 * bisection (success is taken to be monotone in `d`, which holds in
 * distribution). Trial `t` uses the same target and seed at every `d` (common
 * random numbers), so neighbouring dimensions are compared on equal terms;
 * each evaluated `d` is cached. `O(trials · log₂ maxD)` construct-and-verify
 * trials, each `O(L²·d)`.
 *
 * @example
 * await measureDimension(paperConstruction, { L: 16, epsilon: 0.9, gamma: 0.9, targets: { S: 1, kappa: 1 }, trials: 10, success: 0.9, maxD: 400, seed: 1 });
 * // { d: 12, tried: [...], work: 90 }
 */
export async function measureDimension(
  construction: Construction,
  search: DimensionSearch,
): Promise<DimensionMeasurement> {
  const { L, epsilon, gamma, trials, success, maxD, seed } = search;
  const needed = Math.ceil(success * trials);
  const targets: SparseTarget[] = [];
  const seeds: number[] = [];
  for (let t = 0; t < trials; t++) {
    seeds.push(deriveSeed(seed, t));
    targets.push(sampleTarget({ ...search.targets, minL: L, maxL: L }, seeds[t]!));
  }
  const tried: Array<{ d: number; successes: number; trials: number }> = [];
  const cache = new Map<number, boolean>();
  const succeeds = async (d: number): Promise<boolean> => {
    const known = cache.get(d);
    if (known !== undefined) return known;
    let successes = 0;
    for (let t = 0; t < trials; t++) {
      const verdict = await trialOutcome(construction, { target: targets[t]!, epsilon, gamma, d, seed: seeds[t]! });
      if (verdict.status === 'pass') successes++;
    }
    tried.push({ d, successes, trials });
    const ok = successes >= needed;
    cache.set(d, ok);
    return ok;
  };
  if (!(await succeeds(maxD))) return { d: null, tried, work: tried.length * trials };
  // Invariant: lo fails (or is 0), hi succeeds.
  let lo = 0;
  let hi = maxD;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (await succeeds(mid)) hi = mid;
    else lo = mid;
  }
  return { d: hi, tried, work: tried.length * trials };
}
