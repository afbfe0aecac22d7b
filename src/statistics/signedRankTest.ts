import { assertNumber } from './validate.js';

/** The result of {@link signedRankTest}. */
export interface SignedRankResult {
  /** Nonzero differences (zeros are dropped, as in Wilcoxon's test). */
  readonly n: number;
  /** Sum of the ranks of the positive differences. */
  readonly wPlus: number;
  /** One-sided p-value for "the differences tend to be positive": `P(W+ >= wPlus)` under the null. */
  readonly greater: number;
  /** One-sided p-value for "the differences tend to be negative": `P(W+ <= wPlus)` under the null. */
  readonly less: number;
}

/*
 * Under the null hypothesis the differences are independent and each is
 * symmetric about 0, so given their absolute values the signs are independent
 * fair coins. Ranking the nonzero |D| (ties broken by position, a rule that
 * depends on the absolute values and positions only) makes the ranks a
 * permutation of 1..n fixed by the absolute values, and then
 *   W+ = sum_r r · I_r,   I_r independent Bernoulli(1/2),
 * exactly, with or without ties: the test is exact conditionally on |D|, hence
 * unconditionally. Its law is computed by the recursion over r = 1..n
 *   P_r(s) = (P_{r−1}(s) + P_{r−1}(s − r)) / 2,
 * in floating point with only additions of non-negative terms and halvings, so
 * each probability carries a relative error of at most about n·2^-53 and a
 * tail is the sum of its own terms (never 1 − something).
 *
 * W+ is non-increasing in every difference (lowering a positive difference can
 * only lower its rank or remove it from W+; lowering a negative one can only
 * push positive ones down in rank), so differences stochastically smaller than
 * symmetric ones reject "greater" with probability at most the nominal level.
 */

/**
 * Wilcoxon's signed-rank test of paired differences, with the exact null
 * distribution: ranks of the nonzero `|D|` (ties broken by position, so the
 * ranks are 1..n exactly), `W+` the sum of the ranks of the positive ones, and
 * its one-sided tails under "each difference is symmetric about 0". Infinite
 * differences are allowed (a trial that never succeeded): they rank above every
 * finite one. Exact up to rounding (relative error about `n·1e-16`). Time
 * `O(n³)` (`n²(n+1)/4` additions), memory `O(n²)`; `n` up to a few hundred in practice.
 *
 * @example
 * signedRankTest([1, 2, 3]);      // { n: 3, wPlus: 6, greater: 0.125, less: 1 }
 * signedRankTest([1, -2, 3]);     // { n: 3, wPlus: 4, greater: 0.375, less: 0.75 }
 * signedRankTest([0, 5, Infinity]).greater; // 0.25 (zeros dropped)
 * @throws {TypeError} when `differences` is not an array of numbers.
 * @throws {RangeError} for a NaN difference.
 */
export function signedRankTest(differences: readonly number[]): SignedRankResult {
  if (!Array.isArray(differences)) throw new TypeError('differences must be an array of numbers');
  differences.forEach((x, i) => {
    assertNumber(`differences[${i}]`, x);
    if (Number.isNaN(x)) throw new RangeError(`differences[${i}] must not be NaN`);
  });
  const nonzero = differences.filter((x) => x !== 0);
  const n = nonzero.length;
  const order = nonzero.map((_, i) => i).sort((a, b) => Math.abs(nonzero[a]!) - Math.abs(nonzero[b]!) || a - b);
  let wPlus = 0;
  order.forEach((index, r) => {
    if (nonzero[index]! > 0) wPlus += r + 1;
  });
  const max = (n * (n + 1)) / 2;
  let law = new Float64Array(max + 1);
  law[0] = 1;
  for (let r = 1; r <= n; r++) {
    const next = new Float64Array(max + 1);
    const top = (r * (r + 1)) / 2;
    for (let s = 0; s <= top; s++) next[s] = (law[s]! + (s >= r ? law[s - r]! : 0)) / 2;
    law = next;
  }
  let greater = 0;
  for (let s = wPlus; s <= max; s++) greater += law[s]!;
  let less = 0;
  for (let s = 0; s <= wPlus; s++) less += law[s]!;
  return { n, wPlus, greater: Math.min(1, greater), less: Math.min(1, less) };
}
