import fc from 'fast-check';
import { dimensionBound } from '../src/bound/dimensionBound.js';
import type { Layout, Projection } from '../src/certificates/certificate.js';
import { sparseTarget } from '../src/generators/sparseTarget.js';
import { fastCheckProperty, type FastCheckTheoremProperty } from '../src/harness/fastCheckProperty.js';
import type { SparseTarget } from '../src/targets/sparseTarget.js';
import { trialLayout, trialOutcome } from '../src/harness/trialOutcome.js';
import { formatVerdictLine } from './_internals/formatVerdictLine.js';
import { THEOREM_CONFIGS, theoremConfig, type TheoremConfig } from './_internals/theoremConfigs.js';

/** Failure probability the dimension is chosen for: small enough that a correct construction essentially never fails a run. */
export const THEOREM_DELTA = 1e-6;

/** A case of the theorem at `d*`: a parameter set, a target drawn under it, the layout, the projection and its seed. */
export interface TheoremCase {
  readonly config: TheoremConfig;
  readonly target: SparseTarget;
  readonly layout: Layout;
  readonly projection: Projection;
  /** Seed of the projection draw (not shrunk: a trial's randomness is not an input to simplify). */
  readonly trialSeed: number;
}

/**
 * **The theorem at `d*`.** For every valid target with at most `S` entries
 * per row and column and dynamic range at most `kappa`, the construction at
 * `d = d*(L, S, epsilon, gamma, kappa, delta)` (epsilon, gamma)-approximates
 * it — with probability at least `1 − delta` over the projection; `delta` is
 * {@link THEOREM_DELTA}, so over a whole run a correct construction fails with
 * probability at most `runs · 1e-6`. Both layouts, both projections.
 */
export const theoremAtDStar = theoremAtDStarProperty(THEOREM_CONFIGS, 60);

/**
 * The theorem-at-`d*` property over other parameter sets (the validation of
 * outside implementations uses smaller ones, whose `d*` keeps protocol
 * messages small). Every config must be registered in `THEOREM_CONFIGS` or
 * `VALIDATION_CONFIGS` so its records replay.
 */
export function theoremAtDStarProperty(
  configs: readonly TheoremConfig[],
  defaultRuns: number,
): FastCheckTheoremProperty<TheoremCase> {
  return fastCheckProperty<TheoremCase>({
    name: 'theorem-at-dstar',
    lemma: 'Theorem (L1-L4)',
    claim: `at d = d*(delta = ${THEOREM_DELTA}) the construction (epsilon, gamma)-approximates every generated target`,
    defaultRuns,
    arbitrary: fc.oneof(
      ...configs.map((config) =>
        fc.record({
          config: fc.constant(config),
          target: sparseTarget(config.targets),
          layout: fc.constantFrom<Layout>('projected', 'fixed'),
          projection: fc.constantFrom<Projection>('gaussian', 'rademacher'),
          trialSeed: fc.noShrink(fc.nat()),
        }),
      ),
    ),
    async check({ config, target, layout, projection, trialSeed }, construction) {
      const { epsilon, gamma } = config;
      const d = dimensionBound({ L: target.L, S: config.S, epsilon, gamma, kappa: config.kappa, delta: THEOREM_DELTA });
      const verdict = await trialOutcome(construction, {
        target,
        epsilon,
        gamma,
        d,
        seed: trialSeed,
        layout,
        projection,
      });
      return verdict.status === 'pass'
        ? null
        : `at d* = ${d} (${trialLayout(layout, d)} layout, ${projection}, seed ${trialSeed}): ${formatVerdictLine(verdict)}`;
    },
    // The record states the layout really used (the projected one gives way to the fixed one above
    // PROJECTED_LAYOUT_MAX_D) and the dimension d*; replay needs only the layout.
    describe: ({ config, target, layout, projection, trialSeed }) => {
      const d = dimensionBound({
        L: target.L,
        S: config.S,
        epsilon: config.epsilon,
        gamma: config.gamma,
        kappa: config.kappa,
        delta: THEOREM_DELTA,
      });
      return { target, parameters: { config: config.name, layout: trialLayout(layout, d), d, projection, trialSeed } };
    },
    restore: (p, target) => ({
      config: theoremConfig(p.config),
      target,
      layout: p.layout as Layout,
      projection: p.projection as Projection,
      trialSeed: p.trialSeed as number,
    }),
  });
}
