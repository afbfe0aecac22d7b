import { precisionLogs, type Precision } from '../precision/precision.js';
import type { SparseTarget } from '../targets/sparseTarget.js';

/**
 * The logit target `B` of SPEC §3 step 2, stored in CSR with exactly the
 * target's sparsity pattern (`rowPtr`, `colIdx` are the target's own arrays,
 * shared, not copied): `B_ij = values[p]` for `p` in `rowPtr[i] .. rowPtr[i+1]-1`,
 * `j = colIdx[p]`, and `B_ij = 0` off the support.
 */
export interface LogitTarget {
  readonly L: number;
  readonly rowPtr: Int32Array;
  readonly colIdx: Int32Array;
  /** `B` on the support, aligned with `colIdx`; every value is `>= Delta`. */
  readonly values: Float64Array;
  /** The margin `Delta = ln(1/gamma) + ln(1+epsilon)` every support logit sits above 0. */
  readonly Delta: number;
}

/**
 * The logit target `B_ij = Delta + ln(W_ij / min_{k in supp(i)} W_ik)` on `supp(i)`,
 * `0` elsewhere, with `Delta = ln(1/gamma) + rho`, `rho = ln(1+epsilon)`.
 *
 * Why it works (lemma L1): inside a row, `B_ij − B_ik = ln W_ij − ln W_ik`, so
 * `softmax(B)` has exactly the ratios of `W` on the support; each support logit is
 * `>= Delta` and each off-support logit is 0, so every zero sits at least `Delta`
 * below every support entry. The log-ratio is taken as the difference
 * `target.logValues[p] − target.rowLogMin[i]` of stored logarithms, never as a ratio
 * of raw weights, so rows scaled by 1e300 or 1e-300 lose nothing (the minimum of
 * each row gets exactly `Delta`). Complexity `O(L + nnz)`.
 *
 * @example
 * const W = SparseTarget.fromEntries(2, [[0, 0, 1], [0, 1, 3], [1, 1, 5]]);
 * logitTarget(W, { epsilon: 0.5, gamma: 0.5 }).values; // [Δ, Δ + ln 3, Δ] with Δ = ln 2 + ln 1.5 = 1.0986...
 * @throws {InputTypeError | InputRangeError} when `epsilon` or `gamma` is invalid (field `epsilon` / `gamma`).
 */
export function logitTarget(target: SparseTarget, precision: Precision): LogitTarget {
  const { rho, logGamma } = precisionLogs(precision);
  // Delta = ln(1/gamma) + rho, written exactly as the bound computes it so both agree to the bit.
  const Delta = rho - logGamma;
  const { L, rowPtr, colIdx, logValues, rowLogMin } = target;
  const values = new Float64Array(target.nnz);
  for (let i = 0; i < L; i++) {
    const logMin = rowLogMin[i]!;
    for (let p = rowPtr[i]!; p < rowPtr[i + 1]!; p++) values[p] = Delta + (logValues[p]! - logMin);
  }
  return { L, rowPtr, colIdx, values, Delta };
}
