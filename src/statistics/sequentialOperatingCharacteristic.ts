import type { SequentialBoundaries } from './sequentialLikelihoodRatio.js';
import { sequentialLogLikelihoodRatio } from './sequentialLikelihoodRatio.js';
import { assertProbability } from './validate.js';

/** Exact probabilities of the outcomes of a truncated sequential rate test at one failure rate. */
export interface OperatingCharacteristic {
  /** The failure rate these probabilities are computed for. */
  readonly p: number;
  /** P(the test ends in "alarm"), by either route: `sequentialAlarm + truncationAlarm`. */
  readonly alarm: number;
  /** P(the test ends in "accept"): `sequentialAccept + truncated − truncationAlarm`. */
  readonly accept: number;
  /** P(the log-likelihood ratio reaches the alarm threshold within `maxTrials` trials). */
  readonly sequentialAlarm: number;
  /** P(the log-likelihood ratio reaches the accept threshold within `maxTrials` trials). */
  readonly sequentialAccept: number;
  /** P(neither threshold is reached within `maxTrials` trials: the truncation rule decides). */
  readonly truncated: number;
  /** P(truncated and the failure count at `maxTrials` is at least `truncationCriticalFailures`). */
  readonly truncationAlarm: number;
  /** Expected number of trials until the decision, `E[T] = sum_{n >= 0} P(T > n)`. */
  readonly expectedTrials: number;
}

/**
 * Exact operating characteristic of a truncated sequential rate test (see
 * {@link designSequentialTest}) when every trial fails independently with
 * probability `p`: the probability of each decision route and the expected
 * number of trials. No simulation: the distribution of the failure count among
 * the runs that are still undecided is propagated trial by trial.
 *
 * Why this is cheap: after `n` trials the log-likelihood ratio is
 * `F·a + (n − F)·b` with `a > 0 > b`, increasing in the failure count `F`, so the
 * undecided runs occupy an interval of `F` of width at most
 * `(alarmThreshold − acceptThreshold) / (a − b) + 1` (about 30 for `p1 = 2 p0`,
 * `alpha = 1e-8`, `beta = 1e-3`). Time `O(maxTrials · width)`, memory `O(maxTrials)`.
 * The decisions use {@link sequentialLogLikelihoodRatio}, the same function the
 * online test uses, so the two agree bit for bit on every path. Rounding: the
 * probabilities are sums of positive terms, relative error about `1e-12`.
 *
 * @example
 * const design = designSequentialTest({ p0: 0.1, alpha: 0.05, beta: 0.05, maxTrials: 500 });
 * const oc = sequentialOperatingCharacteristic(design, 0.1);
 * oc.alarm;          // ≈ 0.03706 (<= alpha = 0.05: the false-alarm guarantee, computed exactly)
 * oc.expectedTrials; // ≈ 76.9
 * sequentialOperatingCharacteristic(design, 0.2).alarm; // ≈ 0.9546 (power at p1 = 2 p0)
 * @throws {TypeError} when `p` is not a number.
 * @throws {RangeError} when `p` is outside `[0, 1]`.
 */
export function sequentialOperatingCharacteristic(
  boundaries: SequentialBoundaries,
  p: number,
): OperatingCharacteristic {
  assertProbability('p', p);
  const { maxTrials, alarmThreshold, acceptThreshold, truncationCriticalFailures } = boundaries;
  // mass[F] = P(undecided after n trials with F failures); nonzero only on [lo, hi].
  const mass = new Float64Array(maxTrials + 2);
  mass[0] = 1;
  let lo = 0;
  let hi = 0;
  let sequentialAlarm = 0;
  let sequentialAccept = 0;
  let expectedTrials = 0;
  let undecided = 1;
  for (let n = 1; n <= maxTrials && undecided > 0; n++) {
    expectedTrials += undecided; // adds P(T > n − 1) = P(T >= n)
    // One more Bernoulli(p) trial: F stays with probability 1 − p, moves to F + 1 with probability p.
    // Descending order so that mass[F − 1] is still the previous trial's value when read.
    for (let f = hi + 1; f > lo; f--) mass[f] = mass[f]! * (1 - p) + mass[f - 1]! * p;
    mass[lo] = mass[lo]! * (1 - p);
    hi++;
    // The ratio increases with F: the alarm region is a top segment, the accept region a bottom one.
    while (hi >= lo && sequentialLogLikelihoodRatio(boundaries, hi, n) >= alarmThreshold) {
      sequentialAlarm += mass[hi]!;
      mass[hi--] = 0;
    }
    while (lo <= hi && sequentialLogLikelihoodRatio(boundaries, lo, n) <= acceptThreshold) {
      sequentialAccept += mass[lo]!;
      mass[lo++] = 0;
    }
    undecided = 0;
    for (let f = lo; f <= hi; f++) undecided += mass[f]!;
  }
  // Whatever is still undecided has reached maxTrials: the truncation rule alarms on F >= c.
  let truncated = 0;
  let truncationAlarm = 0;
  for (let f = lo; f <= hi; f++) {
    truncated += mass[f]!;
    if (f >= truncationCriticalFailures) truncationAlarm += mass[f]!;
  }
  return {
    p,
    alarm: sequentialAlarm + truncationAlarm,
    accept: sequentialAccept + (truncated - truncationAlarm),
    sequentialAlarm,
    sequentialAccept,
    truncated,
    truncationAlarm,
    expectedTrials,
  };
}
