import type { DenseMatrix } from '../../matrix/denseMatrix.js';
import { TINY_PER_TERM, vectorNorm } from './roundingBounds.js';
import { sparseRows, type SparseRows } from './sparseRows.js';

/**
 * What the two products `X·P` (plain in {@link projectInputs}, compensated in
 * {@link compensatedProjection}) share before their different inner loops:
 * the shapes, the row norms `||P_s||` that weight each row's error bound, and
 * the sparse-row index of `P`.
 */
export interface ProjectionSetup {
  readonly L: number;
  readonly m: number;
  readonly d: number;
  readonly x: Float64Array;
  readonly p: Float64Array;
  /** `pNorm[s] = ||P_s||_2` (see {@link vectorNorm} for its accuracy). */
  readonly pNorm: Float64Array;
  readonly rows: SparseRows;
  readonly sqrtD: number;
}

/**
 * Checks the shapes and prepares the shared state of a product `X·P`.
 * `O(m·d)`.
 *
 * @example
 * const s = projectionSetup(denseMatrix(2, 2), denseMatrix(2, 1, new Float64Array([3, 4])));
 * [s.L, s.m, s.d, s.pNorm[1]]; // [2, 2, 1, 4]
 * @throws {RangeError} when `X.cols !== P.rows`.
 */
export function projectionSetup(X: DenseMatrix, P: DenseMatrix): ProjectionSetup {
  if (X.cols !== P.rows) throw new RangeError(`X has ${X.cols} columns but the parameter matrix has ${P.rows} rows`);
  const m = X.cols;
  const d = P.cols;
  const p = P.data;
  const rows = sparseRows(P);
  // A sparse row's norm from its nonzeros alone (contiguous in rows.values): the zeros left out change neither
  // vectorNorm's maximum nor its sum of squares (each adds an exact +0), so the bits are those of the whole row.
  const pNorm = new Float64Array(m);
  const { dense, start, values } = rows;
  for (let s = 0; s < m; s++)
    pNorm[s] = dense[s] === 1 ? vectorNorm(p, s * d, d) : vectorNorm(values, start[s]!, start[s + 1]! - start[s]!);
  return { L: X.rows, m, d, x: X.data, p, pNorm, rows, sqrtD: Math.sqrt(d) };
}

/**
 * Allowance for products lost to underflow in one row of `X·P` accumulated
 * from `terms` scaled rows of `P`: each of the `d` entries gets at most
 * `(terms + 1)` absolute errors of {@link TINY_PER_TERM}, so the row's error
 * vector grows by at most `sqrt(d)·(terms + 1)·TINY_PER_TERM` in norm. `O(1)`.
 *
 * @example
 * underflowAllowance(4, 2) === 2 * 3 * 2 ** -1000; // true
 * @throws never.
 */
export function underflowAllowance(sqrtD: number, terms: number): number {
  return sqrtD * (terms + 1) * TINY_PER_TERM;
}
