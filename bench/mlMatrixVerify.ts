import { Matrix } from 'ml-matrix';
import type { DenseMatrix } from '../src/matrix/denseMatrix.js';
import { precisionLogs, type Precision } from '../src/precision/precision.js';
import type { SparseTarget } from '../src/targets/sparseTarget.js';
import { CheckRun } from '../src/verification/_internals/checkRun.js';
import { emptyRowScan, scanRow } from '../src/verification/_internals/rowScan.js';
import type { Verdict } from '../src/verification/verdict.js';

/**
 * The straightforward way to stream the check with ml-matrix: per block of
 * 64 rows, `Q_b.mmul(K^T)` and a scale, then the same per-row bookkeeping and
 * bounds as the verifier ({@link CheckRun}, {@link scanRow}). ml-matrix's
 * `mmul` sums each dot product left to right, so its logits, and the
 * verdict, are the verifier's bit for bit: only the speed differs.
 * `O(L²·d)` time, `O(64·L + L·d)` memory.
 */
export function mlMatrixVerify(
  target: SparseTarget,
  Q: DenseMatrix,
  K: DenseMatrix,
  precision: Precision,
  blockRows = 64,
): Verdict {
  const logs = precisionLogs(precision);
  const factors = { Q, K, qRadius: null, kRadius: null };
  const run = new CheckRun(target, factors, logs);
  const L = target.L;
  const d = Q.cols;
  const KT = Matrix.from1DArray(L, d, K.data).transpose();
  const row = new Float64Array(L);
  const scan = emptyRowScan();
  for (let start = 0; start < L; start += blockRows) {
    const end = Math.min(L, start + blockRows);
    const Qb = Matrix.from1DArray(end - start, d, Q.data.subarray(start * d, end * d));
    const C = Qb.mmul(KT).mul(run.scale);
    for (let i = start; i < end; i++) {
      for (let j = 0; j < L; j++) row[j] = C.get(i - start, j);
      run.record(i, scanRow(target, i, row, 0, scan));
    }
  }
  return run.finish({ fast: factors, accurate: () => factors }, true);
}
