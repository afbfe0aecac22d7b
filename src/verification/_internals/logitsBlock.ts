import type { DenseMatrix } from '../../matrix/denseMatrix.js';

/**
 * Logits of a block of rows: `out[(i − rowStart)·L + j] = fl(fl(q_i · k_j) · scale)`
 * for `rowStart <= i < rowEnd` and every row `j` of `K` (`L = K.rows`).
 *
 * This is the verifier's only `O(L²·d)` kernel, kept small and self-contained
 * so a WebAssembly or worker implementation can replace it. The loop is
 * register-tiled, 2 rows of `Q` against 4 rows of `K` (8 running sums), so
 * each loaded number is used several times. Each dot product is still the
 * plain left-to-right sum `(((0 + q_0 k_0) + q_1 k_1) + …)` over `t`, whatever
 * tile it falls in, so the result is bit-identical for every block size and
 * obeys the textbook bound `|fl(q·k) − q·k| <= gamma_d · sum_t |q_t||k_t|`.
 *
 * Complexity `O((rowEnd − rowStart)·L·d)` time, no allocation.
 *
 * @example
 * const Q = denseMatrix(2, 1, new Float64Array([1, 2]));
 * const K = denseMatrix(2, 1, new Float64Array([3, 4]));
 * const out = new Float64Array(4);
 * logitsBlock(Q, K, 0, 2, 1, out); // out = [3, 4, 6, 8]
 * @throws {RangeError} when the shapes disagree, the row range is invalid, or `out` is too short.
 */
export function logitsBlock(
  Q: DenseMatrix,
  K: DenseMatrix,
  rowStart: number,
  rowEnd: number,
  scale: number,
  out: Float64Array,
): Float64Array {
  const d = Q.cols;
  const L = K.rows;
  if (K.cols !== d) throw new RangeError(`Q has ${d} columns but K has ${K.cols}`);
  if (!Number.isInteger(rowStart) || !Number.isInteger(rowEnd) || rowStart < 0 || rowEnd > Q.rows || rowStart > rowEnd)
    throw new RangeError(`row range ${rowStart}..${rowEnd} is not inside 0..${Q.rows}`);
  if (out.length < (rowEnd - rowStart) * L)
    throw new RangeError(`out holds ${out.length} numbers, needs ${(rowEnd - rowStart) * L}`);
  const q = Q.data;
  const k = K.data;
  let i = rowStart;
  for (; i + 1 < rowEnd; i += 2) {
    const qa = i * d;
    const qb = qa + d;
    const oa = (i - rowStart) * L;
    const ob = oa + L;
    let j = 0;
    for (; j + 3 < L; j += 4) {
      const k0 = j * d;
      const k1 = k0 + d;
      const k2 = k1 + d;
      const k3 = k2 + d;
      let a0 = 0,
        a1 = 0,
        a2 = 0,
        a3 = 0,
        b0 = 0,
        b1 = 0,
        b2 = 0,
        b3 = 0;
      for (let t = 0; t < d; t++) {
        const x = q[qa + t]!;
        const y = q[qb + t]!;
        const c0 = k[k0 + t]!;
        const c1 = k[k1 + t]!;
        const c2 = k[k2 + t]!;
        const c3 = k[k3 + t]!;
        a0 += x * c0;
        a1 += x * c1;
        a2 += x * c2;
        a3 += x * c3;
        b0 += y * c0;
        b1 += y * c1;
        b2 += y * c2;
        b3 += y * c3;
      }
      out[oa + j] = a0 * scale;
      out[oa + j + 1] = a1 * scale;
      out[oa + j + 2] = a2 * scale;
      out[oa + j + 3] = a3 * scale;
      out[ob + j] = b0 * scale;
      out[ob + j + 1] = b1 * scale;
      out[ob + j + 2] = b2 * scale;
      out[ob + j + 3] = b3 * scale;
    }
    for (; j < L; j++) {
      const kj = j * d;
      let a = 0,
        b = 0;
      for (let t = 0; t < d; t++) {
        const c = k[kj + t]!;
        a += q[qa + t]! * c;
        b += q[qb + t]! * c;
      }
      out[oa + j] = a * scale;
      out[ob + j] = b * scale;
    }
  }
  if (i < rowEnd) {
    // One row left over: 1 × 4 tiles, then single dot products.
    const qa = i * d;
    const oa = (i - rowStart) * L;
    let j = 0;
    for (; j + 3 < L; j += 4) {
      const k0 = j * d;
      const k1 = k0 + d;
      const k2 = k1 + d;
      const k3 = k2 + d;
      let a0 = 0,
        a1 = 0,
        a2 = 0,
        a3 = 0;
      for (let t = 0; t < d; t++) {
        const x = q[qa + t]!;
        a0 += x * k[k0 + t]!;
        a1 += x * k[k1 + t]!;
        a2 += x * k[k2 + t]!;
        a3 += x * k[k3 + t]!;
      }
      out[oa + j] = a0 * scale;
      out[oa + j + 1] = a1 * scale;
      out[oa + j + 2] = a2 * scale;
      out[oa + j + 3] = a3 * scale;
    }
    for (; j < L; j++) {
      const kj = j * d;
      let a = 0;
      for (let t = 0; t < d; t++) a += q[qa + t]! * k[kj + t]!;
      out[oa + j] = a * scale;
    }
  }
  return out;
}
