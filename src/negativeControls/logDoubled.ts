import { brokenConstruction } from './brokenConstruction.js';
import { rewriteLogits } from './rewriteLogits.js';

/**
 * Negative control: the log-ratio is doubled, `B_ij = Delta + 2 ln(W_ij / min W_i)`:
 * softmax squares every ratio inside a row, an (R1) spread of `ln kappa_i`
 * (the margin only grows). Invisible with `kappa = 1`, and with
 * `kappa <= 1 + epsilon`; caught by L1, L2, and the theorem and rate test on
 * the parameter sets whose dynamic range exceeds `1 + epsilon`.
 */
export const logDoubled = brokenConstruction({
  name: 'negative:log-doubled',
  defect: 'log-ratio doubled in the logit target (B = Delta + 2 ln(W / min))',
  caughtBy: ['l1-logit-target', 'l2-perturbation', 'theorem-at-dstar', 'predicted-failure-rate'],
  logitTarget: rewriteLogits((b, { Delta }) => 2 * b - Delta),
});
