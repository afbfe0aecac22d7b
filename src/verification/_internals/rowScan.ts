import type { SparseTarget } from '../../targets/sparseTarget.js';

/**
 * Per-row bookkeeping of the streaming check, filled by {@link scanRow}. With
 * `D_ij = C_ij − ln W_ij` on the support:
 * the (R1) spread is `maxD − minD`, the (R2) margin is `maxOff − minSupport`.
 */
export interface RowScan {
  /** `max_{j in supp(i)} D_ij` and its column (first on ties). */
  maxD: number;
  argMaxD: number;
  /** `min_{j in supp(i)} D_ij` and its column (first on ties). */
  minD: number;
  argMinD: number;
  /** `min_{k in supp(i)} C_ik` and its column (first on ties). */
  minSupport: number;
  argMinSupport: number;
  /** `max_{j not in supp(i)} C_ij` and its column; `-Infinity` and `-1` when row `i` has full support. */
  maxOff: number;
  argMaxOff: number;
  /** `max_{j in supp(i)} |ln W_ij|`, for the error bound of `D`. */
  maxAbsLog: number;
  /** `|supp(i)|`. */
  supportCount: number;
}

/**
 * A fresh {@link RowScan}, to be reused across rows so the scan allocates nothing. `O(1)`.
 *
 * @example
 * emptyRowScan().maxOff; // -Infinity
 * @throws never.
 */
export function emptyRowScan(): RowScan {
  return {
    maxD: -Infinity,
    argMaxD: -1,
    minD: Infinity,
    argMinD: -1,
    minSupport: Infinity,
    argMinSupport: -1,
    maxOff: -Infinity,
    argMaxOff: -1,
    maxAbsLog: 0,
    supportCount: 0,
  };
}

/**
 * One fused pass over the logits of row `i` (`logits[offset + j]`, `j < L`):
 * on the support (walked in step with the CSR column list, which is sorted)
 * tracks max and min of `D_ij = C_ij − ln W_ij` with their columns and the min
 * of `C_ij`; off the support tracks the max of `C_ij`. Uses `target.logValues`,
 * never ratios of raw weights, so weights from 1e-300 to 1e300 are harmless.
 * `O(L)` time, no allocation; writes into and returns `out`.
 *
 * @example
 * const W = SparseTarget.fromEntries(2, [[0, 0, 1], [1, 1, 1]]);
 * const s = scanRow(W, 0, new Float64Array([2, 5]), 0, emptyRowScan());
 * [s.maxD, s.minSupport, s.maxOff, s.argMaxOff]; // [2, 2, 5, 1]
 * @throws never (garbage in — NaN logits — gives garbage out; callers detect overflow beforehand).
 */
export function scanRow(target: SparseTarget, i: number, logits: Float64Array, offset: number, out: RowScan): RowScan {
  const L = target.L;
  const colIdx = target.colIdx;
  const logValues = target.logValues;
  const end = target.rowPtr[i + 1]!;
  let p = target.rowPtr[i]!;
  let next = p < end ? colIdx[p]! : L;
  let maxD = -Infinity,
    argMaxD = -1,
    minD = Infinity,
    argMinD = -1;
  let minSupport = Infinity,
    argMinSupport = -1,
    maxOff = -Infinity,
    argMaxOff = -1;
  let maxAbsLog = 0;
  for (let j = 0; j < L; j++) {
    const c = logits[offset + j]!;
    if (j === next) {
      const lw = logValues[p]!;
      const dv = c - lw;
      if (dv > maxD) {
        maxD = dv;
        argMaxD = j;
      }
      if (dv < minD) {
        minD = dv;
        argMinD = j;
      }
      if (c < minSupport) {
        minSupport = c;
        argMinSupport = j;
      }
      const al = Math.abs(lw);
      if (al > maxAbsLog) maxAbsLog = al;
      p++;
      next = p < end ? colIdx[p]! : L;
    } else if (c > maxOff) {
      maxOff = c;
      argMaxOff = j;
    }
  }
  out.maxD = maxD;
  out.argMaxD = argMaxD;
  out.minD = minD;
  out.argMinD = argMinD;
  out.minSupport = minSupport;
  out.argMinSupport = argMinSupport;
  out.maxOff = maxOff;
  out.argMaxOff = argMaxOff;
  out.maxAbsLog = maxAbsLog;
  out.supportCount = end - target.rowPtr[i]!;
  return out;
}
