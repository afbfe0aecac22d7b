import { logitTarget, type LogitTarget } from '../construction/logitTarget.js';
import type { Precision } from '../precision/precision.js';
import type { SparseTarget } from '../targets/sparseTarget.js';

/** What a rewritten support logit may depend on, besides the paper's own value `b = B_ij`. */
export interface LogitContext {
  /** The paper's margin `Delta = ln(1/gamma) + rho`. */
  readonly Delta: number;
  /** `rho = ln(1 + epsilon)`. */
  readonly rho: number;
  /** `ln kappa_i = ln(max_j W_ij / min_j W_ij)` of the entry's row. */
  readonly rowLogKappa: number;
}

/**
 * A logit target made from the paper's `B` (SPEC §3 step 2) by rewriting each
 * support logit `b = B_ij = Delta + ln(W_ij / min W_i)` with `rewrite(b, context)`
 * (off-support logits stay 0). The ratio-part negative controls are one-line
 * rewrites of this kind. `O(L + nnz)` per call.
 *
 * @example
 * // B − Delta: the paper's target without its margin.
 * rewriteLogits((b, { Delta }) => b - Delta)(W, { epsilon: 0.5, gamma: 0.5 }).values;
 * @throws {InputTypeError | InputRangeError} as {@link logitTarget}, for an invalid precision.
 */
export function rewriteLogits(
  rewrite: (b: number, context: LogitContext) => number,
): (target: SparseTarget, precision: Precision) => LogitTarget {
  return (target, precision) => {
    const B = logitTarget(target, precision);
    const rho = Math.log1p(precision.epsilon);
    const values = B.values.slice();
    for (let i = 0; i < target.L; i++) {
      const context = { Delta: B.Delta, rho, rowLogKappa: target.rowLogKappa[i]! };
      for (let p = target.rowPtr[i]!; p < target.rowPtr[i + 1]!; p++) values[p] = rewrite(B.values[p]!, context);
    }
    return { ...B, values };
  };
}
