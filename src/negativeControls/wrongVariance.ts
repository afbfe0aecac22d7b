import { denseMatrix } from '../matrix/denseMatrix.js';
import { brokenConstruction } from './brokenConstruction.js';

/**
 * Negative control: `G` has entries of variance `2/d` instead of `1/d`, so the
 * logits estimate `2B` instead of `B`: every log-ratio is doubled. Caught by
 * the projection's chi-square law (L3) and, on rows with dynamic range above
 * `1 + epsilon`, by the theorem itself.
 */
export const wrongVariance = brokenConstruction({
  name: 'negative:wrong-variance',
  defect: 'projection entries have variance 2/d instead of 1/d',
  caughtBy: ['l3-projection-law', 'theorem-at-dstar', 'predicted-failure-rate'],
  projection: (G) =>
    denseMatrix(
      G.rows,
      G.cols,
      G.data.map((g) => g * Math.SQRT2),
    ),
});
