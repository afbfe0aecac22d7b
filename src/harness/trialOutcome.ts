import type { Layout, Projection } from '../certificates/certificate.js';
import type { SparseTarget } from '../targets/sparseTarget.js';
import { verifyCertificate } from '../verification/verifyCertificate.js';
import type { Verdict } from '../verification/verdict.js';
import type { Construction } from '../construction/construction.js';
import type { LogitKernel } from '../verification/index.js';

/** Largest `d` at which trials use the projected layout: its `WQ` is a dense `2d×d` matrix (32 MB here). */
export const PROJECTED_LAYOUT_MAX_D = 1448;

/** One trial: a target, a precision, a dimension and the projection's seed. */
export interface Trial {
  readonly target: SparseTarget;
  readonly epsilon: number;
  readonly gamma: number;
  readonly d: number;
  readonly seed: number;
  readonly projection?: Projection;
  /** Preferred layout; the fixed one is used instead when the projected `WQ` would be too large. */
  readonly layout?: Layout;
  /** The verifier's first-pass kernel (default `'auto'`); the verdict is the same with every one, bit for bit. */
  readonly kernel?: LogitKernel;
}

/**
 * Runs one trial: the construction's certificate at dimension `d`, judged by
 * the exact verifier. The projected layout stores `WQ = [I_d; 0]` densely
 * (`2d²` numbers), so above {@link PROJECTED_LAYOUT_MAX_D} the fixed layout
 * (`m = 2L`, same logits) is used. Cost: the construction plus `O(L²·d)`.
 */
export async function trialOutcome(construction: Construction, trial: Trial): Promise<Verdict> {
  const { target, epsilon, gamma, d, seed } = trial;
  const layout = trialLayout(trial.layout ?? 'projected', d);
  const cert = await construction.construct(target, {
    epsilon,
    gamma,
    d,
    seed,
    layout,
    projection: trial.projection ?? 'gaussian',
  });
  return verifyCertificate(target, cert, { epsilon, gamma }, { kernel: trial.kernel });
}

/** The layout a trial really uses: the preferred one, except projected above {@link PROJECTED_LAYOUT_MAX_D}, where it is fixed. */
export function trialLayout(preferred: Layout, d: number): Layout {
  return preferred === 'projected' && d > PROJECTED_LAYOUT_MAX_D ? 'fixed' : preferred;
}
