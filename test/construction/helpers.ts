import { Matrix } from 'ml-matrix';
import type { DenseMatrix } from '../../src/matrix/denseMatrix.js';
import { createRandom } from '../../src/random/randomSource.js';
import { SparseTarget, type TargetEntry } from '../../src/targets/sparseTarget.js';

/**
 * A random valid target: the union of `S` random permutation patterns (so every row
 * and column has at most `S` positive entries, at least one per row), with weights
 * `exp(U·logRange)`, `U` uniform in [0, 1). Seeded, so tests replay.
 */
export function randomTarget(L: number, S: number, seed: number, logRange = Math.log(100)): SparseTarget {
  const random = createRandom(seed);
  const cells = new Map<number, number>();
  for (let s = 0; s < S; s++) {
    const perm = Array.from({ length: L }, (_, i) => i);
    for (let i = L - 1; i > 0; i--) {
      const j = Math.floor(random.next() * (i + 1));
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    for (let i = 0; i < L; i++) cells.set(i * L + perm[i]!, Math.exp(random.next() * logRange));
  }
  const entries: TargetEntry[] = [...cells].map(([key, value]) => [Math.floor(key / L), key % L, value]);
  return SparseTarget.fromEntries(L, entries, { S });
}

/** The same target with row `i` multiplied by `factor(i)`. */
export function scaleRows(W: SparseTarget, factor: (i: number) => number): SparseTarget {
  return SparseTarget.fromEntries(
    W.L,
    W.entries().map(([i, j, v]) => [i, j, v * factor(i)] as const),
  );
}

/** A `DenseMatrix` as an ml-matrix `Matrix` (copy). */
export function toMl(m: DenseMatrix): Matrix {
  const out = new Matrix(m.rows, m.cols);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) out.set(i, j, m.data[i * m.cols + j]!);
  return out;
}

/** Dense `B` computed independently of src/construction, from raw weight ratios (fine for moderate weights). */
export function denseLogits(W: SparseTarget, Delta: number): Matrix {
  const B = Matrix.zeros(W.L, W.L);
  for (let i = 0; i < W.L; i++) {
    let min = Infinity;
    for (let p = W.rowPtr[i]!; p < W.rowPtr[i + 1]!; p++) min = Math.min(min, W.values[p]!);
    for (let p = W.rowPtr[i]!; p < W.rowPtr[i + 1]!; p++) B.set(i, W.colIdx[p]!, Delta + Math.log(W.values[p]! / min));
  }
  return B;
}

/** Byte-level equality of two Float64Arrays (distinguishes −0 from 0 and every NaN payload). */
export function sameBytes(a: Float64Array, b: Float64Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
