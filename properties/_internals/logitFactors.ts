import type { LogitTarget } from '../../src/construction/logitTarget.js';
import { denseMatrix, type DenseMatrix } from '../../src/matrix/denseMatrix.js';

/**
 * Factors `Q`, `K` (`L×(L+1)`) whose logits `Q Kᵀ / sqrt(L+1)` are the given
 * matrix `C_ij = logit(i, j, B_ij)` plus nothing else: `Q = sqrt(L+1)·[C | 0]`
 * and `K = [I_L | 0]`. Lets the verifier judge an arbitrary logit matrix built
 * around `B` (lemmas L1 and L2). `O(L²)`: for the small `L` of the properties.
 */
export function logitFactors(
  B: LogitTarget,
  logit: (i: number, j: number, b: number) => number,
): { Q: DenseMatrix; K: DenseMatrix } {
  const L = B.L;
  const d = L + 1;
  const Q = denseMatrix(L, d);
  const K = denseMatrix(L, d);
  const scale = Math.sqrt(d);
  for (let i = 0; i < L; i++) {
    const dense = new Float64Array(L);
    for (let p = B.rowPtr[i]!; p < B.rowPtr[i + 1]!; p++) dense[B.colIdx[p]!] = B.values[p]!;
    for (let j = 0; j < L; j++) Q.data[i * d + j] = scale * logit(i, j, dense[j]!);
    K.data[i * d + i] = 1;
  }
  return { Q, K };
}

/** Largest `|B_ij|`. */
export function largestLogit(B: LogitTarget): number {
  return B.values.reduce((a, b) => Math.max(a, Math.abs(b)), 0);
}
