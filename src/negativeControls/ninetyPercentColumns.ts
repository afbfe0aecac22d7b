import { denseMatrix } from '../matrix/denseMatrix.js';
import { brokenConstruction } from './brokenConstruction.js';

/** Share of `G`'s columns the control keeps. */
const KEPT = 0.9;

/**
 * Negative control: only the first `u = ceil(0.9·d)` of `G`'s `d` columns are
 * used, rescaled by `sqrt(d/u)` (about `sqrt(1/0.9)`) so that the estimate
 * `B G Gᵀ` stays unbiased; the rest are zero. The construction then behaves
 * like one of dimension `0.9·d`: it needs about 10 % more dimension than the
 * paper's and still meets the loose bound at `d*`. Caught by the projection
 * law (L3): a Gaussian `G` with `L > d` rows has rank `d` (its `d`-th Gram
 * eigenvalue is far from 0 except with a probability below 1e-15), and a
 * Rademacher one puts `d⟨g, g'⟩` on the even integers, which the rescaling
 * leaves. (At `d < 10`, `u = d`: no defect.)
 */
export const ninetyPercentColumns = brokenConstruction({
  name: 'negative:ninety-percent-columns',
  defect: 'only 90 % of the projection columns are used (rescaled by sqrt(1/0.9), unbiased)',
  caughtBy: ['l3-projection-law'],
  projection: (G) => {
    const used = Math.ceil(KEPT * G.cols);
    const scale = Math.sqrt(G.cols / used);
    return denseMatrix(
      G.rows,
      G.cols,
      G.data.map((g, t) => (t % G.cols < used ? g * scale : 0)),
    );
  },
});
