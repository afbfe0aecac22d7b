import { brokenConstruction } from './brokenConstruction.js';
import { rewriteLogits } from './rewriteLogits.js';

/**
 * Negative control: the sign of the log-ratio is flipped,
 * `B_ij = Delta − ln(W_ij / min W_i)`: softmax inverts every ratio inside a
 * row (the largest weight gets the smallest probability), an (R1) spread of
 * `2 ln kappa_i`, and the largest entry sits only `Delta − ln kappa_i` above
 * the zeros. Invisible with `kappa = 1`; caught by L1, L2, and the theorem and
 * rate test on the parameter sets with dynamic range.
 */
export const logSign = brokenConstruction({
  name: 'negative:log-sign',
  defect: 'sign of ln(W / min) flipped in the logit target (B = Delta − ln(W / min))',
  caughtBy: ['l1-logit-target', 'l2-perturbation', 'theorem-at-dstar', 'predicted-failure-rate'],
  logitTarget: rewriteLogits((b, { Delta }) => 2 * Delta - b),
});
