import { linearRegression } from '../statistics/leastSquares.js';
import type { SweepRow } from './sweepRows.js';

/** Least-squares lines `d ≈ intercept + slope·ln L` through the measured and the closed-form dimensions. */
export interface SweepFit {
  /** Lengths with a measured `d` (the points of the fit). */
  readonly points: number;
  readonly intercept: number;
  /** Growth of the measured `d` per unit of `ln L` (per factor e of `L`). */
  readonly slope: number;
  /** Standard errors (NaN with only two points). */
  readonly interceptStandardError: number;
  readonly slopeStandardError: number;
  /** Coefficient of determination of the measured fit. */
  readonly rSquared: number;
  /** The same line through `d*(L)` at every swept length, for comparison. */
  readonly dStarIntercept: number;
  readonly dStarSlope: number;
}

/**
 * Ordinary least squares of the measured dimension against `ln L`
 * (`d = O(log L)` is a straight line here), over the rows with a measured `d`,
 * with R² and standard errors; and the same line through `d*`. `null` when
 * fewer than two lengths have a measured `d`. `O(rows)`.
 *
 * @example
 * fitSweep([{ L: 16, d: 10, dStar: 256, ... }, { L: 256, d: 20, dStar: 410, ... }]);
 * // { points: 2, intercept: 0, slope: 3.607 (= 10 / ln 16), rSquared: 1, ... }
 */
export function fitSweep(rows: readonly SweepRow[]): SweepFit | null {
  const measured = rows.filter((r): r is SweepRow & { d: number } => r.d !== null);
  if (measured.length < 2) return null;
  const fit = linearRegression(
    measured.map((r) => Math.log(r.L)),
    measured.map((r) => r.d),
  );
  const closed = linearRegression(
    rows.map((r) => Math.log(r.L)),
    rows.map((r) => r.dStar),
  );
  return {
    points: fit.n,
    intercept: fit.intercept,
    slope: fit.slope,
    interceptStandardError: fit.interceptStandardError,
    slopeStandardError: fit.slopeStandardError,
    rSquared: fit.rSquared,
    dStarIntercept: closed.intercept,
    dStarSlope: closed.slope,
  };
}
