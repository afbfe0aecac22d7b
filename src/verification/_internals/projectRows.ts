import type { Int16Packing } from './kernel/int16Packing.js';

/** One product `X·P` as {@link projectRows} computes it: `P` in the form it reads, and where each row goes. */
export interface RowProduct {
  /** Columns of `P` (and of the product). */
  readonly d: number;
  /** `P`'s entries, row-major (read for its dense rows only; empty when it has none). */
  readonly p: Float64Array;
  /** The product, `L×d` (any contents before: each row is zeroed before it is accumulated). */
  readonly out: Float64Array;
  /** Per-row error radii (`L`). */
  readonly radius: Float64Array;
  /** Per-row norms of the product as `norm` gives them (`L`), or `null` when not wanted. */
  readonly norms: Float64Array | null;
  /** `pNorm[s] = ||P_s||_2`. */
  readonly pNorm: Float64Array;
  /** The nonzero pattern of `P`'s rows (see `sparseRows`). */
  readonly dense: Uint8Array;
  readonly start: Int32Array;
  readonly columns: Int32Array;
  readonly values: Float64Array;
  readonly active: Int32Array;
  /** `twoGamma[n] = 2·gamma_n` and `allowance[n]` the underflow allowance of a row with `n` nonzeros, `n = 0..m`. */
  readonly twoGamma: Float64Array;
  readonly allowance: Float64Array;
  /** Where each row, once computed, is quantised for the int16 first pass (`pack`), or `null`. */
  readonly int16: Int16Packing | null;
}

/** The plain products `fl(X·P)` of one `X` (`rows×m`, row-major `x`) for one or more `P`, in blocks of rows. */
export interface RowProjection {
  readonly m: number;
  readonly x: Float64Array;
  /** Rows of `X`. */
  readonly rows: number;
  /** Rows per block (block `b` is rows `b·blockRows ..` up to `rows`). */
  readonly blockRows: number;
  readonly products: readonly RowProduct[];
}

/** A row norm: `vectorNorm`'s signature (passed in, see {@link projectRows}). */
export type RowNorm = (x: Float64Array, offset: number, length: number) => number;

/** A row's quantisation: `packInt16Row`'s signature (passed in, see {@link projectRows}). */
export type RowPack = (src: Float64Array, i: number, packing: Int16Packing) => void;

/**
 * Row block `block` of every product of `job` (rows `block·blockRows` to the
 * next block or the end): row `i` of `X·P` accumulated
 * as `sum_{s : X_is != 0} X_is·P_s`, one scaled row of `P` at a time in
 * increasing `s` (dense rows of `P` by a plain loop, the others by their
 * nonzero columns), its radius `2·gamma_n·sum_s |X_is| ||P_s|| + allowance(n)`
 * with `n` the nonzeros of `X_i` (the bound of `projectInputs`), and, when
 * wanted, its norm `norm(out, i·d, d)` and its quantisation for the int16
 * first pass `pack(out, i, int16)`, while the row is in cache.
 *
 * The one loop of the plain projection, run by the calling thread for every
 * block or shared block by block with worker threads, which run it from its text
 * (see `runParallel`): so it must stay self-contained (no imports, no names
 * but its parameters and globals), and `norm` is passed in rather than
 * imported, and so is `pack`. Rows are independent, so any split gives the same bits.
 *
 * `O(sum over rows of (m + nnz(X_i)·d))` at most.
 *
 * @example
 * // X = [[1, 2]], P = [[3], [4]]: one sparse row each; 1·3 + 2·4 = 11
 * const product = { d: 1, p: new Float64Array(0), out: new Float64Array(1), radius: new Float64Array(1), norms: null,
 *   pNorm: new Float64Array([3, 4]), dense: new Uint8Array(2), start: new Int32Array([0, 1, 2]),
 *   columns: new Int32Array([0, 0]), values: new Float64Array([3, 4]), active: new Int32Array([0, 1]),
 *   twoGamma: new Float64Array(3), allowance: new Float64Array(3), int16: null };
 * projectRows({ m: 2, x: new Float64Array([1, 2]), rows: 1, blockRows: 1, products: [product] }, 0, Math.hypot, packInt16Row);
 * product.out; // Float64Array [11]
 * @throws never (arrays must have the sizes documented above).
 */
export function projectRows(job: RowProjection, block: number, norm: RowNorm, pack: RowPack): void {
  const { m, x, rows, blockRows, products } = job;
  const end = Math.min(rows, (block + 1) * blockRows);
  for (let i = block * blockRows; i < end; i++) {
    const xi = i * m;
    let terms = 0;
    for (let s = 0; s < m; s++) if (x[xi + s] !== 0) terms++;
    for (let k = 0; k < products.length; k++) {
      const { d, p, out, radius, norms, pNorm, dense, start, columns, values, active, twoGamma, allowance, int16 } =
        products[k]!;
      const o = i * d;
      for (let t = 0; t < d; t++) out[o + t] = 0;
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
      radius[i] = twoGamma[terms]! * weighted + allowance[terms]!;
      if (norms !== null) norms[i] = norm(out, o, d);
      if (int16 !== null) pack(out, i, int16);
    }
  }
}
