import { Matrix } from 'ml-matrix';
import type { Certificate } from '../../certificates/certificate.js';
import type { DenseMatrix } from '../../matrix/denseMatrix.js';
import { precisionLogs, type Precision } from '../../precision/precision.js';
import type { SparseTarget } from '../../targets/sparseTarget.js';
import type { ConditionStatus, Verdict } from '../verdict.js';

/**
 * An independent, deliberately naive verifier for cross-checking the
 * streaming one on small inputs: it forms the whole `L×L` logit matrix
 * `C = Q K^T / sqrt(d)` with ml-matrix and decides SPEC §2 straight from the
 * pairwise form of the definitions:
 *
 * - (R1) for all `j, k` in `supp(i)`: `|(C_ij − C_ik) − (ln W_ij − ln W_ik)| <= rho`;
 * - (R2) for all `j` not in `supp(i)`, `k` in `supp(i)`: `C_ij − C_ik <= ln gamma`.
 *
 * The worst spread of a row is the largest pairwise value, attained at the
 * first pair `(j, k)` in lexicographic order; the worst row is the first row
 * with the largest value. It shares no code with the streaming verifier and
 * has no rounding-error analysis: the status is only `'pass'` or `'fail'`,
 * by direct comparison, and every `errorBound` is 0. Use it away from the
 * decision boundary.
 *
 * Complexity `O(L²·d + L·(S² + L·S))` time, `O(L²)` memory.
 *
 * @example
 * const W = SparseTarget.fromEntries(2, [[0, 0, 1], [1, 1, 1]]);
 * const Q = denseMatrix(2, 1, new Float64Array([4, -4]));
 * const K = denseMatrix(2, 1, new Float64Array([1, -1]));
 * denseVerifyFactors(W, Q, K, { epsilon: 0.5, gamma: 0.5 }).worstMargin; // -8
 * @throws {RangeError} when `Q` or `K` is not `L×d`.
 */
export function denseVerifyFactors(
  target: SparseTarget,
  Q: DenseMatrix,
  K: DenseMatrix,
  precision: Precision,
): Verdict {
  if (Q.rows !== target.L || K.rows !== target.L || Q.cols !== K.cols)
    throw new RangeError(`Q (${Q.rows}×${Q.cols}) and K (${K.rows}×${K.cols}) must both be L×d with L = ${target.L}`);
  const q = Matrix.from1DArray(Q.rows, Q.cols, Q.data);
  const k = Matrix.from1DArray(K.rows, K.cols, K.data);
  return decide(target, q, k, precision);
}

/**
 * {@link denseVerifyFactors} for a certificate: `Q = X WQ` and `K = X WK` by
 * ml-matrix's plain matrix product. `O(L·m·d + L²·d)` time.
 *
 * @example
 * const W = SparseTarget.fromEntries(2, [[0, 0, 1], [1, 1, 1]]);
 * const cert = { X: denseMatrix(2, 2, new Float64Array([1, 0, 0, 1])),
 *   WQ: denseMatrix(2, 1, new Float64Array([4, -4])), WK: denseMatrix(2, 1, new Float64Array([1, -1])), d: 1 };
 * denseVerifyCertificate(W, cert, { epsilon: 0.5, gamma: 0.5 }).status; // 'pass'
 * @throws {RangeError} when the shapes disagree.
 */
export function denseVerifyCertificate(target: SparseTarget, cert: Certificate, precision: Precision): Verdict {
  const { X, WQ, WK } = cert;
  if (X.rows !== target.L || WQ.rows !== X.cols || WK.rows !== X.cols || WQ.cols !== WK.cols)
    throw new RangeError('certificate shapes disagree: X must be L×m, WQ and WK m×d');
  const x = Matrix.from1DArray(X.rows, X.cols, X.data);
  const q = x.mmul(Matrix.from1DArray(WQ.rows, WQ.cols, WQ.data));
  const k = x.mmul(Matrix.from1DArray(WK.rows, WK.cols, WK.data));
  return decide(target, q, k, precision);
}

function decide(target: SparseTarget, q: Matrix, k: Matrix, precision: Precision): Verdict {
  const { epsilon, gamma, rho, logGamma } = precisionLogs(precision);
  const L = target.L;
  const d = q.columns;
  const C = q.mmul(k.transpose()).mul(1 / Math.sqrt(d));
  let worst1 = { row: -1, j: -1, k: -1, spread: -Infinity, errorBound: 0 };
  let worst2: { row: number; j: number; k: number; margin: number; errorBound: number } | null = null;
  let failing1 = 0;
  let failing2 = 0;
  for (let i = 0; i < L; i++) {
    const support: number[] = [];
    const outside: number[] = [];
    for (let j = 0; j < L; j++) (target.get(i, j) > 0 ? support : outside).push(j);
    // (R1), pair by pair.
    let best1 = { j: -1, k: -1, value: -Infinity };
    let violated1 = false;
    for (const j of support)
      for (const kk of support) {
        const value = C.get(i, j) - C.get(i, kk) - (Math.log(target.get(i, j)) - Math.log(target.get(i, kk)));
        if (Math.abs(value) > rho) violated1 = true;
        if (value > best1.value) best1 = { j, k: kk, value };
      }
    if (violated1) failing1++;
    if (best1.value > worst1.spread) worst1 = { row: i, j: best1.j, k: best1.k, spread: best1.value, errorBound: 0 };
    // (R2), pair by pair.
    let best2 = { j: -1, k: -1, value: -Infinity };
    let violated2 = false;
    for (const j of outside)
      for (const kk of support) {
        const value = C.get(i, j) - C.get(i, kk);
        if (value > logGamma) violated2 = true;
        if (value > best2.value) best2 = { j, k: kk, value };
      }
    if (violated2) failing2++;
    if (best2.j >= 0 && (worst2 === null || best2.value > worst2.margin))
      worst2 = { row: i, j: best2.j, k: best2.k, margin: best2.value, errorBound: 0 };
  }
  const r1: ConditionStatus = failing1 > 0 ? 'fails' : 'holds';
  const r2: ConditionStatus = failing2 > 0 ? 'fails' : 'holds';
  const status = failing1 + failing2 > 0 ? 'fail' : 'pass';
  const worstMargin = worst2 === null ? -Infinity : worst2.margin;
  return {
    status,
    pass: status === 'pass',
    r1,
    r2,
    epsilon,
    gamma,
    rho,
    logGamma,
    L,
    d,
    worstSpread: worst1.spread,
    achievedEpsilon: Math.expm1(worst1.spread),
    worstMargin,
    achievedGamma: Math.exp(worstMargin),
    worstRatioRow: worst1,
    worstZeroRow: worst2,
    rows: { r1: { failing: failing1, inconclusive: 0 }, r2: { failing: failing2, inconclusive: 0 } },
    refinedRows: 0,
  };
}
