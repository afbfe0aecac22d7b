import type { SweepFit } from './fitSweep.js';
import { sweepDStar, type SweepParams } from './sweepParams.js';
import type { SweepRow } from './sweepRows.js';

/** Where a dimension falls below `L`, the dimension of the trivial exact construction. */
export interface SweepCrossover {
  /** Smallest `L >= 2` with `d*(L) < L` (exact, from the closed form; `null` beyond 2^52). */
  readonly dStar: number | null;
  /** Smallest swept `L` from which on every measured `d` is below `L`; `null` when the longest length's is not. */
  readonly measured: number | null;
  /** True when `measured` is the shortest swept length: the measured crossing may lie below it. */
  readonly measuredAtShortest: boolean;
  /** Smallest `L >= 2` from which on the fitted `intercept + slope·ln L` stays below `L`; `null` without a fit. */
  readonly fitted: number | null;
}

/**
 * The crossovers of a sweep: from which length on the closed-form `d*`, the
 * measured `d`, and the fitted line need fewer dimensions than `L`.
 * `O(rows + log L_cross)` evaluations of `d*`.
 *
 * @example
 * sweepCrossover(params, rows, fit); // { dStar: 441, measured: 64, measuredAtShortest: false, fitted: 27 } (docs/sweep.md)
 */
export function sweepCrossover(params: SweepParams, rows: readonly SweepRow[], fit: SweepFit | null): SweepCrossover {
  // d*(L) = ceil(c·(2 ln 2L − ln delta)) with c = 2/h+ > 16 (h+ = tau − ln(1+tau) < 1/8
  // because tau < 1/2). For L < 2c, d*(L) > c·2 ln 4 > 2c > L; for L >= 2c, d* grows by at
  // most 1 per unit of L (2c·ln((L+1)/L) <= 1), so L − d*(L) never decreases there. Hence
  // {L : d*(L) < L} is an up-set of the integers and bisection finds where it starts.
  const dStar = firstInteger(2, (L) => sweepDStar(params, L) < L);
  let measured: number | null = null;
  for (let k = rows.length - 1; k >= 0; k--) {
    const { L, d } = rows[k]!;
    if (d === null || d >= L) break;
    measured = L;
  }
  let fitted: number | null = null;
  if (fit !== null) {
    // g(L) = L − a − b ln L has g' = 1 − b/L: decreasing up to L = b, increasing after,
    // so it stays positive from the first integer >= max(2, b) where it is positive,
    // and when it is positive already at max(2, b) it is positive for every L >= 2.
    const below = (L: number): boolean => fit.intercept + fit.slope * Math.log(L) < L;
    const turn = Math.max(2, Math.ceil(fit.slope));
    fitted = below(turn) ? 2 : firstInteger(turn, below);
  }
  return { dStar, measured, measuredAtShortest: measured !== null && measured === rows[0]?.L, fitted };
}

/**
 * Smallest integer `L >= from` with `holds(L)`, for a predicate that is false
 * then true on `[from, ∞)`: doubling, then bisection. `null` when it is still
 * false at 2^52. `O(log L)` calls.
 */
function firstInteger(from: number, holds: (L: number) => boolean): number | null {
  if (holds(from)) return from;
  let lo = from;
  let hi = from * 2;
  while (!holds(hi)) {
    lo = hi;
    hi *= 2;
    if (hi > 2 ** 52) return null;
  }
  // Invariant: !holds(lo), holds(hi).
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (holds(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
