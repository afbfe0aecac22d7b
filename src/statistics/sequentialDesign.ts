import { binomialUpperTail } from './binomialTail.js';
import type { SequentialBoundaries } from './sequentialLikelihoodRatio.js';
import { sequentialOperatingCharacteristic } from './sequentialOperatingCharacteristic.js';
import { assertInteger, assertNumber, assertOpenProbability } from './validate.js';

/*
 * The test: trials fail independently with an unknown rate p. H0: p <= p0 (the
 * promise holds) against H1: p = p1 > p0. After n trials with F failures the
 * log-likelihood ratio is
 *
 *   Λ_n = F·ln(p1/p0) + (n − F)·ln((1 − p1)/(1 − p0)).
 *
 * Alarm threshold ln(1/alpha). Under p = p0 the ratio exp(Λ_n) is a non-negative
 * martingale with mean 1; under p < p0 each factor has mean
 * p·p1/p0 + (1 − p)(1 − p1)/(1 − p0) < 1 (the mean is increasing in p and equals 1
 * at p0), so it is a supermartingale. Ville's inequality, P(sup_n exp(Λ_n) >= 1/alpha)
 * <= alpha, therefore bounds the probability that the alarm threshold is EVER
 * reached under H0, whatever the stopping rule — the accept threshold and the
 * truncation only stop runs earlier and can only lower it.
 *
 * Accept threshold ln(beta). Wald's ln(beta/(1 − alpha)) is lower by
 * −ln(1 − alpha) ≈ alpha, negligible here; we use ln(beta) because the same
 * Ville argument applied to exp(−Λ_n), a martingale under p1, then proves
 * P(accept before truncation | p1) <= beta rigorously rather than approximately.
 *
 * Truncation at maxTrials: a run still undecided is judged by the exact binomial
 * test "alarm iff P(X >= F | maxTrials, p0) <= truncationAlpha". Two level-alpha
 * tests combined by "alarm if either alarms" could together reach 2·alpha, so the
 * budget is split — not half and half, but exactly: the probability
 * sequentialAlpha that the threshold is crossed within maxTrials at p = p0 is
 * computed exactly (sequentialOperatingCharacteristic), it is <= alpha by Ville,
 * and the truncation test gets the remainder, truncationAlpha = alpha − sequentialAlpha.
 * Union bound: P(alarm | p0) <= sequentialAlpha + P(X_maxTrials >= c | p0)
 * <= sequentialAlpha + truncationAlpha = alpha. For p < p0 the alarm probability
 * is smaller still: couple the runs through one uniform per trial (failure iff
 * U < p); raising p only turns successes into failures, which raises Λ_n at
 * every n, so every alarming path at the lower rate alarms at the higher one.
 */

/** Parameters of a truncated sequential test of a Bernoulli failure rate. */
export interface SequentialTestOptions {
  /** Promised failure rate (the null hypothesis is `p <= p0`), in `(0, 1)`. */
  readonly p0: number;
  /** Alternative rate the test is tuned to detect, in `(p0, 1]`. Default `2·p0`. */
  readonly p1?: number;
  /** False-alarm budget: P(alarm) <= alpha whenever `p <= p0`. In `(0, 1)`. */
  readonly alpha: number;
  /** Target probability of accepting when `p = p1`, in `(0, 1)`. Default `1e-3`. */
  readonly beta?: number;
  /** Truncation: the test decides at this many trials at the latest. Default {@link suggestedMaxTrials}. */
  readonly maxTrials?: number;
}

/** A fully calibrated test: the boundaries plus how the error budget is spent. */
export interface SequentialDesign extends SequentialBoundaries {
  readonly alpha: number;
  readonly beta: number;
  /** Exact P(alarm threshold reached within maxTrials | p = p0), `<= alpha` by Ville's inequality. */
  readonly sequentialAlpha: number;
  /** Level of the binomial test at truncation: `alpha − sequentialAlpha` (minus a rounding margin). */
  readonly truncationAlpha: number;
}

/**
 * A truncation point that is rarely reached: three times the largest of Wald's
 * approximate expected sample sizes at `p0`, at `p1`, and at the rate where the
 * log-likelihood ratio has zero drift (where the test is slowest,
 * `E[T] ≈ −ln(1/alpha)·ln(beta) / Var(step)`). When `p1 = 1` one success
 * accepts and `ceil(ln(1/alpha) / ln(1/p0))` failures in a row alarm, so that
 * count is returned. Overshoot is ignored, so these are estimates; the exact
 * truncation probability of any choice is given by
 * {@link sequentialOperatingCharacteristic}. `O(1)`.
 *
 * @example
 * suggestedMaxTrials(0.01, 0.02, 1e-8, 1e-3); // 54247
 * suggestedMaxTrials(0.5, 1, 1e-8, 1e-3);     // 27 (= ceil(ln(1e8) / ln 2))
 * @throws {TypeError} when an argument is not a number.
 * @throws {RangeError} when `0 < p0 < p1 <= 1` or `alpha, beta in (0, 1)` fails.
 */
export function suggestedMaxTrials(p0: number, p1: number, alpha: number, beta: number): number {
  checkRates(p0, p1);
  assertOpenProbability('alpha', alpha);
  assertOpenProbability('beta', beta);
  const upper = -Math.log(alpha);
  const lower = Math.log(beta);
  const a = Math.log(p1 / p0);
  const b = Math.log1p(-p1) - Math.log1p(-p0);
  if (!Number.isFinite(b)) return Math.max(1, Math.ceil(upper / a));
  // Wald: E[T] ≈ E[Λ_T] / E[step], with Λ_T approximated by the threshold it stops at.
  const drift0 = p0 * a + (1 - p0) * b; // −KL(p0 || p1) < 0
  const drift1 = p1 * a + (1 - p1) * b; // +KL(p1 || p0) > 0
  const asn0 = ((1 - alpha) * lower + alpha * upper) / drift0;
  const asn1 = ((1 - beta) * upper + beta * lower) / drift1;
  // Zero drift at pStar: a driftless walk exits (lower, upper) after about −lower·upper / variance steps.
  const pStar = -b / (a - b);
  const asnStar = (-lower * upper) / ((a - b) * (a - b) * pStar * (1 - pStar));
  return Math.ceil(3 * Math.max(asn0, asn1, asnStar, 1));
}

function checkRates(p0: number, p1: number): void {
  assertOpenProbability('p0', p0);
  assertNumber('p1', p1);
  if (!(p1 > p0 && p1 <= 1)) throw new RangeError(`p1 must lie in (p0, 1] = (${p0}, 1], got ${p1}`);
}

/**
 * Calibrates a truncated sequential probability ratio test of a Bernoulli
 * failure rate, `H0: p <= p0` against `H1: p = p1` (default `p1 = 2·p0`):
 * alarm threshold `ln(1/alpha)`, accept threshold `ln(beta)`, and at `maxTrials`
 * an exact binomial test at level `alpha − sequentialAlpha`, where
 * `sequentialAlpha` is the exactly computed probability, at `p = p0`, that the
 * alarm threshold is crossed before truncation. Guarantee: P(alarm) <= alpha for
 * every `p <= p0` (Ville's inequality for the sequential part, the union bound
 * for the truncation part, monotonicity in `p` by coupling — see the comment at
 * the top of this file). Time `O(maxTrials · w)` with `w` about
 * `ln(1/(alpha·beta)) / ln(p1/p0)` (one run of the exact operating characteristic).
 *
 * @example
 * const design = designSequentialTest({ p0: 0.01, alpha: 1e-8 });
 * design.p1;             // 0.02
 * design.alarmThreshold; // 18.420680743952367 (= ln 1e8)
 * design.acceptThreshold; // -6.907755278982137 (= ln 1e-3)
 * design.sequentialAlpha; // ≈ 7.92e-9 (exact; Ville's bound is 1e-8)
 * design.sequentialAlpha + design.truncationAlpha <= 1e-8; // true
 * @throws {TypeError} when an option is not a number.
 * @throws {RangeError} when `p0` is outside `(0, 1)`, `p1` outside `(p0, 1]` (in particular when
 *   `p0 > 0.5` and no `p1` is given), `alpha` or `beta` outside `(0, 1)`, or `maxTrials` is not an integer `>= 1`.
 */
export function designSequentialTest(options: SequentialTestOptions): SequentialDesign {
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
  const { p0, alpha } = options;
  assertOpenProbability('p0', p0);
  const p1 = options.p1 ?? 2 * p0;
  if (options.p1 === undefined && p1 > 1)
    throw new RangeError(`the default alternative p1 = 2·p0 = ${p1} exceeds 1; give p1 explicitly`);
  checkRates(p0, p1);
  assertOpenProbability('alpha', alpha);
  const beta = options.beta ?? 1e-3;
  assertOpenProbability('beta', beta);
  const maxTrials = options.maxTrials ?? suggestedMaxTrials(p0, p1, alpha, beta);
  assertInteger('maxTrials', maxTrials, 1);

  const sequential: SequentialBoundaries = {
    p0,
    p1,
    maxTrials,
    failureStep: Math.log(p1 / p0),
    successStep: Math.log1p(-p1) - Math.log1p(-p0),
    alarmThreshold: -Math.log(alpha),
    acceptThreshold: Math.log(beta),
    truncationCriticalFailures: maxTrials + 1,
  };
  const sequentialAlpha = sequentialOperatingCharacteristic(sequential, p0).sequentialAlarm;
  // Ville guarantees sequentialAlpha <= alpha; the 1e-9 relative margin covers the
  // rounding of the exact computation (its relative error is about 1e-12).
  const truncationAlpha = Math.max(0, alpha - sequentialAlpha * (1 + 1e-9) - alpha * 1e-12);
  return {
    ...sequential,
    alpha,
    beta,
    sequentialAlpha,
    truncationAlpha,
    truncationCriticalFailures: truncationCriticalCount(maxTrials, p0, truncationAlpha),
  };
}

/** Smallest c with P(X >= c | n, p0) <= level (the tail decreases in c); n + 1 when none. O(log n) tails. */
function truncationCriticalCount(n: number, p0: number, level: number): number {
  if (level <= 0) return n + 1;
  let lo = 0; // tail(0) = 1 > level
  let hi = n + 1; // tail(n + 1) = 0 <= level
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (binomialUpperTail(mid, n, p0) <= level) hi = mid;
    else lo = mid;
  }
  return hi;
}
