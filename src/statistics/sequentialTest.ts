import { binomialUpperTail } from './binomialTail.js';
import { clopperPearsonUpper } from './clopperPearson.js';
import type { SequentialDesign, SequentialTestOptions } from './sequentialDesign.js';
import { designSequentialTest } from './sequentialDesign.js';
import { sequentialLogLikelihoodRatio } from './sequentialLikelihoodRatio.js';

function isDesign(options: SequentialTestOptions | SequentialDesign): options is SequentialDesign {
  return (
    options !== null &&
    typeof options === 'object' &&
    'sequentialAlpha' in options &&
    'truncationCriticalFailures' in options
  );
}

/** What the test says after a trial: keep going, or its final decision. */
export type SequentialDecision = 'continue' | 'alarm' | 'accept';

/** Which rule produced the final decision (`null` while undecided). */
export type SequentialDecisionRule = 'alarm-threshold' | 'accept-threshold' | 'truncation' | null;

/** The running state of a {@link SequentialRateTest}. */
export interface SequentialState {
  readonly trials: number;
  readonly failures: number;
  /** Log-likelihood ratio of `p1` against `p0` after these trials. */
  readonly llr: number;
  readonly decision: SequentialDecision;
  readonly decidedBy: SequentialDecisionRule;
}

/** Everything a report needs about a finished (or interrupted) test. */
export interface SequentialSummary extends SequentialState {
  readonly p0: number;
  readonly p1: number;
  readonly alpha: number;
  readonly beta: number;
  readonly maxTrials: number;
  readonly alarmThreshold: number;
  readonly acceptThreshold: number;
  /** `failures / trials` (0 before any trial). */
  readonly observedRate: number;
  /** One-sided Clopper–Pearson upper bound on the failure rate at confidence `1 − alpha`. */
  readonly upperBound: number;
  /** One-sided Clopper–Pearson upper bound at confidence 95 %. */
  readonly upperBound95: number;
  /** `P(X >= failures | trials, p0)`: exact binomial p-value of the counts (descriptive unless decided by truncation). */
  readonly binomialPValue: number;
  /** Level of the binomial test applied at truncation. */
  readonly truncationAlpha: number;
}

/**
 * A truncated sequential probability ratio test that a Bernoulli failure rate
 * does not exceed its promised value `p0` (calibrated by
 * {@link designSequentialTest}: alarm threshold `ln(1/alpha)`, accept threshold
 * `ln(beta)`, exact binomial test at `maxTrials`). Feed it one trial at a time;
 * it stops as soon as the evidence is decisive: when the promise holds, after
 * about `ln(1/beta) / KL(p0 || p1)` trials on average (≈ 2200 for `p0 = 0.01`,
 * `p1 = 0.02`, `beta = 1e-3`). Guarantee (a proof, not an approximation; see
 * {@link designSequentialTest}): whenever the true rate is `<= p0`,
 * P(decision = 'alarm') <= alpha.
 * Each `observe` is `O(1)` (the truncation's critical count is precomputed);
 * construction runs the exact calibration, `O(maxTrials · w)` (see the design).
 *
 * The Clopper–Pearson bounds in {@link SequentialRateTest.summary} are the
 * fixed-sample bounds for the counts observed; the data-dependent stopping time
 * means they are descriptive, not a second test.
 *
 * @example
 * const test = new SequentialRateTest({ p0: 0.1, alpha: 0.05, beta: 0.05 });
 * test.observe(false); // 'continue'
 * let decision = 'continue';
 * while (decision === 'continue') decision = test.observe(false);
 * decision;            // 'accept'
 * test.state().trials; // 26 (the first n with n·ln(0.8/0.9) <= ln 0.05)
 * @throws {TypeError} from the constructor when an option is not a number.
 * @throws {RangeError} from the constructor for an invalid option (see {@link designSequentialTest}).
 */
export class SequentialRateTest {
  /** The calibrated decision rule. */
  readonly design: SequentialDesign;
  private trials = 0;
  private failures = 0;
  private decision: SequentialDecision = 'continue';
  private decidedBy: SequentialDecisionRule = null;

  /**
   * @param options the test's parameters, calibrated here by {@link designSequentialTest}
   *   (`O(maxTrials · w)`), or a design already returned by it, reused as is (`O(1)`;
   *   handy when many runs share one configuration).
   */
  constructor(options: SequentialTestOptions | SequentialDesign) {
    this.design = isDesign(options) ? options : designSequentialTest(options);
  }

  /**
   * Records one trial (`failed = true` for a failure) and returns the decision:
   * `'alarm'` (the failure rate exceeds `p0`), `'accept'`, or `'continue'`.
   * `O(1)`.
   *
   * @example
   * new SequentialRateTest({ p0: 0.5, alpha: 0.01 }).observe(false); // 'accept' (p1 = 1: one success refutes it)
   * @throws {TypeError} when `failed` is not a boolean.
   * @throws {Error} when the test has already decided.
   */
  observe(failed: boolean): SequentialDecision {
    if (typeof failed !== 'boolean') throw new TypeError(`failed must be a boolean, got ${typeof failed}`);
    if (this.decision !== 'continue')
      throw new Error(`the sequential test has already decided '${this.decision}' after ${this.trials} trials`);
    this.trials++;
    if (failed) this.failures++;
    const design = this.design;
    const llr = sequentialLogLikelihoodRatio(design, this.failures, this.trials);
    if (llr >= design.alarmThreshold) this.decide('alarm', 'alarm-threshold');
    else if (llr <= design.acceptThreshold) this.decide('accept', 'accept-threshold');
    else if (this.trials >= design.maxTrials)
      // Truncation: F >= c  ⇔  P(X >= F | maxTrials, p0) <= truncationAlpha (c precomputed by the design).
      this.decide(this.failures >= design.truncationCriticalFailures ? 'alarm' : 'accept', 'truncation');
    return this.decision;
  }

  /**
   * The counts, the current log-likelihood ratio and the decision so far. `O(1)`.
   *
   * @example
   * new SequentialRateTest({ p0: 0.1, alpha: 0.05 }).state();
   * // { trials: 0, failures: 0, llr: 0, decision: 'continue', decidedBy: null }
   */
  state(): SequentialState {
    return {
      trials: this.trials,
      failures: this.failures,
      llr: sequentialLogLikelihoodRatio(this.design, this.failures, this.trials),
      decision: this.decision,
      decidedBy: this.decidedBy,
    };
  }

  /**
   * The state plus the test's parameters, the observed rate, the one-sided
   * Clopper–Pearson upper bounds at `1 − alpha` and 95 %, and the exact binomial
   * p-value of the counts under `p0`. `O(1)` incomplete-beta evaluations.
   *
   * @example
   * const t = new SequentialRateTest({ p0: 0.1, alpha: 0.05 });
   * for (let i = 0; i < 10; i++) t.observe(false);
   * t.summary().upperBound95; // 0.2588655508930523 (= 1 − 0.05^(1/10))
   */
  summary(): SequentialSummary {
    const d = this.design;
    return {
      ...this.state(),
      p0: d.p0,
      p1: d.p1,
      alpha: d.alpha,
      beta: d.beta,
      maxTrials: d.maxTrials,
      alarmThreshold: d.alarmThreshold,
      acceptThreshold: d.acceptThreshold,
      observedRate: this.trials === 0 ? 0 : this.failures / this.trials,
      upperBound: clopperPearsonUpper(this.failures, this.trials, d.alpha),
      upperBound95: clopperPearsonUpper(this.failures, this.trials, 0.05),
      binomialPValue: binomialUpperTail(this.failures, this.trials, d.p0),
      truncationAlpha: d.truncationAlpha,
    };
  }

  private decide(decision: SequentialDecision, rule: SequentialDecisionRule): void {
    this.decision = decision;
    this.decidedBy = rule;
  }
}
