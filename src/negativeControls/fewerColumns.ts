import { denseMatrix } from '../matrix/denseMatrix.js';
import { brokenConstruction } from './brokenConstruction.js';

/**
 * Negative control: only the first half of `G`'s columns carry randomness
 * (scaled by `sqrt 2` so every row keeps expected squared norm 1); the rest
 * are zero. The estimate stays unbiased and may still meet the loose bound,
 * but it behaves like a projection of dimension `d/2`: `d·‖g‖²` follows
 * `2·χ²(d/2)` instead of `χ²(d)`. Caught by the exact chi-square law (L3).
 */
export const fewerColumns = brokenConstruction({
  name: 'negative:fewer-columns',
  defect: 'only half of the projection columns are used (effective dimension d/2)',
  caughtBy: ['l3-projection-law'],
  projection: (G) => {
    const half = Math.ceil(G.cols / 2);
    return denseMatrix(
      G.rows,
      G.cols,
      G.data.map((g, t) => (t % G.cols < half ? g * Math.sqrt(G.cols / half) : 0)),
    );
  },
});
