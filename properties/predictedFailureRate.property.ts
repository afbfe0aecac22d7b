import { failureProbability } from '../src/bound/failureProbability.js';
import { smallestDimension } from '../src/bound/smallestDimension.js';
import { sampleTarget } from '../src/harness/sampleTarget.js';
import { statisticalProperty } from '../src/harness/statisticalProperty.js';
import type { TheoremProperty } from '../src/harness/theoremProperty.js';
import { trialOutcome } from '../src/harness/trialOutcome.js';
import { deriveSeed } from '../src/random/deriveSeed.js';
import { bonferroniAlpha } from '../src/statistics/bonferroni.js';
import { suggestedMaxTrials } from '../src/statistics/sequentialDesign.js';
import { SequentialRateTest } from '../src/statistics/sequentialTest.js';
import type { SparseTarget } from '../src/targets/sparseTarget.js';
import { formatVerdictLine } from './_internals/formatVerdictLine.js';
import { THEOREM_CONFIGS, type TheoremConfig } from './_internals/theoremConfigs.js';

/** Overall false-alarm budget, split over the configurations. */
const ALPHA = 1e-6;
const BETA = 1e-3;

export interface RateConfig {
  readonly theorem: TheoremConfig;
  readonly L: number;
  /** The promised failure probability the dimension is chosen for. */
  readonly promised: number;
}

/** Two theorem settings, each at a dimension where p(d) is about 0.3 and about 0.05 (inside [0.01, 0.5]). */
const RATE_CONFIGS: readonly RateConfig[] = [
  { theorem: THEOREM_CONFIGS[0]!, L: 32, promised: 0.3 },
  { theorem: THEOREM_CONFIGS[0]!, L: 32, promised: 0.05 },
  { theorem: THEOREM_CONFIGS[1]!, L: 12, promised: 0.3 },
  { theorem: THEOREM_CONFIGS[1]!, L: 12, promised: 0.05 },
];

/**
 * **The predicted probability (L4, the union bound).** At a dimension
 * `d < d*` where the theorem promises failure probability `p(d)` between
 * 0.01 and 0.5, the failure rate over independent trials (fresh target, fresh
 * projection) does not exceed `p(d)`. Decided per configuration by a truncated
 * sequential probability ratio test of `p ≤ p(d)` against `p = 2·p(d)`
 * (alarm at `ln(1/alpha)`, `alpha = 1e-6` split over the configurations,
 * `beta = 1e-3`); an inconclusive verdict counts as a failure. See
 * docs/statistics.md for why a correct construction essentially never trips it.
 */
export const predictedFailureRate = predictedFailureRateProperty('predicted-failure-rate', RATE_CONFIGS);

/**
 * The rate property over other configurations, under its own name (records
 * replay by name). The validation of outside implementations uses small ones,
 * whose dimensions keep protocol messages small.
 */
export function predictedFailureRateProperty(name: string, rateConfigs: readonly RateConfig[]): TheoremProperty {
  return statisticalProperty({
    name,
    lemma: 'L4 (p(d) bounds the failure rate)',
    claim: 'at d < d* with p(d) in [0.01, 0.5] the observed failure rate does not exceed p(d) (truncated SPRT)',
    defaultRuns: 150,
    async evaluate(construction, seed, runs, onProgress) {
      const alpha = bonferroniAlpha(ALPHA, rateConfigs.length);
      const figures: Record<string, number | string | boolean> = { alphaPerConfiguration: alpha, beta: BETA };
      const failures: string[] = [];
      let trials = 0;
      let example: SparseTarget | undefined;
      let parameters: Record<string, unknown> | undefined;
      for (const [c, config] of rateConfigs.entries()) {
        const { theorem, L } = config;
        const params = { L, S: theorem.S, epsilon: theorem.epsilon, gamma: theorem.gamma, kappa: theorem.kappa };
        const d = smallestDimension({ ...params, delta: config.promised });
        const p0 = failureProbability(params, d);
        const p1 = Math.min(2 * p0, 0.999);
        const maxTrials = Math.max(runs, suggestedMaxTrials(p0, p1, alpha, BETA));
        const test = new SequentialRateTest({ p0, p1, alpha, beta: BETA, maxTrials });
        let decision = test.state().decision;
        let firstFailure: string | undefined;
        for (let t = 0; decision === 'continue'; t++) {
          const trialSeed = deriveSeed(deriveSeed(seed, c), t);
          const target = sampleTarget({ ...theorem.targets, minL: L, maxL: L }, trialSeed);
          const verdict = await trialOutcome(construction, {
            target,
            epsilon: theorem.epsilon,
            gamma: theorem.gamma,
            d,
            seed: trialSeed,
          });
          const failed = verdict.status !== 'pass';
          if (failed && firstFailure === undefined) {
            firstFailure = `trial ${t} (seed ${trialSeed}): ${formatVerdictLine(verdict)}`;
            example ??= target;
          }
          decision = test.observe(failed);
        }
        onProgress?.((c + 1) / rateConfigs.length);
        const summary = test.summary();
        trials += summary.trials;
        const tag = `${theorem.name} L=${L} d=${d}`;
        figures[`${tag} p(d)`] = Number(p0.toPrecision(4));
        figures[`${tag} trials`] = summary.trials;
        figures[`${tag} failures`] = summary.failures;
        figures[`${tag} CP upper`] = Number(summary.upperBound.toPrecision(4));
        figures[`${tag} decision`] = summary.decision;
        if (summary.decision === 'alarm') {
          failures.push(
            `${tag}: ${summary.failures} failures in ${summary.trials} trials exceed the promised p(d) = ${p0.toPrecision(4)} (SPRT alarm by ${summary.decidedBy}, observed rate ${summary.observedRate.toPrecision(3)}); first failure: ${firstFailure}`,
          );
          parameters ??= { configuration: tag, d, p0, trials: summary.trials, failures: summary.failures };
        }
      }
      return {
        trials,
        failure: failures.length === 0 ? null : failures.join('; '),
        figures,
        summary:
          failures.length === 0
            ? `${rateConfigs.length} configurations accepted in ${trials} trials`
            : `${failures.length} of ${rateConfigs.length} configurations alarm`,
        ...(example !== undefined ? { exampleTarget: example } : {}),
        ...(parameters !== undefined ? { parameters } : {}),
      };
    },
  });
}
