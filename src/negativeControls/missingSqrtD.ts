import { denseMatrix } from '../matrix/denseMatrix.js';
import { brokenConstruction } from './brokenConstruction.js';

/**
 * Negative control: the `sqrt(d)` factor that cancels attention's
 * `1/sqrt(d)` scaling is missing, so the logits are `B G Gᵀ / sqrt(d)`: every
 * gap shrinks by `sqrt(d)` and (R2) fails at any useful `d`. Caught by the
 * theorem and by the projection law (L3) read through the logits.
 */
export const missingSqrtD = brokenConstruction({
  name: 'negative:missing-sqrt-d',
  defect: 'query side lacks the sqrt(d) factor (logits scaled by 1/sqrt(d))',
  caughtBy: ['l3-projection-law', 'theorem-at-dstar', 'predicted-failure-rate', 'logarithmic-growth'],
  assembly: (parts, d) => ({
    ...parts,
    WQ: denseMatrix(
      parts.WQ.rows,
      parts.WQ.cols,
      parts.WQ.data.map((w) => w / Math.sqrt(d)),
    ),
  }),
});
