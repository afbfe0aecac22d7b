import type { Construction } from '../src/construction/construction.js';
import { paperConstruction } from '../src/construction/paperConstruction.js';
import { constructionNamed } from '../src/harness/constructions.js';
import { sampleTarget } from '../src/harness/sampleTarget.js';
import { statisticalProperty } from '../src/harness/statisticalProperty.js';
import type { TheoremProperty } from '../src/harness/theoremProperty.js';
import { deriveSeed } from '../src/random/deriveSeed.js';
import { signedRankTest } from '../src/statistics/signedRankTest.js';
import { dimensionGrid } from '../src/sweep/dimensionGrid.js';
import { trialCriticalDimension } from '../src/sweep/trialCriticalDimension.js';
import type { SparseTarget } from '../src/targets/sparseTarget.js';
import { VALIDATION_CONFIGS } from './_internals/theoremConfigs.js';

/** Level of the one-sided test "the implementation needs more dimension than the reference". */
export const DIFFERENTIAL_ALPHA = 1e-6;
/**
 * Permutations of length 256 at epsilon = gamma = 0.9: many rows make each trial's critical
 * dimension (set by its worst row) concentrate, so a 10 % shift shows in about 100 pairs.
 */
const L = 256;
/** Top of the grid: about three times the paper's critical dimension here (35–55); a trial failing there counts as needing more. */
const MAX_D = 128;
/** Grid resolution: every integer up to 100, then steps of 2 %. */
const RESOLUTION = 0.02;

/**
 * **As strong as the reference (differential).** For each trial (a target of
 * `L = 256` and a seed) both constructions get the same target and seed, and
 * each one's critical dimension — the smallest `d` on the sweep's grid at
 * which that trial succeeds, found by the sweep's bisection — is measured.
 * The paired differences `ln c_impl − ln c_ref` (`+∞` when only the
 * implementation fails even at the grid's top) go to Wilcoxon's signed-rank
 * test with its exact null law, one-sided: the property fails only when the
 * implementation needs significantly MORE dimension (level 1e-6).
 *
 * Each dimension's projection is drawn from its own seed `deriveSeed(seed, d)`,
 * so the outcomes of one trial at different `d` are independent and the law of
 * its critical dimension depends only on the success probability at each `d`
 * (the bisection result only decreases when an outcome turns from failure to
 * success). A correct implementation of the paper's construction therefore has
 * the reference's law given the target, and the differences are symmetric
 * (exact level); a construction at least as likely to succeed at every `d` has
 * stochastically smaller critical dimensions, and `W+` only decreases with them,
 * so it passes with probability at least `1 − 1e-6`.
 */
export function differentialStrengthAgainst(reference: Construction): TheoremProperty {
  const property = statisticalProperty({
    name: 'differential-strength',
    lemma: 'Theorem (strength vs the paper)',
    claim: `paired on the same targets and seeds, the implementation's critical dimension is not larger than that of ${reference.name} (Wilcoxon signed-rank, one-sided, level ${DIFFERENTIAL_ALPHA})`,
    defaultRuns: 100,
    async evaluate(construction, seed, runs, onProgress) {
      const config = VALIDATION_CONFIGS[0]!;
      const { epsilon, gamma } = config;
      const grid = dimensionGrid(MAX_D, RESOLUTION);
      const differences: number[] = [];
      const implCritical: number[] = [];
      const refCritical: number[] = [];
      let worst: { gap: number; target: SparseTarget; trial: number } | undefined;
      for (let t = 0; t < runs; t++) {
        const trialSeed = deriveSeed(deriveSeed(seed, 2), t);
        const trial = {
          target: sampleTarget({ ...config.targets, minL: L, maxL: L }, trialSeed),
          epsilon,
          gamma,
          seed: trialSeed,
          seedPerDimension: true,
        };
        const impl = (await trialCriticalDimension(construction, trial, grid)).critical ?? Infinity;
        const ref = (await trialCriticalDimension(reference, trial, grid)).critical ?? Infinity;
        implCritical.push(impl);
        refCritical.push(ref);
        const gap = impl === ref ? 0 : Math.log(impl) - Math.log(ref);
        differences.push(gap);
        if (gap > 0 && (worst === undefined || gap > worst.gap)) worst = { gap, target: trial.target, trial: t };
        onProgress?.((t + 1) / runs);
      }
      const test = signedRankTest(differences);
      const more = differences.filter((x) => x > 0).length;
      const less = differences.filter((x) => x < 0).length;
      const figures = {
        reference: reference.name,
        L,
        'grid top': MAX_D,
        'median critical d (implementation)': median(implCritical),
        'median critical d (reference)': median(refCritical),
        'trials needing more / less / same': `${more} / ${less} / ${runs - more - less}`,
        'W+': test.wPlus,
        'p (implementation needs more)': test.greater,
        alpha: DIFFERENTIAL_ALPHA,
      };
      const weaker = test.greater < DIFFERENTIAL_ALPHA;
      return {
        trials: 2 * runs,
        failure: weaker
          ? `over ${runs} paired trials (L = ${L}, S = ${config.S}, epsilon = ${epsilon}, gamma = ${gamma}) the implementation needed more dimension than ${reference.name} in ${more} and less in ${less} (median critical d ${median(implCritical)} vs ${median(refCritical)}; Wilcoxon signed-rank one-sided p = ${test.greater.toExponential(2)} < ${DIFFERENTIAL_ALPHA}): weaker than ${reference.name}` +
            (worst !== undefined
              ? `; worst trial ${worst.trial}: critical d ${implCritical[worst.trial]} vs ${refCritical[worst.trial]}`
              : '')
          : null,
        figures,
        summary: `critical d median ${median(implCritical)} vs ${median(refCritical)} (${reference.name}), more/less ${more}/${less}, p = ${test.greater.toExponential(2)}`,
        ...(weaker && worst !== undefined ? { exampleTarget: worst.target } : {}),
        parameters: { reference: reference.name, L, maxD: MAX_D, resolution: RESOLUTION, wPlus: test.wPlus, n: test.n },
      };
    },
  });
  return {
    ...property,
    // A record names its reference; replaying it compares with that one again.
    replay: (record, construction) => {
      const name = record.parameters.reference;
      const again =
        typeof name === 'string' && name !== reference.name
          ? differentialStrengthAgainst(constructionNamed(name))
          : property;
      return again === property ? property.replay(record, construction) : again.replay(record, construction);
    },
  };
}

/** Median of critical dimensions (the upper one for an even count), as `"> top"` when it is a trial that never succeeded. */
function median(values: readonly number[]): number | string {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted[sorted.length >> 1];
  return middle === undefined ? 'none' : Number.isFinite(middle) ? middle : `> ${MAX_D}`;
}

/** The differential property against the paper's construction (what `--reference paper` runs). */
export const differentialStrength = differentialStrengthAgainst(paperConstruction);
