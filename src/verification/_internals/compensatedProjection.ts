import type { DenseMatrix } from '../../matrix/denseMatrix.js';
import type { Projection } from './inputProjection.js';
import { projectionSetup, underflowAllowance } from './projectionSetup.js';
import { gammaBound, UNIT_ROUNDOFF, vectorNorm } from './roundingBounds.js';

/** Veltkamp's splitting constant `2^27 + 1`. */
const SPLITTER = 134217729;

/**
 * `X·P` with every entry computed as a compensated dot product over the
 * nonzeros of `X`'s row (Ogita–Rump–Oishi Dot2: Dekker's TwoProduct with
 * Veltkamp splitting, Knuth's TwoSum, errors summed separately), with per-row
 * error radii.
 *
 * Per entry, `|q̃_it − q_it| <= u|q_it| + gamma_n² sum_s |X_is||P_st|` (`n`
 * nonzeros in the row), hence per row
 * `||q̃_i − q_i|| <= (u ||q̃_i|| + gamma_n² sum_s |X_is| ||P_s||) / (1 − u)`;
 * the radius is twice that (covering the rounding of norms and bound
 * arithmetic) plus an underflow allowance. A row whose entries overflow the
 * splitting (above about `2^995`) gets a non-finite entry and an infinite
 * radius. Zeros of `X` and of `P` are skipped (their terms are exact zeros,
 * which change neither the sum nor its error). `O(nnz(X)·d + m·d)` time at most.
 *
 * @example
 * // 1e16·1 + 1·1 + (-1e16)·1 = 1 exactly (the plain sum gives 0).
 * const X = denseMatrix(1, 3, new Float64Array([1e16, 1, -1e16]));
 * compensatedProjection(X, denseMatrix(3, 1, new Float64Array([1, 1, 1]))).product.data; // Float64Array [1]
 * @throws {RangeError} when `X.cols !== P.rows`.
 */
export function compensatedProjection(X: DenseMatrix, P: DenseMatrix): Projection {
  const { L, m, d, x, p, pNorm, rows, sqrtD } = projectionSetup(X, P);
  const out = new Float64Array(L * d);
  const radius = new Float64Array(L);
  const { dense, start, columns } = rows;
  const errors = new Float64Array(d);
  for (let i = 0; i < L; i++) {
    const o = i * d;
    errors.fill(0);
    let terms = 0;
    let weighted = 0;
    for (let s = 0; s < m; s++) {
      const a = x[i * m + s]!;
      if (a === 0) continue;
      terms++;
      weighted += Math.abs(a) * pNorm[s]!;
      const aSplit = SPLITTER * a;
      const aHi = aSplit - (aSplit - a);
      const aLo = a - aHi;
      const ps = s * d;
      const isDense = dense[s] === 1;
      const count = isDense ? d : start[s + 1]! - start[s]!;
      for (let n = 0; n < count; n++) {
        const t = isDense ? n : columns[start[s]! + n]!;
        const b = p[ps + t]!;
        // TwoProduct: h + r = a·b exactly.
        const h = a * b;
        const bSplit = SPLITTER * b;
        const bHi = bSplit - (bSplit - b);
        const bLo = b - bHi;
        const r = aLo * bLo - (h - aHi * bHi - aLo * bHi - aHi * bLo);
        // TwoSum: sum + e = acc + h exactly.
        const acc = out[o + t]!;
        const sum = acc + h;
        const z = sum - acc;
        errors[t]! += acc - (sum - z) + (h - z) + r;
        out[o + t] = sum;
      }
    }
    for (let t = 0; t < d; t++) out[o + t]! += errors[t]!;
    const g = gammaBound(terms);
    radius[i] = 2 * (UNIT_ROUNDOFF * vectorNorm(out, o, d) + g * g * weighted) + underflowAllowance(sqrtD, terms);
  }
  return { product: { rows: L, cols: d, data: out }, radius };
}
