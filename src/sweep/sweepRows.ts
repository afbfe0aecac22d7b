import { clopperPearsonInterval } from '../statistics/clopperPearson.js';
import { dimensionGrid } from './dimensionGrid.js';
import { requiredSuccesses, sweepDStar, sweepTop, type SweepParams } from './sweepParams.js';
import type { TrialRecord } from './trialRecord.js';

/** The interval on the success rate reported in each row has confidence `1 − SUCCESS_ALPHA` (95 %). */
export const SUCCESS_ALPHA = 0.05;

/** One length of a sweep: the measured dimension next to `d*` and to `L`. Deterministic in the sweep's parameters. */
export interface SweepRow {
  readonly L: number;
  /** Closed-form `d*(L)` of SPEC §4 for the sweep's `delta`. */
  readonly dStar: number;
  /** Top of the searched dimensions (`d*` unless the sweep set `maxD`). */
  readonly maxD: number;
  /**
   * Measured dimension: the smallest grid `d` at which at least `ceil(success·trials)` trials
   * have reached their critical dimension — that is, succeed, success being monotone in `d`;
   * `null` when fewer trials succeed even at `maxD`.
   */
  readonly d: number | null;
  /** The grid point just below `d`, where too few trials succeed (`null` when `d` is 1 or `null`): `d` lies in `(dBelow, d]`. */
  readonly dBelow: number | null;
  /** Trials that succeed at `d` (at `maxD` when `d` is `null`). */
  readonly successes: number;
  /** Trials at this length. */
  readonly trials: number;
  /** Two-sided 95 % Clopper–Pearson interval of the success rate at `d` (at `maxD` when `d` is `null`). */
  readonly successLower: number;
  readonly successUpper: number;
  /** Smallest grid `d` at which half of the trials succeed (`null` when fewer do at `maxD`). */
  readonly dHalf: number | null;
  /** Smallest grid `d` at which every trial succeeds (`null` when some trial fails even at `maxD`). */
  readonly dAll: number | null;
  /** Trials that fail even at `maxD`. */
  readonly failedAtTop: number;
  /** `d* ÷ d`: how loose the closed form is (`null` without a measured `d`). */
  readonly dStarOverD: number | null;
  /** `L/d`: the saving over the trivial exact construction, which needs `d = L`. */
  readonly lOverD: number | null;
  /** Construct-and-verify evaluations spent at this length. */
  readonly evaluations: number;
}

/**
 * The rows of a complete sweep from its trial records: per length, the
 * critical dimensions of the trials sorted ascending, `c(1) <= … <= c(n)`
 * (a trial that fails at `maxD` counts as `+∞`); with `k = ceil(success·n)`,
 * the number of trials that succeed at a grid point `g` is `#{t : c_t <= g}`, so
 * the smallest `g` reaching `k` is the order statistic `c(k)`. Likewise
 * `dHalf = c(ceil(n/2))` and `dAll = c(n)`. Pure: equal records give
 * bit-identical rows (what makes sharded runs mergeable).
 * `O(trials · log trials + grid)` per length.
 *
 * @example
 * sweepRows(params, records)[0]; // { L: 16, dStar: 256, maxD: 256, d: 23, dBelow: 22, successes: 19, trials: 20, ... } (docs/sweep.md)
 * @throws {RangeError} when a length has a number of records other than `params.trials`.
 */
export function sweepRows(params: SweepParams, records: readonly TrialRecord[]): SweepRow[] {
  const k = requiredSuccesses(params.success, params.trials);
  return params.lengths.map((L) => {
    const mine = records.filter((r) => r.L === L);
    if (mine.length !== params.trials)
      throw new RangeError(`length ${L} has ${mine.length} trial records, expected ${params.trials}`);
    const n = mine.length;
    const critical = mine.map((r) => r.critical ?? Infinity).sort((a, b) => a - b);
    const orderStatistic = (rank: number): number | null =>
      Number.isFinite(critical[rank - 1]!) ? critical[rank - 1]! : null;
    const maxD = sweepTop(params, L);
    const dStar = sweepDStar(params, L);
    const d = orderStatistic(k);
    const grid = dimensionGrid(maxD, params.resolution);
    const at = d ?? maxD;
    const successes = critical.filter((c) => c <= at).length;
    const interval = clopperPearsonInterval(successes, n, SUCCESS_ALPHA);
    const below = d === null ? -1 : grid.indexOf(d) - 1;
    const failedAtTop = critical.filter((c) => c === Infinity).length;
    return {
      L,
      dStar,
      maxD,
      d,
      dBelow: below >= 0 ? grid[below]! : null,
      successes,
      trials: n,
      successLower: interval.lower,
      successUpper: interval.upper,
      dHalf: orderStatistic(Math.ceil(n / 2)),
      dAll: orderStatistic(n),
      failedAtTop,
      dStarOverD: d === null ? null : dStar / d,
      lOverD: d === null ? null : L / d,
      evaluations: mine.reduce((sum, r) => sum + r.steps.length, 0),
    };
  });
}
