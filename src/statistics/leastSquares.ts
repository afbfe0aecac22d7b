import { assertFiniteArray } from './validate.js';

/** A fitted straight line `y ≈ intercept + slope·x` and its uncertainty. */
export interface LinearFit {
  /** Number of points. */
  readonly n: number;
  readonly intercept: number;
  readonly slope: number;
  /** Coefficient of determination `1 − SS_res/SS_tot` (1 when every `y` is equal and fitted exactly). */
  readonly rSquared: number;
  /** Standard error of the intercept (NaN for `n = 2`: no residual degrees of freedom). */
  readonly interceptStandardError: number;
  /** Standard error of the slope (NaN for `n = 2`). */
  readonly slopeStandardError: number;
  /** Residual standard deviation `sqrt(SS_res / (n − 2))` (weighted, NaN for `n = 2`). */
  readonly residualStandardError: number;
  /** `y_i − (intercept + slope·x_i)`, in input order. */
  readonly residuals: Float64Array;
}

/*
 * Weighted least squares for a line: minimise Σ w_i (y_i − a − b x_i)². With the
 * weighted means x̄ = Σ w x / Σ w, ȳ likewise, and the centred sums
 *   Sxx = Σ w (x − x̄)²,  Sxy = Σ w (x − x̄)(y − ȳ),
 * the solution is b = Sxy / Sxx, a = ȳ − b x̄. Centring first (two passes) avoids
 * the cancellation of the textbook Σx² − (Σx)²/n form when x = ln L is far from 0.
 * With σ̂² = Σ w r² / (n − 2) (weights known up to a common scale, as in R's lm):
 *   SE(b) = σ̂ / sqrt(Sxx),   SE(a) = σ̂ sqrt(1/Σw + x̄²/Sxx).
 * Unit weights give ordinary least squares.
 */
function fit(x: ArrayLike<number>, y: ArrayLike<number>, w: ArrayLike<number> | null): LinearFit {
  const n = assertFiniteArray('x', x);
  if (assertFiniteArray('y', y) !== n)
    throw new RangeError(`x and y must have the same length, got ${n} and ${y.length}`);
  if (w !== null) {
    if (assertFiniteArray('weights', w) !== n)
      throw new RangeError(`weights must have the same length as x, got ${w.length} and ${n}`);
    for (let i = 0; i < n; i++) if (!(w[i]! > 0)) throw new RangeError(`weights[${i}] must be > 0, got ${w[i]}`);
  }
  if (n < 2) throw new RangeError(`a line needs at least 2 points, got ${n}`);
  const weight = (i: number): number => (w === null ? 1 : w[i]!);

  let sw = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sw += weight(i);
    sx += weight(i) * x[i]!;
    sy += weight(i) * y[i]!;
  }
  const meanX = sx / sw;
  const meanY = sy / sw;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - meanX;
    const dy = y[i]! - meanY;
    sxx += weight(i) * dx * dx;
    sxy += weight(i) * dx * dy;
    syy += weight(i) * dy * dy;
  }
  if (!(sxx > 0)) throw new RangeError('x has zero variance: every x is the same, so the slope is undetermined');
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  const residuals = new Float64Array(n);
  let ssRes = 0;
  for (let i = 0; i < n; i++) {
    const r = y[i]! - (intercept + slope * x[i]!);
    residuals[i] = r;
    ssRes += weight(i) * r * r;
  }
  const rSquared = syy > 0 ? 1 - ssRes / syy : ssRes === 0 ? 1 : 0;
  const sigma = n > 2 ? Math.sqrt(ssRes / (n - 2)) : Number.NaN;
  return {
    n,
    intercept,
    slope,
    rSquared,
    interceptStandardError: sigma * Math.sqrt(1 / sw + (meanX * meanX) / sxx),
    slopeStandardError: sigma / Math.sqrt(sxx),
    residualStandardError: sigma,
    residuals,
  };
}

/**
 * Ordinary least-squares line `y ≈ intercept + slope·x` with R², standard errors
 * and residuals (e.g. the fitted growth of the needed dimension per unit of `ln L`).
 * Numerically stable two-pass centred sums. Time `O(n)`.
 *
 * @example
 * linearRegression([1, 2, 3], [3, 5, 7]); // { intercept: 1, slope: 2, rSquared: 1, slopeStandardError: 0, ... }
 * linearRegression([0, 1, 2, 3], [1, 3, 2, 4]).slope; // 0.8
 * @throws {TypeError} when `x` or `y` is not an array of numbers.
 * @throws {RangeError} when the lengths differ, a value is not finite, there are fewer than 2 points, or all `x` are equal.
 */
export function linearRegression(x: ArrayLike<number>, y: ArrayLike<number>): LinearFit {
  return fit(x, y, null);
}

/**
 * Weighted least-squares line: minimises `Σ weights_i (y_i − intercept − slope·x_i)²`.
 * Weights are relative (known up to a common factor, e.g. inverse variances);
 * the standard errors use the residual scale, as R's `lm(weights = )` does.
 * Unit weights give exactly {@link linearRegression}. Time `O(n)`.
 *
 * @example
 * weightedLinearRegression([0, 1, 2], [0, 1, 5], [1, 1, 1e-9]).slope; // ≈ 1.000000009 (the third point barely counts)
 * @throws {TypeError} when an argument is not an array of numbers.
 * @throws {RangeError} when the lengths differ, a value is not finite, a weight is not positive,
 *   there are fewer than 2 points, or all `x` are equal.
 */
export function weightedLinearRegression(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  weights: ArrayLike<number>,
): LinearFit {
  if (weights === null || typeof weights !== 'object') throw new TypeError('weights must be an array of numbers');
  return fit(x, y, weights);
}
