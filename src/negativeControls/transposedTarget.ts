import { logitTarget } from '../construction/logitTarget.js';
import { brokenConstruction } from './brokenConstruction.js';

/**
 * Negative control: the logit target is transposed (`B'_ij = B_ji`), the
 * classic mix-up of queries and keys. Only symmetric targets survive it.
 * Caught by L1 and the theorem.
 */
export const transposedTarget = brokenConstruction({
  name: 'negative:transposed-target',
  defect: 'logit target transposed (rows and columns swapped)',
  caughtBy: ['l1-logit-target', 'l2-perturbation', 'theorem-at-dstar', 'predicted-failure-rate', 'logarithmic-growth'],
  logitTarget: (target, precision) => {
    const B = logitTarget(target, precision);
    const L = target.L;
    // Transpose the CSR pattern: count entries per column, then scatter.
    const rowPtr = new Int32Array(L + 1);
    for (let p = 0; p < target.nnz; p++) rowPtr[target.colIdx[p]! + 1]!++;
    for (let j = 0; j < L; j++) rowPtr[j + 1]! += rowPtr[j]!;
    const next = rowPtr.slice(0, L);
    const colIdx = new Int32Array(target.nnz);
    const values = new Float64Array(target.nnz);
    for (let i = 0; i < L; i++)
      for (let p = target.rowPtr[i]!; p < target.rowPtr[i + 1]!; p++) {
        const q = next[target.colIdx[p]!]!++;
        colIdx[q] = i;
        values[q] = B.values[p]!;
      }
    return { L, rowPtr, colIdx, values, Delta: B.Delta };
  },
});
