import fc from 'fast-check';
import { dimensionBound } from '../src/bound/dimensionBound.js';
import type { Layout, Projection } from '../src/certificates/certificate.js';
import { sparseTarget } from '../src/generators/sparseTarget.js';
import { fastCheckProperty } from '../src/harness/fastCheckProperty.js';
import type { SparseTarget } from '../src/targets/sparseTarget.js';
import { verifyCertificate } from '../src/verification/verifyCertificate.js';
import { formatVerdictLine } from './_internals/formatVerdictLine.js';
import { THEOREM_CONFIGS, theoremConfig, type TheoremConfig } from './_internals/theoremConfigs.js';

/** Failure probability the dimension is chosen for: small enough that a correct construction essentially never fails a run. */
export const THEOREM_DELTA = 1e-6;

interface TheoremCase {
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
export const theoremAtDStar = fastCheckProperty<TheoremCase>({
  name: 'theorem-at-dstar',
  lemma: 'Theorem (L1-L4)',
  claim: `at d = d*(delta = ${THEOREM_DELTA}) the construction (epsilon, gamma)-approximates every generated target`,
  defaultRuns: 60,
  arbitrary: fc.oneof(
    ...THEOREM_CONFIGS.map((config) =>
      fc.record({
        config: fc.constant(config),
        target: sparseTarget(config.targets),
        layout: fc.constantFrom<Layout>('projected', 'fixed'),
        projection: fc.constantFrom<Projection>('gaussian', 'rademacher'),
        trialSeed: fc.noShrink(fc.nat()),
      }),
    ),
  ),
  check({ config, target, layout, projection, trialSeed }, construction) {
    const { epsilon, gamma } = config;
    const d = dimensionBound({ L: target.L, S: config.S, epsilon, gamma, kappa: config.kappa, delta: THEOREM_DELTA });
    const cert = construction.construct(target, { epsilon, gamma, d, seed: trialSeed, layout: affordableLayout(layout, d), projection });
    const verdict = verifyCertificate(target, cert, { epsilon, gamma });
    return verdict.status === 'pass' ? null : `at d* = ${d} (${cert.layout ?? layout}, ${projection}, seed ${trialSeed}): ${formatVerdictLine(verdict)}`;
  },
  describe: ({ config, target, layout, projection, trialSeed }) => ({ target, parameters: { config: config.name, layout, projection, trialSeed } }),
  restore: (p, target) => ({
    config: theoremConfig(p.config),
    target,
    layout: p.layout as Layout,
    projection: p.projection as Projection,
    trialSeed: p.trialSeed as number,
  }),
});

/** Largest `d` at which the projected layout is used: its `WQ` is a dense `2d×d` matrix (32 MB at this size). */
export const PROJECTED_LAYOUT_MAX_D = 1448;

/**
 * The projected layout stores `WQ = [I_d; 0]` densely (`2d²` numbers), which at
 * the `d*` of the configurations with dynamic range (tens of thousands) would
 * need gigabytes; there the fixed layout (`m = 2L`) carries the same logits.
 */
function affordableLayout(layout: Layout, d: number): Layout {
  return layout === 'projected' && d > PROJECTED_LAYOUT_MAX_D ? 'fixed' : layout;
}
