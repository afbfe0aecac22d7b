import { brokenConstruction } from './brokenConstruction.js';
import { rewriteLogits } from './rewriteLogits.js';

/**
 * Negative control: the margin is reduced by `rho/2`, `B_ij = Delta − rho/2 + ln(W_ij / min W_i)`.
 * Ratios stay exact and the zeros still sit `ln(1/gamma) + rho/2` below the
 * support, so at `d*` — where the projection's error is far below `rho/2` —
 * the theorem still holds: only half of the error budget of lemma L2 is left.
 * Caught exactly by L1 and L2 (margin above `−Delta`), and by the projection
 * law (L3), which reads `G Gᵀ` off the logits of `Delta·I` and finds it
 * scaled by `1 − rho/(2 Delta)`.
 */
export const halfMargin = brokenConstruction({
  name: 'negative:half-margin',
  defect: 'margin Delta reduced by rho/2 in the logit target',
  caughtBy: ['l1-logit-target', 'l2-perturbation', 'l3-projection-law'],
  logitTarget: rewriteLogits((b, { rho }) => b - rho / 2),
});
