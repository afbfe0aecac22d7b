/** The two Chernoff exponents of lemma L3 (SPEC §4) at deviation `tau`. */
export interface ChernoffExponents {
  /** `h+(tau) = tau − ln(1 + tau)`: upper tail of a chi-square, `P(chi2_d / d > 1 + tau) <= exp(−(d/2) h+)`. */
  readonly hPlus: number;
  /** `h−(tau) = −tau − ln(1 − tau)`: lower tail, `P(chi2_d / d < 1 − tau) <= exp(−(d/2) h−)`. */
  readonly hMinus: number;
}

// Number of series terms: for |x| <= 1/2 the first omitted term x^N/N is below
// 2^-53 · x²/2 (the size of the result) once 0.5^(N-2) · 2/N < 1.1e-16, i.e. N >= 52.
const SERIES_TERMS = 60;
const SERIES_LIMIT = 0.5;

/**
 * `g(x) = x − ln(1 + x)` for `x > −1`, accurate to a few ulps everywhere.
 *
 * Near 0 the direct formula loses all digits (`g(x) ≈ x²/2` is much smaller
 * than the `x` it is computed from), so for `|x| <= 1/2` it sums the Taylor series
 * `g(x) = Σ_{k>=2} (−x)^k / k = x² Σ_{k>=2} (−x)^(k−2) / k` by Horner's rule from the
 * smallest term up. Beyond `|x| > 1/2` the cancellation in `x − log1p(x)` costs
 * at most a factor ~5 (at x = 1/2) and shrinks with `|x|`.
 */
function xMinusLog1p(x: number): number {
  if (Math.abs(x) > SERIES_LIMIT) return x - Math.log1p(x);
  const y = -x;
  let s = 1 / SERIES_TERMS;
  for (let k = SERIES_TERMS - 1; k >= 2; k--) s = 1 / k + y * s;
  return x * x * s;
}

/**
 * The Chernoff exponents `h+(tau) = tau − ln(1+tau)` and `h−(tau) = −tau − ln(1−tau)`
 * of SPEC §4, both computed without cancellation (a Taylor series for `tau <= 1/2`,
 * `log1p` beyond), so they keep full relative precision for tiny `tau`, where the naive
 * formulas lose about `log10(1/tau)` digits (and return 0 below `tau ≈ 1e-16`). `h−(tau) >= h+(tau) > 0` for `tau > 0`.
 * For `tau` below about `1e-154`, `tau²/2` underflows and both become 0 (or subnormal).
 * Complexity `O(1)` (at most 60 multiply-adds).
 *
 * @example
 * chernoffExponents(0.5);  // { hPlus: 0.0945348918918356..., hMinus: 0.193147180559945... }
 * chernoffExponents(1e-8); // { hPlus: 4.99999996666666...e-17, hMinus: 5.00000003333333...e-17 }
 * @throws {RangeError} when `tau` is not in `[0, 1)` (the lower-tail exponent needs `tau < 1`).
 */
export function chernoffExponents(tau: number): ChernoffExponents {
  if (!(tau >= 0 && tau < 1)) throw new RangeError(`tau must lie in [0, 1), got ${tau}`);
  return { hPlus: xMinusLog1p(tau), hMinus: xMinusLog1p(-tau) };
}
