import { logitTarget } from '../construction/logitTarget.js';
import { brokenConstruction } from './brokenConstruction.js';

/**
 * Negative control: the logit target uses `Delta + ln W_ij` without dividing
 * by the row minimum, so it is not invariant under rescaling a row: a row
 * scaled by 1e-100 puts its support 230 below the zeros. Caught by L1 and the
 * theorem whenever row scales vary (the generators spread them over hundreds
 * of orders of magnitude).
 */
export const missingRowNormalisation = brokenConstruction({
  name: 'negative:missing-row-normalisation',
  defect: 'logit target not normalised by the row minimum (not row-rescaling invariant)',
  caughtBy: ['l1-logit-target', 'l2-perturbation', 'theorem-at-dstar', 'predicted-failure-rate', 'logarithmic-growth'],
  logitTarget: (target, precision) => {
    const B = logitTarget(target, precision);
    const values = B.values.slice();
    for (let i = 0; i < target.L; i++)
      for (let p = target.rowPtr[i]!; p < target.rowPtr[i + 1]!; p++) values[p] = B.Delta + target.logValues[p]!;
    return { ...B, values };
  },
});
