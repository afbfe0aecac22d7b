import type { DenseMatrix } from '../../matrix/denseMatrix.js';
import { compensatedProjection } from './compensatedProjection.js';
import { projectionSetup, underflowAllowance } from './projectionSetup.js';
import { projectRows, type RowProduct, type RowProjection } from './projectRows.js';
import { gammaBound, vectorNorm } from './roundingBounds.js';
import { packInt16Row, type Int16Packing } from './kernel/int16Packing.js';

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
  const job = rowProjection(X, Ps, X.rows, (length) => new Float64Array(length), false);
  projectRows(job, 0, vectorNorm, packInt16Row);
  return projectionsOf(X, job) as { -readonly [K in keyof T]: Projection };
}

/** Where one product of {@link rowProjection} goes: its storage, and where its rows are quantised (or `null`). */
export interface ProductTarget {
  readonly out: Float64Array;
  readonly int16: Int16Packing | null;
}

/**
 * The work of the plain products `fl(X·P)` for each of `Ps`, ready for
 * {@link projectRows}: each `P`'s shape checked, row norms and nonzero
 * pattern ({@link projectionSetup}), the radius factors per nonzero count
 * `n = 0..m` (`2·gamma_n` and {@link underflowAllowance}, so every row's
 * radius is the same number whoever computes it), and the outputs from
 * `allocate` (`SharedArrayBuffer`-backed for worker threads), with row norms
 * when `norms`; product `k` into `into[k].out` instead when given (`L·d`
 * numbers, any contents: a reserved kernel memory's region), each of its rows
 * then quantised for the int16 first pass into `into[k].int16` when that is
 * not `null`; rows in blocks of `blockRows`. `O(m·d)` per `P`.
 *
 * @example
 * const job = rowProjection(X, [WQ, WK], X.rows, (n) => new Float64Array(n), false);
 * projectRows(job, 0, vectorNorm); // one block: job.products[0].out = fl(X·WQ)
 * @throws {RangeError} when `X.cols !== P.rows` for one of them.
 */
export function rowProjection(
  X: DenseMatrix,
  Ps: readonly DenseMatrix[],
  blockRows: number,
  allocate: (length: number) => Float64Array,
  norms: boolean,
  into: readonly ProductTarget[] = [],
): RowProjection {
  const m = X.cols;
  const products = Ps.map((P, k): RowProduct => {
    const { d, p, pNorm, rows, sqrtD } = projectionSetup(X, P);
    const twoGamma = new Float64Array(m + 1);
    const allowance = new Float64Array(m + 1);
    for (let n = 0; n <= m; n++) {
      twoGamma[n] = 2 * gammaBound(n);
      allowance[n] = underflowAllowance(sqrtD, n);
    }
    return {
      d,
      p: rows.dense.includes(1) ? p : new Float64Array(0),
      out: into[k]?.out ?? allocate(X.rows * d),
      radius: allocate(X.rows),
      norms: norms ? allocate(X.rows) : null,
      pNorm,
      ...rows,
      twoGamma,
      allowance,
      int16: into[k]?.int16 ?? null,
    };
  });
  return { m, x: X.data, rows: X.rows, blockRows, products };
}

/** The products of a finished {@link rowProjection} with their radii. `O(number of products)`. */
export function projectionsOf(X: DenseMatrix, job: RowProjection): Projection[] {
  return job.products.map(({ d, out, radius }) => ({ product: { rows: X.rows, cols: d, data: out }, radius }));
}
