import betainc from '@stdlib/math-base-special-betainc';
import { assertInteger, assertProbability } from './validate.js';

/*
 * Both tails of X ~ Bin(n, p) are regularized incomplete beta functions:
 *
 *   P(X >= k) = I_p(k, n − k + 1)          for 1 <= k <= n,
 *   P(X <= k) = 1 − I_p(k + 1, n − k)      for 0 <= k <= n − 1,
 *
 * (differentiate I_p(k, n−k+1) in p: the sum telescopes to the Beta(k, n−k+1)
 * density). stdlib's betainc (a port of Boost's ibeta) evaluates either I_x or
 * its complement 1 − I_x directly — by continued fraction or series on whichever
 * side is small — so neither tail is ever formed as "1 − the other tail", and a
 * tail of 1e-300 keeps its relative accuracy instead of rounding to 0.
 */

/**
 * Exact upper tail `P(X >= k)` of a binomial variable `X ~ Bin(n, p)`, computed
 * as the regularized incomplete beta `I_p(k, n − k + 1)` (never as `1 − cdf`, so
 * tiny tails keep full relative precision; relative error about 1e-13 for
 * `n <= 1e5`). Edge cases are exact: `k <= 0` gives 1, `k > n` gives 0, `p = 0`
 * gives 1 only for `k <= 0`, `p = 1` gives 1 for every `k <= n`.
 * `O(1)` calls of the incomplete beta (its continued fraction converges in
 * `O(sqrt(n))` terms at worst).
 *
 * @example
 * binomialUpperTail(3, 3, 0.5);  // 0.125 (= 0.5^3)
 * binomialUpperTail(1, 10, 0.1); // ≈ 0.6513215599 (= 1 − 0.9^10)
 * binomialUpperTail(0, 10, 0.1); // 1
 * @throws {TypeError} when an argument is not a number.
 * @throws {RangeError} when `k` is not a safe integer, `n` is not an integer `>= 0`, or `p` is outside `[0, 1]`.
 */
export function binomialUpperTail(k: number, n: number, p: number): number {
  assertInteger('k', k, Number.MIN_SAFE_INTEGER);
  assertInteger('n', n);
  assertProbability('p', p);
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p === 0) return 0;
  if (p === 1) return 1;
  return betainc(p, k, n - k + 1);
}

/**
 * Exact lower tail `P(X <= k)` of a binomial variable `X ~ Bin(n, p)`, computed
 * as the upper regularized incomplete beta `1 − I_p(k + 1, n − k)` evaluated
 * directly (not by subtraction). Edge cases are exact: `k < 0` gives 0,
 * `k >= n` gives 1, `p = 0` gives 1 for every `k >= 0`, `p = 1` gives 1 only
 * for `k >= n`. `O(1)` incomplete-beta calls.
 *
 * @example
 * binomialLowerTail(0, 10, 0.1); // ≈ 0.3486784401 (= 0.9^10)
 * binomialLowerTail(1, 2, 0.5);  // 0.75
 * binomialLowerTail(-1, 2, 0.5); // 0
 * @throws {TypeError} when an argument is not a number.
 * @throws {RangeError} when `k` is not a safe integer, `n` is not an integer `>= 0`, or `p` is outside `[0, 1]`.
 */
export function binomialLowerTail(k: number, n: number, p: number): number {
  assertInteger('k', k, Number.MIN_SAFE_INTEGER);
  assertInteger('n', n);
  assertProbability('p', p);
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p === 0) return 1;
  if (p === 1) return 0;
  return betainc(p, k + 1, n - k, true, true);
}
