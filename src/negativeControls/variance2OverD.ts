import { denseMatrix } from '../matrix/denseMatrix.js';
import { brokenConstruction } from './brokenConstruction.js';

/**
 * Negative control: the Gaussian projection is drawn with variance `2/d`
 * instead of `1/d` (the Rademacher draw is right), the slip of writing
 * `normal(0, sqrt(2/d))`. The logits then estimate `2B`: the margin doubles
 * (it looks stronger than the paper) but every log-ratio doubles too, an (R1)
 * spread of `ln kappa_i`. Unlike `negative:wrong-variance`, which scales every
 * projection, it must be caught on the Gaussian path alone: by the χ² law of
 * `d‖g‖²` (L3), and by the theorem and the rate test on rows whose dynamic
 * range exceeds `1 + epsilon`.
 */
export const variance2OverD = brokenConstruction({
  name: 'negative:variance-2-over-d',
  defect: 'Gaussian projection drawn with variance 2/d instead of 1/d',
  caughtBy: ['l3-projection-law', 'theorem-at-dstar', 'predicted-failure-rate'],
  projection: (G, kind) =>
    kind === 'gaussian'
      ? denseMatrix(
          G.rows,
          G.cols,
          G.data.map((g) => g * Math.SQRT2),
        )
      : G,
});
