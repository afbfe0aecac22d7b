import betaincinv from '@stdlib/math-base-special-betaincinv';
import { assertInteger, assertOpenProbability } from './validate.js';

/*
 * Clopper–Pearson ("exact") bounds invert the binomial tails. With k failures in
 * n trials and X ~ Bin(n, p):
 *
 *   upper bound p_U solves P(X <= k | p_U) = alpha, i.e. 1 − I_{p_U}(k+1, n−k) = alpha,
 *   lower bound p_L solves P(X >= k | p_L) = alpha, i.e.     I_{p_L}(k, n−k+1) = alpha,
 *
 * (see binomialTail.ts for the tail/beta identities), so p_U is the upper
 * alpha-quantile of Beta(k+1, n−k) and p_L the lower alpha-quantile of
 * Beta(k, n−k+1). betaincinv inverts the *upper* function directly, so a tiny
 * alpha such as 1e-9 is never rounded through 1 − alpha. Coverage: for every
 * true p, P(p <= p_U) >= 1 − alpha (and likewise for p_L), because the tails are
 * monotone in p; the bounds are conservative, never anti-conservative.
 */

/** A two-sided confidence interval for a binomial rate. */
export interface RateInterval {
  /** Lower end, in `[0, 1]`. */
  readonly lower: number;
  /** Upper end, in `[0, 1]`. */
  readonly upper: number;
}

function checkCounts(failures: number, trials: number): void {
  assertInteger('trials', trials);
  assertInteger('failures', failures);
  if (failures > trials) throw new RangeError(`failures (${failures}) cannot exceed trials (${trials})`);
}

/**
 * One-sided upper Clopper–Pearson bound at confidence `1 − alpha` for a rate
 * observed as `failures` out of `trials`: the `p` at which seeing at most
 * `failures` has probability exactly `alpha` (the `1 − alpha` quantile of
 * `Beta(failures + 1, trials − failures)`). Returns 1 when `failures = trials`
 * (including `trials = 0`). With no failures it is `1 − alpha^(1/trials)` in
 * closed form. `O(1)` incomplete-beta inversions.
 *
 * @example
 * clopperPearsonUpper(0, 10, 0.05);   // 0.2588655508930523 (= 1 − 0.05^(1/10))
 * clopperPearsonUpper(2, 100, 0.05);  // ≈ 0.0616192004 (true rate <= 6.2 % with 95 % confidence)
 * clopperPearsonUpper(10, 10, 0.05);  // 1
 * @throws {TypeError} when an argument is not a number.
 * @throws {RangeError} when the counts are not integers with `0 <= failures <= trials`, or `alpha` is outside `(0, 1)`.
 */
export function clopperPearsonUpper(failures: number, trials: number, alpha: number): number {
  checkCounts(failures, trials);
  assertOpenProbability('alpha', alpha);
  if (failures === trials) return 1;
  return betaincinv(alpha, failures + 1, trials - failures, true);
}

/**
 * One-sided lower Clopper–Pearson bound at confidence `1 − alpha`: the `p` at
 * which seeing at least `failures` has probability exactly `alpha` (the `alpha`
 * quantile of `Beta(failures, trials − failures + 1)`). Returns 0 when
 * `failures = 0`. With `failures = trials` it is `alpha^(1/trials)` in closed form.
 * `O(1)` incomplete-beta inversions.
 *
 * @example
 * clopperPearsonLower(10, 10, 0.05); // 0.7411344491069477 (= 0.05^(1/10))
 * clopperPearsonLower(0, 10, 0.05);  // 0
 * @throws {TypeError} when an argument is not a number.
 * @throws {RangeError} when the counts are not integers with `0 <= failures <= trials`, or `alpha` is outside `(0, 1)`.
 */
export function clopperPearsonLower(failures: number, trials: number, alpha: number): number {
  checkCounts(failures, trials);
  assertOpenProbability('alpha', alpha);
  if (failures === 0) return 0;
  return betaincinv(alpha, failures, trials - failures + 1);
}

/**
 * Two-sided Clopper–Pearson interval at confidence `1 − alpha`: the one-sided
 * lower and upper bounds, each at level `alpha / 2`. `O(1)`.
 *
 * @example
 * clopperPearsonInterval(5, 10, 0.05); // { lower: ≈ 0.1870860284, upper: ≈ 0.8129139716 }
 * clopperPearsonInterval(1, 10, 0.05); // { lower: ≈ 0.0025285785, upper: ≈ 0.4450161170 }
 * @throws {TypeError} when an argument is not a number.
 * @throws {RangeError} when the counts are not integers with `0 <= failures <= trials`, or `alpha` is outside `(0, 1)`.
 */
export function clopperPearsonInterval(failures: number, trials: number, alpha: number): RateInterval {
  assertOpenProbability('alpha', alpha);
  return {
    lower: clopperPearsonLower(failures, trials, alpha / 2),
    upper: clopperPearsonUpper(failures, trials, alpha / 2),
  };
}
