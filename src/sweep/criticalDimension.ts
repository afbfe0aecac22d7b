import type { VerdictStatus } from '../verification/verdict.js';

/**
 * How one evaluation ended: the verifier's status, or `'refused'` when an
 * outside implementation declined the request in an orderly way (an error
 * response: a failure to construct, which counts as no success).
 */
export type SweepStepStatus = VerdictStatus | 'refused';

/** One evaluation of a trial: the dimension and how it ended. */
export type SweepStep = readonly [d: number, status: SweepStepStatus];

/** What {@link criticalDimension} found for one trial. */
export interface CriticalDimension {
  /** The grid dimension at which the trial switches from failure to success; `null` when it fails even at the grid's top. */
  readonly critical: number | null;
  /** Every evaluation, in the order made. */
  readonly steps: readonly SweepStep[];
}

/**
 * The critical dimension of one trial: bisection over the indices of `grid`
 * (sorted ascending) for the point where the trial's outcome switches from
 * failure to success, taking outcomes to be monotone in `d` (they are in
 * distribution: the failure probability only shrinks as `d` grows). Only
 * `'pass'` counts as success; `'fail'`, `'inconclusive'` and `'refused'` do not.
 *
 * The top of the grid is assumed to succeed and is only evaluated if every
 * other evaluation failed (then `critical` is `null` when it fails too), so
 * an expensive `maxD` such as `d*` is rarely paid for. Each dimension is
 * evaluated at most once. The path depends on this trial's outcomes alone,
 * which is what makes sharded sweeps exact.
 *
 * `O(log₂ grid.length)` evaluations, plus one at the top in the worst case.
 *
 * @example
 * await criticalDimension([1, 2, 3, 4, 5, 6, 7, 8], async (d) => (d >= 5 ? 'pass' : 'fail'));
 * // { critical: 5, steps: [[4, 'fail'], [6, 'pass'], [5, 'pass']] }
 * @throws {RangeError} when `grid` is empty; whatever `evaluate` throws.
 */
export async function criticalDimension(
  grid: readonly number[],
  evaluate: (d: number) => Promise<SweepStepStatus>,
): Promise<CriticalDimension> {
  if (grid.length === 0) throw new RangeError('the grid of dimensions is empty');
  const steps: SweepStep[] = [];
  const run = async (index: number): Promise<boolean> => {
    const d = grid[index]!;
    const status = await evaluate(d);
    steps.push([d, status]);
    return status === 'pass';
  };
  // Invariant: grid[lo] failed (lo = −1 stands for d = 0, which cannot succeed);
  // grid[hi] succeeded, or hi is the unevaluated top of the grid.
  let lo = -1;
  let hi = grid.length - 1;
  let hiPassed = false;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (await run(mid)) {
      hi = mid;
      hiPassed = true;
    } else lo = mid;
  }
  if (!hiPassed && !(await run(hi))) return { critical: null, steps };
  return { critical: grid[hi]!, steps };
}
