import type { DenseMatrix } from '../../matrix/denseMatrix.js';

/**
 * The nonzero pattern of the rows of a parameter matrix `P` (`m×d`), for
 * products `X·P` that skip zeros on both sides: row `s` is either marked
 * dense (more than `d/4` nonzeros: a plain loop is faster) or listed by its
 * nonzero columns `columns[start[s] .. start[s+1])`. The "projected inputs"
 * layout has `WQ = [I_d; 0]`, one nonzero per row, which turns the
 * `O(L·m·d)` product into `O(L·m)`.
 */
export interface SparseRows {
  /** 1 when row `s` is handled densely. */
  readonly dense: Uint8Array;
  /** Row starts into {@link columns}, length `m + 1` (empty ranges for dense rows). */
  readonly start: Int32Array;
  /** Nonzero columns of the sparse rows, increasing within a row. */
  readonly columns: Int32Array;
  /** `values[c] = P[s][columns[c]]` for the sparse row `s` holding `c` (read in order, not across `P`'s rows). */
  readonly values: Float64Array;
  /** The rows with any work: dense, or sparse with at least one nonzero column; increasing. */
  readonly active: Int32Array;
}

/**
 * Scans `P` (each row once, and its nonzeros again when it is sparse) and records, per row, whether it is dense or which columns
 * are nonzero. `O(m·d)` time, `O(m + nnz of the sparse rows)` memory.
 *
 * @example
 * const P = denseMatrix(2, 4, new Float64Array([1, 0, 0, 0, 5, 6, 7, 8]));
 * const r = sparseRows(P); // r.dense = [0, 1], r.columns = [0], r.values = [1], r.start = [0, 1, 1], r.active = [0, 1]
 * @throws never.
 */
export function sparseRows(P: DenseMatrix): SparseRows {
  const m = P.rows;
  const d = P.cols;
  const p = P.data;
  const dense = new Uint8Array(m);
  const start = new Int32Array(m + 1);
  // First pass: each row's nonzeros, so that the arrays are allocated once at their size.
  const counts = new Int32Array(m);
  let entries = 0;
  let activeRows = 0;
  for (let s = 0; s < m; s++) {
    const base = s * d;
    let count = 0;
    for (let t = 0; t < d; t++) if (p[base + t] !== 0) count++;
    counts[s] = count;
    if (count > d / 4) dense[s] = 1;
    else entries += count;
    if (count > 0) activeRows++;
  }
  const columns = new Int32Array(entries);
  const values = new Float64Array(entries);
  const active = new Int32Array(activeRows);
  let c = 0;
  let a = 0;
  for (let s = 0; s < m; s++) {
    if (counts[s]! > 0) active[a++] = s;
    if (dense[s] === 0 && counts[s]! > 0) {
      const base = s * d;
      for (let t = 0; t < d; t++)
        if (p[base + t] !== 0) {
          columns[c] = t;
          values[c++] = p[base + t]!;
        }
    }
    start[s + 1] = c;
  }
  return { dense, start, columns, values, active };
}
