import gammaln from '@stdlib/math-base-special-gammaln';
import { assertInteger } from './validate.js';

/** p-values of Fisher's exact test comparing the failure rates of two samples. */
export interface FisherExactResult {
  /** One-sided p-value for "rate A > rate B": `P(X >= failuresA)`. */
  readonly greater: number;
  /** One-sided p-value for "rate A < rate B": `P(X <= failuresA)`. */
  readonly less: number;
  /** Two-sided p-value: total probability of tables no more likely than the observed one. */
  readonly twoSided: number;
}

/** ln C(a, b) through ln Γ. */
function logChoose(a: number, b: number): number {
  return gammaln(a + 1) - gammaln(b + 1) - gammaln(a - b + 1);
}

/*
 * Conditioning on the margins: with N = nA + nB trials, K = fA + fB failures in
 * all, the number X of failures that fall in sample A is hypergeometric,
 *   P(X = x) = C(K, x) C(N − K, nA − x) / C(N, nA),   max(0, nA − (N − K)) <= x <= min(K, nA),
 * and under "both samples have the same rate" this law does not depend on the
 * common rate, which is what makes the test exact. Each probability is formed in
 * log space (ln Γ keeps C(100000, 50000) ≈ 10^30101 representable), the sums are
 * taken relative to the largest term, and every tail is divided by the computed
 * total so that the rounding of the common factor 1/C(N, nA) cancels.
 */

/**
 * Fisher's exact test of two binomial failure rates: `failuresA` out of
 * `trialsA` against `failuresB` out of `trialsB`. Returns the one-sided p-values
 * for "A fails more often than B" (`greater`) and "A fails less often" (`less`),
 * and the two-sided p-value (sum over all tables whose probability is at most the
 * observed one's, with R's relative tolerance `1e-7` for ties). Exact up to
 * rounding: relative error about `1e-16 · ln(N!)` for `N` trials in all (about
 * `1e-12` for `N = 3500`, `1e-10` for `N = 1e5`); p-values are
 * never formed as `1 − something`. A table whose margins leave a single
 * possibility (no failures at all, or an empty sample) gives 1 throughout.
 * Time `O(min(K, trialsA))` evaluations of ln Γ, `K` the total number of failures.
 *
 * @example
 * fisherExactTest(3, 3, 0, 3);        // { greater: ≈ 0.05, less: 1, twoSided: ≈ 0.1 } (1/C(6,3) = 0.05)
 * fisherExactTest(3, 4, 1, 4).greater; // ≈ 0.242857 (= 17/70, Fisher's tea-tasting experiment)
 * fisherExactTest(1, 9, 11, 14).twoSided; // ≈ 0.0027594562
 * @throws {TypeError} when a count is not a number.
 * @throws {RangeError} when a count is not an integer `>= 0`, or failures exceed trials.
 */
export function fisherExactTest(
  failuresA: number,
  trialsA: number,
  failuresB: number,
  trialsB: number,
): FisherExactResult {
  assertInteger('failuresA', failuresA);
  assertInteger('trialsA', trialsA);
  assertInteger('failuresB', failuresB);
  assertInteger('trialsB', trialsB);
  if (failuresA > trialsA) throw new RangeError(`failuresA (${failuresA}) cannot exceed trialsA (${trialsA})`);
  if (failuresB > trialsB) throw new RangeError(`failuresB (${failuresB}) cannot exceed trialsB (${trialsB})`);
  const total = trialsA + trialsB;
  const failures = failuresA + failuresB;
  const low = Math.max(0, trialsA - (total - failures));
  const high = Math.min(failures, trialsA);
  if (low === high) return { greater: 1, less: 1, twoSided: 1 };

  const logPmf = new Float64Array(high - low + 1);
  const logNorm = logChoose(total, trialsA);
  let max = -Infinity;
  const logPmfAt = (x: number): number => logChoose(failures, x) + logChoose(total - failures, trialsA - x) - logNorm;
  for (let x = low; x <= high; x++) {
    const value = logPmfAt(x);
    logPmf[x - low] = value;
    if (value > max) max = value;
  }
  // Observed table and R's tie tolerance: tables within a relative 1e-7 of it count as "as extreme".
  const observed = logPmfAt(failuresA);
  const tieLimit = observed + Math.log1p(1e-7);
  let all = 0;
  let greater = 0;
  let less = 0;
  let twoSided = 0;
  for (const [offset, value] of logPmf.entries()) {
    const x = low + offset;
    const w = Math.exp(value - max);
    all += w;
    if (x >= failuresA) greater += w;
    if (x <= failuresA) less += w;
    if (value <= tieLimit) twoSided += w;
  }
  return {
    greater: Math.min(1, greater / all),
    less: Math.min(1, less / all),
    twoSided: Math.min(1, twoSided / all),
  };
}
