import { dimensionBound } from '../src/bound/dimensionBound.js';
import { paperConstruction } from '../src/construction/paperConstruction.js';
import { measureDimension } from '../src/harness/measureDimension.js';
import { sampleTarget } from '../src/harness/sampleTarget.js';
import { statisticalProperty } from '../src/harness/statisticalProperty.js';
import { trialOutcome } from '../src/harness/trialOutcome.js';
import { deriveSeed } from '../src/random/deriveSeed.js';
import { fisherExactTest } from '../src/statistics/fisherExact.js';
import type { SparseTarget } from '../src/targets/sparseTarget.js';
import { VALIDATION_CONFIGS } from './_internals/theoremConfigs.js';

/** Level of the one-sided exact test "the implementation fails more often than the paper's construction". */
const ALPHA = 1e-3;
const L = 24;

/**
 * **As strong as the paper's construction (differential).** At the dimension
 * where the built-in construction succeeds about half the time — where a
 * weaker construction shows most — the implementation and the built-in one
 * get the same targets and seeds, and their failure rates are compared with
 * Fisher's exact test (one-sided, level 1e-3). A construction correct in form
 * but wasteful (for example one that uses only half of its columns) passes
 * the loose bound at `d*` but fails here.
 */
export const differentialStrength = statisticalProperty({
  name: 'differential-strength',
  lemma: 'Theorem (strength vs the paper)',
  claim: "at the dimension where the paper's construction succeeds about half the time, the implementation does not fail more often (Fisher exact, one-sided)",
  defaultRuns: 60,
  async evaluate(construction, seed, runs, onProgress) {
    const config = VALIDATION_CONFIGS[0]!;
    const { epsilon, gamma } = config;
    const targets = { ...config.targets, minL: L, maxL: L };
    const dStar = dimensionBound({ L, S: config.S, epsilon, gamma, kappa: config.kappa, delta: 0.1 });
    const half = await measureDimension(paperConstruction, { L, epsilon, gamma, targets: config.targets, trials: 20, success: 0.5, maxD: dStar, seed: deriveSeed(seed, 1) });
    const d = half.d ?? dStar;
    let implFailures = 0;
    let referenceFailures = 0;
    let example: SparseTarget | undefined;
    for (let t = 0; t < runs; t++) {
      const trialSeed = deriveSeed(deriveSeed(seed, 2), t);
      const target = sampleTarget(targets, trialSeed);
      const trial = { target, epsilon, gamma, d, seed: trialSeed };
      if ((await trialOutcome(construction, trial)).status !== 'pass') {
        implFailures++;
        example ??= target;
      }
      if ((await trialOutcome(paperConstruction, trial)).status !== 'pass') referenceFailures++;
      onProgress?.((t + 1) / runs);
    }
    const test = fisherExactTest(implFailures, runs, referenceFailures, runs);
    const figures = {
      d,
      'implementation failure rate': implFailures / runs,
      'reference failure rate': referenceFailures / runs,
      'p (implementation worse)': test.greater,
      alpha: ALPHA,
    };
    const weaker = test.greater < ALPHA;
    return {
      trials: 2 * runs,
      failure: weaker
        ? `at d = ${d} (L = ${L}, S = ${config.S}, epsilon = ${epsilon}) the implementation failed ${implFailures} of ${runs} trials, the paper's construction ${referenceFailures} of the same ${runs} (Fisher exact one-sided p = ${test.greater.toExponential(2)} < ${ALPHA}): weaker than the paper's construction`
        : null,
      figures,
      summary: `failure rates ${implFailures}/${runs} vs ${referenceFailures}/${runs} at d = ${d}`,
      ...(weaker && example !== undefined ? { exampleTarget: example } : {}),
      parameters: { d, L, implFailures, referenceFailures },
    };
  },
});
