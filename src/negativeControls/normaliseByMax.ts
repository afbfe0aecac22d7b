import { brokenConstruction } from './brokenConstruction.js';
import { rewriteLogits } from './rewriteLogits.js';

/**
 * Negative control: the logit target normalises each row by its **maximum**
 * instead of its minimum, `B_ij = Delta + ln(W_ij / max W_i)`. The ratios
 * inside a row stay exact, but the row's smallest entry sits only
 * `Delta − ln kappa_i` above the zeros, so (R2) fails on every row whose
 * dynamic range exceeds `1 + epsilon`. Invisible with `kappa = 1`; caught by L1
 * and L2 (margin above `−Delta`) and by the theorem and the rate test on the
 * parameter sets with dynamic range.
 */
export const normaliseByMax = brokenConstruction({
  name: 'negative:normalise-by-max',
  defect: 'logit target normalised by the row maximum instead of the minimum (B = Delta + ln(W / row max))',
  caughtBy: ['l1-logit-target', 'l2-perturbation', 'theorem-at-dstar', 'predicted-failure-rate'],
  logitTarget: rewriteLogits((b, { rowLogKappa }) => b - rowLogKappa),
});
