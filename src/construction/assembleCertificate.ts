import type { Certificate, Layout } from '../certificates/certificate.js';
import { denseMatrix, type DenseMatrix } from '../matrix/denseMatrix.js';
import type { LogitTarget } from './logitTarget.js';

/**
 * Step 4 of SPEC §3: inputs and parameters whose logits are `B G G^T`, for a
 * sparse `B` with the target's pattern (the logit target, or `exact-support`'s
 * coefficients `Λ`) and a projection `G` (`L×d`), in either layout (see
 * {@link construct} for the formulas). Exported so that variants of the
 * construction (the negative controls of the property suite) reuse the exact
 * assembly and differ only in the piece they break.
 * `O(L·d + nnz·d)` for `'projected'`, `O(L² + L·d)` for `'fixed'`.
 *
 * @example
 * assembleCertificate(logitTarget(W, { epsilon: 0.5, gamma: 0.5 }), G, 'projected').X.cols; // 2·G.cols
 * @throws {RangeError} when `B` and `G` disagree on `L`.
 */
export function assembleCertificate(
  B: Pick<LogitTarget, 'L' | 'rowPtr' | 'colIdx' | 'values'>,
  G: DenseMatrix,
  layout: Layout,
): Pick<Certificate, 'X' | 'WQ' | 'WK'> {
  if (B.L !== G.rows) throw new RangeError(`B is ${B.L}×${B.L} but G has ${G.rows} rows`);
  const sqrtD = Math.sqrt(G.cols);
  return layout === 'projected' ? projectedLayout(B, G, sqrtD) : fixedLayout(B, G, sqrtD);
}

/** `X = [ sqrt(d)·B G | G ]` (`L×2d`), `WQ = [ I_d ; 0 ]`, `WK = [ 0 ; I_d ]` (`2d×d`). */
function projectedLayout(
  B: Pick<LogitTarget, 'L' | 'rowPtr' | 'colIdx' | 'values'>,
  G: DenseMatrix,
  sqrtD: number,
): Pick<Certificate, 'X' | 'WQ' | 'WK'> {
  const { L, rowPtr, colIdx, values } = B;
  const d = G.cols;
  const m = 2 * d;
  const X = denseMatrix(L, m);
  const x = X.data;
  const g = G.data;
  for (let i = 0; i < L; i++) {
    const row = i * m;
    // Row i of B G = Σ_{p in row i} B[p] · G[colIdx[p], :], accumulated in X's first d slots, then scaled by sqrt(d).
    for (let p = rowPtr[i]!; p < rowPtr[i + 1]!; p++) {
      const b = values[p]!;
      const gRow = colIdx[p]! * d;
      for (let k = 0; k < d; k++) x[row + k]! += b * g[gRow + k]!;
    }
    for (let k = 0; k < d; k++) x[row + k]! *= sqrtD;
    // Second block: row i of G, so that K = X WK = G.
    x.set(g.subarray(i * d, (i + 1) * d), row + d);
  }
  const WQ = denseMatrix(m, d);
  const WK = denseMatrix(m, d);
  for (let k = 0; k < d; k++) {
    WQ.data[k * d + k] = 1; // WQ = [ I_d ; 0 ] picks X's first block
    WK.data[(d + k) * d + k] = 1; // WK = [ 0 ; I_d ] picks X's second block
  }
  return { X, WQ, WK };
}

/** `X = [ B | I_L ]` (`L×2L`), `WQ = [ sqrt(d)·G ; 0 ]`, `WK = [ 0 ; G ]` (`2L×d`). */
function fixedLayout(
  B: Pick<LogitTarget, 'L' | 'rowPtr' | 'colIdx' | 'values'>,
  G: DenseMatrix,
  sqrtD: number,
): Pick<Certificate, 'X' | 'WQ' | 'WK'> {
  const { L, rowPtr, colIdx, values } = B;
  const d = G.cols;
  const m = 2 * L;
  const X = denseMatrix(L, m);
  for (let i = 0; i < L; i++) {
    for (let p = rowPtr[i]!; p < rowPtr[i + 1]!; p++) X.data[i * m + colIdx[p]!] = values[p]!;
    X.data[i * m + L + i] = 1;
  }
  // Q = X WQ = sqrt(d)·B G and K = X WK = G, hence Q K^T / sqrt(d) = B G G^T.
  const WQ = denseMatrix(m, d);
  const WK = denseMatrix(m, d);
  for (let t = 0; t < L * d; t++) WQ.data[t] = sqrtD * G.data[t]!;
  WK.data.set(G.data, L * d);
  return { X, WQ, WK };
}
