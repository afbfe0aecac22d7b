import type { KolmogorovMethod } from './kolmogorovDistribution.js';
import { kolmogorovSmirnovPValue } from './kolmogorovDistribution.js';
import { assertFiniteArray } from './validate.js';

/** Result of a one-sample Kolmogorov–Smirnov test. */
export interface KolmogorovSmirnovResult {
  /** Sample size. */
  readonly n: number;
  /** `D_n = sup_x |F_n(x) − F(x)|`. */
  readonly statistic: number;
  /** `P(D_n >= statistic)` under the hypothesis that the sample comes from `cdf`. */
  readonly pValue: number;
  /** Whether the p-value is exact or asymptotic (see {@link kolmogorovSmirnovPValue}). */
  readonly method: KolmogorovMethod;
}

/**
 * One-sample Kolmogorov–Smirnov statistic `D_n = sup_x |F_n(x) − F(x)|` of a
 * sample against a continuous CDF: with the sample sorted and `u_i = F(x_(i))`,
 * `D_n = max_i max(i/n − u_i, u_i − (i − 1)/n)` (the supremum is attained at a
 * jump of the empirical CDF). The sample is copied, not sorted in place.
 * Time `O(n log n)` plus `n` calls of `cdf`.
 *
 * @example
 * kolmogorovSmirnovStatistic([0.1, 0.5, 0.9], (x) => x); // ≈ 0.233333 (= max(1/3 − 0.1, 0.9 − 2/3))
 * @throws {TypeError} when `sample` is not an array of numbers or `cdf` is not a function.
 * @throws {RangeError} when `sample` is empty or has a non-finite entry, or `cdf` returns a value outside `[0, 1]`.
 */
export function kolmogorovSmirnovStatistic(sample: ArrayLike<number>, cdf: (x: number) => number): number {
  const n = assertFiniteArray('sample', sample);
  if (typeof cdf !== 'function') throw new TypeError('cdf must be a function');
  if (n === 0) throw new RangeError('sample must not be empty');
  const sorted = Float64Array.from(sample).sort();
  let d = 0;
  for (const [i, value] of sorted.entries()) {
    const u = cdf(value);
    if (typeof u !== 'number' || !(u >= 0 && u <= 1))
      throw new RangeError(`cdf(${value}) must lie in [0, 1], got ${String(u)}`);
    d = Math.max(d, (i + 1) / n - u, u - i / n);
  }
  return d;
}

/**
 * One-sample two-sided Kolmogorov–Smirnov test of the hypothesis that `sample`
 * is drawn from the continuous distribution with CDF `cdf`: the statistic
 * {@link kolmogorovSmirnovStatistic} and its p-value
 * {@link kolmogorovSmirnovPValue} (exact Marsaglia–Tsang–Wang for `n·D_n < 51`,
 * Stephens-corrected asymptotic beyond). Used to check that `d·||G^T u||²` for
 * a unit vector `u` follows a chi-square law with `d` degrees of freedom.
 * Time `O(n log n)` plus the p-value.
 *
 * @example
 * const r = kolmogorovSmirnovTest([0.1, 0.5, 0.9], (x) => x);
 * r.statistic; // ≈ 0.233333
 * r.pValue;    // ≈ 0.985778 (exact: 1 − 3!·(2·0.2333 − 1/3)^3)
 * r.method;    // 'exact'
 * @throws {TypeError} when `sample` is not an array of numbers or `cdf` is not a function.
 * @throws {RangeError} when `sample` is empty or has a non-finite entry, or `cdf` returns a value outside `[0, 1]`.
 */
export function kolmogorovSmirnovTest(sample: ArrayLike<number>, cdf: (x: number) => number): KolmogorovSmirnovResult {
  const statistic = kolmogorovSmirnovStatistic(sample, cdf);
  const { pValue, method } = kolmogorovSmirnovPValue(sample.length, statistic);
  return { n: sample.length, statistic, pValue, method };
}
