import { logitTarget } from '../construction/logitTarget.js';
import { brokenConstruction } from './brokenConstruction.js';

/**
 * Negative control: the logit target forgets the margin `Delta`
 * (`B_ij = ln(W_ij / min W_i)`), so the smallest support entry of every row
 * sits at the same logit as the zeros and (R2) fails. Caught by L1, L2 and the
 * theorem.
 */
export const noMargin = brokenConstruction({
  name: 'negative:no-margin',
  defect: 'logit target without the margin Delta',
  caughtBy: [
    'l1-logit-target',
    'l2-perturbation',
    'l3-projection-law',
    'theorem-at-dstar',
    'predicted-failure-rate',
    'logarithmic-growth',
  ],
  logitTarget: (target, precision) => {
    const B = logitTarget(target, precision);
    return { ...B, values: B.values.map((b) => b - B.Delta) };
  },
});
