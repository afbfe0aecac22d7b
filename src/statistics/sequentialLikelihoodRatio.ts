/*
 * The log-likelihood ratio of a sequential test of a Bernoulli failure rate,
 * p1 against p0, after F failures in n trials:
 *   Λ_n = F·ln(p1/p0) + (n − F)·ln((1 − p1)/(1 − p0)).
 * Kept in its own file so that the online test (sequentialTest.ts) and the exact
 * operating characteristic (sequentialOperatingCharacteristic.ts) share it.
 */

/** The decision rule of the test: everything {@link sequentialOperatingCharacteristic} needs. */
export interface SequentialBoundaries {
  readonly p0: number;
  readonly p1: number;
  readonly maxTrials: number;
  /** Increment of the log-likelihood ratio per failure, `ln(p1/p0) > 0`. */
  readonly failureStep: number;
  /** Increment per success, `ln((1 − p1)/(1 − p0)) < 0` (`−Infinity` when `p1 = 1`). */
  readonly successStep: number;
  /** Alarm as soon as the log-likelihood ratio is `>= ln(1/alpha)`. */
  readonly alarmThreshold: number;
  /** Accept as soon as the log-likelihood ratio is `<= ln(beta)`. */
  readonly acceptThreshold: number;
  /** At truncation, alarm iff the failure count is `>=` this (`maxTrials + 1` = never). */
  readonly truncationCriticalFailures: number;
}

/**
 * The log-likelihood ratio `F·failureStep + (n − F)·successStep` after
 * `failures = F` failures in `trials = n` trials, with `0·(−Infinity) = 0` (so a
 * run of pure failures is finite even when `p1 = 1`). Both the online test and
 * the exact operating characteristic call this one function, so they take the
 * same decision on every path, rounding included. `O(1)`; no validation (hot path).
 *
 * @example
 * const steps = { failureStep: Math.LN2, successStep: -0.1 };
 * sequentialLogLikelihoodRatio(steps, 3, 10); // ≈ 1.3794415417 (= 3·ln 2 − 7·0.1)
 */
export function sequentialLogLikelihoodRatio(
  steps: Pick<SequentialBoundaries, 'failureStep' | 'successStep'>,
  failures: number,
  trials: number,
): number {
  const successes = trials - failures;
  return (failures === 0 ? 0 : failures * steps.failureStep) + (successes === 0 ? 0 : successes * steps.successStep);
}
