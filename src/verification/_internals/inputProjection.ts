import type { DenseMatrix } from '../../matrix/denseMatrix.js';
import { compensatedProjection } from './compensatedProjection.js';
import { projectionSetup, underflowAllowance, type ProjectionSetup } from './projectionSetup.js';
import { gammaBound } from './roundingBounds.js';

/** A computed product `X·P` with, per row, a rigorous bound on the distance to the exact product. */
export interface Projection {
  /** `fl(X·P)`, `rows(X) × cols(P)`. */
  readonly product: DenseMatrix;
  /** `radius[i] >= ||fl(X·P)_i − (X·P)_i||_2`. */
  readonly radius: Float64Array;
}

/**
 * `Q̂ = fl(X·P)` (for `P = WQ` or `WK`), skipping the zero entries of `X`, with
 * per-row error radii.
 *
 * Row `i` is accumulated as `sum_{s : X_is != 0} X_is · P_s` (one scaled row of
 * `P` added at a time, left to right), so with `n_i` nonzeros in `X_i` each
 * entry obeys `|q̂_it − q_it| <= gamma_{n_i} sum_s |X_is||P_st|`, and by the
 * triangle inequality `||q̂_i − q_i|| <= gamma_{n_i} sum_s |X_is| ||P_s||`. The
 * radius is twice that (the factor 2 covers the rounding of the norms and of
 * the bound's own arithmetic, each a relative `O(m·u)` effect) plus an
 * allowance for underflowed products. Zero entries of `P` are skipped too
 * (see `sparseRows`); a skipped term `a·0` would only have added an exact
 * zero, so the result is the same as without skipping. The "fixed module"
 * layout has `X = [B | I_L]`, mostly zeros, and the "projected inputs" layout
 * has `WQ = [I_d; 0]`, one nonzero per row, so both cost `O(nnz(X)·d + m·d)`
 * or less, not `O(L·m·d)`.
 *
 * With `compensated = true` every entry is instead a compensated dot product
 * (see {@link compensatedProjection}), accurate to about one rounding of the
 * result, and the radius shrinks accordingly.
 *
 * @example
 * const X = denseMatrix(2, 2, new Float64Array([1, 0, 0, 2]));
 * const P = denseMatrix(2, 1, new Float64Array([3, 4]));
 * projectInputs(X, P).product.data; // Float64Array [3, 8]
 * @throws {RangeError} when `X.cols !== P.rows`.
 */
export function projectInputs(X: DenseMatrix, P: DenseMatrix, compensated = false): Projection {
  return compensated ? compensatedProjection(X, P) : projectInputsTogether(X, [P])[0];
}

/**
 * The plain products `fl(X·P)` of {@link projectInputs} for several `P` at
 * once (the verifier's `Q̂ = X·WQ` and `K̂ = X·WK`), bit for bit the same
 * products and radii, with one pass over the rows of `X`: each row's nonzero
 * count is taken once for all of them. `O(L·m + nnz(X)·d + m·d)` per `P` at most.
 *
 * @example
 * const X = denseMatrix(2, 2, new Float64Array([1, 0, 0, 2]));
 * const [q, k] = projectInputsTogether(X, [denseMatrix(2, 1, new Float64Array([3, 4])), denseMatrix(2, 1, new Float64Array([1, 1]))]);
 * [q.product.data, k.product.data]; // [Float64Array [3, 8], Float64Array [1, 2]]
 * @throws {RangeError} when `X.cols !== P.rows` for one of them.
 */
export function projectInputsTogether<const T extends readonly DenseMatrix[]>(
  X: DenseMatrix,
  Ps: T,
): { -readonly [K in keyof T]: Projection } {
  const setups = Ps.map((P) => projectionSetup(X, P));
  const L = X.rows;
  const m = X.cols;
  const x = X.data;
  for (let i = 0; i < L; i++) {
    const xi = i * m;
    let terms = 0;
    for (let s = 0; s < m; s++) if (x[xi + s] !== 0) terms++;
    for (const setup of setups) projectRow(setup, i, terms);
  }
  const projections = setups.map(({ L, d, out, radius }) => ({ product: { rows: L, cols: d, data: out }, radius }));
  return projections as { -readonly [K in keyof T]: Projection };
}

/** Row `i` of one plain product (`terms` nonzeros in `X_i`): its entries into `out`, its radius into `radius`. `O(m + nnz(X_i)·d)`. */
function projectRow(setup: ProjectionSetup, i: number, terms: number): void {
  const { m, d, x, p, out, radius, pNorm, rows, sqrtD } = setup;
  const { dense, start, columns, values, active } = rows;
  const o = i * d;
  const xi = i * m;
  // Only rows of P with a nonzero add anything (to the product, and to the weighted sum: a row
  // without one has norm 0, and adding |X_is|·0 leaves the sum as it is); they come in increasing s.
  let weighted = 0; // sum_s |X_is| ||P_s||
  for (let n = 0; n < active.length; n++) {
    const s = active[n]!;
    const a = x[xi + s]!;
    if (a === 0) continue;
    weighted += Math.abs(a) * pNorm[s]!;
    if (dense[s]) {
      const ps = s * d;
      for (let t = 0; t < d; t++) out[o + t]! += a * p[ps + t]!;
    } else for (let c = start[s]!; c < start[s + 1]!; c++) out[o + columns[c]!]! += a * values[c]!;
  }
  radius[i] = 2 * gammaBound(terms) * weighted + underflowAllowance(sqrtD, terms);
}
