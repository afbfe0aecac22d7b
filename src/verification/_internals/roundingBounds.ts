/**
 * Constants and helpers for rigorous bounds on floating-point rounding error
 * (Higham, "Accuracy and Stability of Numerical Algorithms", §2–3), used by
 * the verifier to turn computed logits into intervals that contain the exact
 * ones.
 *
 * Model: IEEE-754 binary64, round to nearest, so every basic operation obeys
 * `fl(a op b) = (a op b)(1 + delta)`, `|delta| <= u = 2^-53`, as long as no
 * overflow or underflow occurs. Underflow is covered separately by small
 * absolute terms ({@link TINY_PER_TERM}); overflow is detected (non-finite
 * results or norms) and turns a row "too close to call".
 */

/** Unit roundoff of binary64, `u = 2^-53`. */
export const UNIT_ROUNDOFF = 2 ** -53;

/**
 * Absolute error allowance per floating-point term for underflow: a product
 * that lands in the subnormal range has an absolute (not relative) error of at
 * most `2^-1075`, and Dekker's error-free product loses exactness only for
 * products below about `2^-969` (whose whole rounding error is below
 * `2^-1022`). `2^-1000` per term dominates both by a wide margin and is still
 * negligible (about `1e-301`) next to any logit that matters.
 */
export const TINY_PER_TERM = 2 ** -1000;

/**
 * Largest dimension for which the bounds below are used: with `n <= 2^30`,
 * `n·u <= 2^-23`, so every `gamma_n` is tiny and the "factor 2" inflations used
 * by the verifier comfortably cover the rounding of the bound computations.
 */
export const MAX_BOUND_DIMENSION = 2 ** 30;

/**
 * Relative inflation applied to a sum of non-negative error terms to cover
 * the rounding of that very sum (fewer than 20 operations, each off by a factor
 * of at most `1 ± u`, and `(1 + u)^20 < 1 + 2^-20`).
 */
export const SUM_INFLATION = 1 + 2 ** -20;

/**
 * Higham's `gamma_n = n·u / (1 − n·u)`: `|fl(sum_{t<n} x_t·y_t) − x·y| <= gamma_n · sum |x_t||y_t|`
 * for recursive summation of `n` products. `O(1)`.
 *
 * @example
 * gammaBound(2); // 2.2204460492503136e-16 (to 16 digits: 2u / (1 − 2u))
 * @throws {RangeError} when `n` is not an integer in `[0, 2^30]`.
 */
export function gammaBound(n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > MAX_BOUND_DIMENSION)
    throw new RangeError(`gammaBound needs an integer 0 <= n <= 2^30, got ${n}`);
  const nu = n * UNIT_ROUNDOFF;
  return nu / (1 - nu);
}

/**
 * Euclidean norm of `x[offset .. offset+length)`, safe from overflow and
 * underflow of the squares: the entries are scaled by a power of two (an exact
 * operation) that brings the largest magnitude into `[1, 2)` before squaring.
 *
 * With `N` the exact norm and `r = gamma_{length+2} + 2^-1040` (rounding of the
 * squares, the sum and the square root, plus the bits of small entries lost to
 * underflow after scaling, see below), the result `n̂` satisfies
 * `N(1 − r) <= n̂ <= N(1 + r) + 2^-1069`: callers bound `N` from above by `n̂`
 * times their own factor-2 inflation. Returns `Infinity` when an entry is not
 * finite or the norm rounds above the double range (a vector whose largest
 * entry is within an ulp or two of `Number.MAX_VALUE`: the safe answer, as
 * callers treat an infinite norm as "too close to call"). `O(length)`.
 *
 * @example
 * vectorNorm(new Float64Array([3, 4]), 0, 2); // 5 (the subnormal allowance 2^-1070 vanishes in rounding)
 * vectorNorm(new Float64Array([3e300, 4e300]), 0, 2); // 5e300 (no overflow)
 * @throws never.
 */
export function vectorNorm(x: Float64Array, offset: number, length: number): number {
  let largest = 0;
  for (let t = offset; t < offset + length; t++) {
    const a = Math.abs(x[t]!);
    if (!(a <= Number.MAX_VALUE)) return Infinity; // NaN or ±Infinity
    if (a > largest) largest = a;
  }
  if (largest === 0) return 0;
  // Scale by 2^-e so that largest·2^-e lies in [1, 2): two power-of-two
  // factors, applied one after the other, because 2^-e alone can exceed the
  // double range for subnormal inputs. Scaling by a power of two is exact
  // unless the result is subnormal; those lost bits are covered below.
  // e = floor(log2(largest)) exactly: Math.log2 may be off by one near a power of two, and 2^k is exact for every
  // integer k >= -1074, so comparing with 2^e and 2^(e+1) settles it (the WebAssembly projection takes e from the
  // bits of largest, and the two must agree to the bit).
  let e = Math.floor(Math.log2(largest));
  if (2 ** e > largest) e--;
  else if (2 ** (e + 1) <= largest) e++;
  const half = Math.trunc(-e / 2);
  const down1 = 2 ** half;
  const down2 = 2 ** (-e - half);
  let sum = 0;
  for (let t = offset; t < offset + length; t++) {
    const s = x[t]! * down1 * down2;
    sum += s * s;
  }
  // Underflow: the scaled maximum is in [1, 2) (the argument below needs only
  // [0.5, 4)), so the scaled norm is at least 0.5. A small entry may
  // lose bits when scaled or squared into the subnormal range: each scaled entry
  // is off by at most 2^-1074 and each square by at most 2^-1072 absolute, so the
  // sum is off by at most length·2^-1072 and (d sqrt(a) = da / (2 sqrt(a)), with
  // sqrt(a) >= 0.5) the scaled norm by at most length·2^-1072 <= 2^-1042 for
  // length <= 2^30: a relative error below 2^-1041, folded into the bound above.
  // The final rescaling by 2^e is exact unless the norm itself is subnormal,
  // where it rounds by at most 2^-1075: adding 2^-1070 keeps n̂ above N(1 − r)
  // and moves it up by less than 2^-1069.
  return Math.sqrt(sum) * 2 ** e + 2 ** -1070;
}
