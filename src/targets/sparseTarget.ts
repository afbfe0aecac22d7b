import { describeLocation, InputRangeError, InputTypeError, type InputLocation } from '../errors/inputError.js';
import { quoteValue } from '../errors/quoteValue.js';

/** Largest sequence length accepted (2^24): larger declared sizes are refused before any allocation. */
export const MAX_SEQUENCE_LENGTH = 1 << 24;

/**
 * Most entries a target may list (2^22 ≈ 4.2 million), in any format. Reading
 * and validating a target costs about 200–350 bytes per entry at the peak
 * (measured: 2^20 Matrix Market entries, 360 MB resident; 2^23 dense `.npy`
 * entries, 1.9 GB), so this keeps any target under about 1.5 GB, where a
 * 512 MiB file of short entry lines would otherwise hold some 30 million
 * entries and exhaust the JavaScript heap (about 4 GB) with a crash. The
 * readers refuse a larger target before building its entries: Matrix Market
 * from its size line, JSON from a count of its brackets, `.npy` from its
 * nonzeros.
 */
export const MAX_TARGET_ENTRIES = 2 ** 22;

/** One positive entry `[row, column, value]` of a target, 0-based. */
export type TargetEntry = readonly [row: number, column: number, value: number];

/** Options of {@link SparseTarget.fromEntries}. */
export interface TargetOptions {
  /**
   * Sparsity bound `S`: at most `S` positive entries in every row and every
   * column. Omitted: no bound is enforced (the target's own maximum is `S`).
   */
  readonly S?: number;
  /** File name used in error messages. */
  readonly source?: string;
  /** Index base used in error messages (`1` for Matrix Market). Default `0`. */
  readonly indexBase?: 0 | 1;
  /** Name of the field that held the entries, for error messages. Default `"entries"`. */
  readonly field?: string;
  /**
   * Where entry number `k` came from, for error messages (a reader of a text
   * format returns `{ line }`). Default: `{ field: "entries[k]" }`.
   */
  readonly describeEntry?: (k: number) => InputLocation;
}

/**
 * A valid target `W` of SPEC §1, stored in compressed sparse rows (CSR).
 *
 * Only ratios inside a row matter (the theorem is invariant under rescaling a
 * row by any positive factor), so besides the raw values the type keeps, per
 * row, the natural logarithm of every weight, of the row minimum, and the row's
 * dynamic range `ln kappa_i = ln max - ln min`. Everything downstream works with
 * these logarithms, never with ratios of raw weights, so rows scaled by 1e-300
 * or 1e300 lose nothing.
 *
 * Instances are immutable and always valid: the only way to build one is
 * {@link SparseTarget.fromEntries}, which validates.
 */
export class SparseTarget {
  /** Sequence length: `W` is `L×L`. */
  readonly L: number;
  /** Number of positive entries. */
  readonly nnz: number;
  /** CSR row pointers, length `L + 1`: row `i` holds positions `rowPtr[i] .. rowPtr[i+1]-1`. */
  readonly rowPtr: Int32Array;
  /** Column of each stored entry, increasing within a row. */
  readonly colIdx: Int32Array;
  /** Value of each stored entry (finite, > 0). */
  readonly values: Float64Array;
  /** `ln` of each stored value. */
  readonly logValues: Float64Array;
  /** `ln min_{supp(i)} W_ij` per row. */
  readonly rowLogMin: Float64Array;
  /** `ln kappa_i = ln max - ln min` per row (>= 0). */
  readonly rowLogKappa: Float64Array;
  /** Largest number of positive entries in one row. */
  readonly maxRowCount: number;
  /** Largest number of positive entries in one column. */
  readonly maxColumnCount: number;
  /** `ln kappa(W) = max_i ln kappa_i`. */
  readonly logKappa: number;

  private constructor(L: number, rowPtr: Int32Array, colIdx: Int32Array, values: Float64Array, maxColumnCount: number) {
    this.L = L;
    this.rowPtr = rowPtr;
    this.colIdx = colIdx;
    this.values = values;
    this.nnz = values.length;
    this.maxColumnCount = maxColumnCount;
    this.logValues = values.map(Math.log);
    this.rowLogMin = new Float64Array(L);
    this.rowLogKappa = new Float64Array(L);
    let maxRowCount = 0;
    let logKappa = 0;
    for (let i = 0; i < L; i++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let p = rowPtr[i]!; p < rowPtr[i + 1]!; p++) {
        const v = this.logValues[p]!;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      this.rowLogMin[i] = lo;
      this.rowLogKappa[i] = hi - lo;
      if (hi - lo > logKappa) logKappa = hi - lo;
      maxRowCount = Math.max(maxRowCount, rowPtr[i + 1]! - rowPtr[i]!);
    }
    this.maxRowCount = maxRowCount;
    this.logKappa = logKappa;
  }

  /** Dynamic range `kappa(W) = max_i max_j W_ij / min_j W_ij` (may be `Infinity` when it exceeds the double range; {@link logKappa} never does). */
  get kappa(): number {
    return Math.exp(this.logKappa);
  }

  /** Smallest `S` this target satisfies: max over rows and columns of the positive-entry count. */
  get sparsity(): number {
    return Math.max(this.maxRowCount, this.maxColumnCount);
  }

  /** Number of positive entries of row `i`. */
  rowCount(i: number): number {
    return this.rowPtr[i + 1]! - this.rowPtr[i]!;
  }

  /** True when `W_ij > 0`. Binary search in row `i`: `O(log S)`. */
  has(i: number, j: number): boolean {
    let lo = this.rowPtr[i]!;
    let hi = this.rowPtr[i + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = this.colIdx[mid]!;
      if (c === j) return true;
      if (c < j) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /** `W_ij`, or 0 when absent. `O(log S)`. */
  get(i: number, j: number): number {
    for (let p = this.rowPtr[i]!; p < this.rowPtr[i + 1]!; p++) if (this.colIdx[p] === j) return this.values[p]!;
    return 0;
  }

  /** All positive entries as `[row, column, value]`, 0-based, row-major. */
  entries(): TargetEntry[] {
    const out: TargetEntry[] = [];
    for (let i = 0; i < this.L; i++)
      for (let p = this.rowPtr[i]!; p < this.rowPtr[i + 1]!; p++) out.push([i, this.colIdx[p]!, this.values[p]!]);
    return out;
  }

  /** The `{"L": n, "entries": [...]}` form read by {@link readJsonTarget}. */
  toJSON(): { L: number; entries: TargetEntry[] } {
    return { L: this.L, entries: this.entries() };
  }

  /**
   * Builds and validates a target from its positive entries (SPEC §1).
   *
   * Entries with value exactly 0 are accepted and mean "absent". Complexity
   * `O(L + n log n)` for `n` entries.
   *
   * @example
   * const W = SparseTarget.fromEntries(3, [[0, 1, 2], [1, 0, 1], [2, 2, 5]], { S: 1 });
   * W.nnz;      // 3
   * W.kappa;    // 1
   * @throws {InputTypeError} when `L` or an entry is not made of numbers.
   * @throws {InputRangeError} for `L < 2`, an index out of range, a negative,
   *   NaN or infinite value, a duplicate entry, a row without a positive entry,
   *   or a row or column with more than `S` positive entries. The message names
   *   the row, column and entry at fault.
   */
  static fromEntries(
    L: number,
    entries: ReadonlyArray<ReadonlyArray<unknown>>,
    options: TargetOptions = {},
  ): SparseTarget {
    const base = options.indexBase ?? 0;
    const field = options.field ?? 'entries';
    const at = (extra: InputLocation): InputLocation => ({
      ...(options.source !== undefined ? { file: options.source } : {}),
      ...extra,
    });
    const entryAt = options.describeEntry ?? ((k: number): InputLocation => ({ field: `${field}[${k}]` }));
    if (typeof L !== 'number' || !Number.isInteger(L))
      throw new InputTypeError(`L must be an integer, got ${String(L)}`, at({ field: 'L' }));
    if (L < 2) throw new InputRangeError(`L must be at least 2, got ${L}`, at({ field: 'L' }));
    if (L > MAX_SEQUENCE_LENGTH)
      throw new InputRangeError(`L = ${L} exceeds the supported maximum ${MAX_SEQUENCE_LENGTH}`, at({ field: 'L' }));
    if (!Array.isArray(entries))
      throw new InputTypeError('entries must be an array of [row, column, value]', at({ field }));
    if (entries.length > MAX_TARGET_ENTRIES)
      throw new InputRangeError(
        `has ${entries.length} entries, more than the ${MAX_TARGET_ENTRIES} a target may have`,
        at({ field }),
      );
    const S = options.S;
    if (S !== undefined && (!Number.isInteger(S) || S < 1))
      throw new InputRangeError(`S must be a positive integer, got ${S}`, at({ field: 'S' }));

    const rows: number[] = [];
    const cols: number[] = [];
    const vals: number[] = [];
    for (let e = 0; e < entries.length; e++) {
      const entry = entries[e];
      const where = entryAt(e);
      if (!Array.isArray(entry) || entry.length !== 3)
        throw new InputTypeError('an entry must be an array [row, column, value]', at(where));
      const [r, c, v] = entry as unknown[];
      if (typeof r !== 'number' || !Number.isInteger(r))
        throw new InputTypeError(`row index must be an integer, got ${quoteValue(r)}`, at(where));
      if (typeof c !== 'number' || !Number.isInteger(c))
        throw new InputTypeError(`column index must be an integer, got ${quoteValue(c)}`, at(where));
      if (typeof v !== 'number') throw new InputTypeError(`value must be a number, got ${quoteValue(v)}`, at(where));
      const i = r - base;
      const j = c - base;
      if (i < 0 || i >= L)
        throw new InputRangeError(
          `row index ${r} is out of range ${base}..${L - 1 + base}`,
          at({ ...where, row: r, column: c }),
        );
      if (j < 0 || j >= L)
        throw new InputRangeError(
          `column index ${c} is out of range ${base}..${L - 1 + base}`,
          at({ ...where, row: r, column: c }),
        );
      if (Number.isNaN(v))
        throw new InputRangeError('value is NaN; entries must be finite and >= 0', at({ ...where, row: r, column: c }));
      if (!Number.isFinite(v))
        throw new InputRangeError(
          `value is ${v}; entries must be finite and >= 0`,
          at({ ...where, row: r, column: c }),
        );
      if (v < 0)
        throw new InputRangeError(
          `value ${v} is negative; entries must be finite and >= 0`,
          at({ ...where, row: r, column: c }),
        );
      rows.push(i);
      cols.push(j);
      vals.push(v);
    }

    // Sort entry positions by (row, column) to build CSR and find duplicates.
    const order = Array.from(rows.keys()).sort((a, b) => rows[a]! - rows[b]! || cols[a]! - cols[b]!);
    for (let t = 1; t < order.length; t++) {
      const a = order[t - 1]!;
      const b = order[t]!;
      if (rows[a] === rows[b] && cols[a] === cols[b]) {
        const lo = Math.min(a, b);
        const hi = Math.max(a, b);
        throw new InputRangeError(
          `duplicate entry: ${describeLocation(entryAt(lo))} and ${describeLocation(entryAt(hi))} both set it`,
          at({ row: rows[a]! + base, column: cols[a]! + base }),
        );
      }
    }

    // Row checks in row order, over the sorted positive entries only: O(nnz), before any O(L) array is
    // allocated, so a huge declared L with few entries is refused for its first empty row at once.
    const kept = order.filter((p) => vals[p]! > 0);
    let nextRow = 0;
    for (let t = 0; t < kept.length;) {
      const r = rows[kept[t]!]!;
      let end = t;
      while (end < kept.length && rows[kept[end]!] === r) end++;
      if (r > nextRow) break; // row nextRow has no entry
      if (S !== undefined && end - t > S)
        throw new InputRangeError(`row has ${end - t} positive entries, more than S = ${S}`, at({ row: r + base }));
      nextRow = r + 1;
      t = end;
    }
    if (nextRow < L)
      throw new InputRangeError('row has no positive entry; every row needs at least one', at({ row: nextRow + base }));

    const rowPtr = new Int32Array(L + 1);
    const colCount = new Int32Array(L);
    for (const p of kept) {
      rowPtr[rows[p]! + 1]!++;
      colCount[cols[p]!]!++;
    }
    for (let i = 0; i < L; i++) rowPtr[i + 1]! += rowPtr[i]!;
    let maxColumnCount = 0;
    for (let j = 0; j < L; j++) {
      const count = colCount[j]!;
      if (S !== undefined && count > S)
        throw new InputRangeError(`column has ${count} positive entries, more than S = ${S}`, at({ column: j + base }));
      if (count > maxColumnCount) maxColumnCount = count;
    }
    const colIdx = Int32Array.from(kept, (p) => cols[p]!);
    const values = Float64Array.from(kept, (p) => vals[p]!);
    return new SparseTarget(L, rowPtr, colIdx, values, maxColumnCount);
  }
}
