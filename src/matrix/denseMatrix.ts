import { InputRangeError, InputTypeError, type InputLocation } from '../errors/inputError.js';
import { quoteValue } from '../errors/quoteValue.js';

/**
 * A dense real matrix stored row-major in one `Float64Array`: entry `(i, j)`
 * is `data[i * cols + j]`. This is only a data shape, with no arithmetic, so
 * that the construction and the verifier can exchange matrices without
 * sharing any code that computes.
 */
export interface DenseMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/**
 * A `rows×cols` matrix, zero-filled or wrapping `data` (not copied).
 *
 * @example
 * denseMatrix(2, 3).data.length; // 6
 * @throws {RangeError} when a dimension is not a non-negative integer or `data` has the wrong length.
 */
export function denseMatrix(rows: number, cols: number, data?: Float64Array): DenseMatrix {
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0)
    throw new RangeError(`matrix dimensions must be non-negative integers, got ${rows}×${cols}`);
  const body = data ?? new Float64Array(rows * cols);
  if (body.length !== rows * cols)
    throw new RangeError(`matrix data has ${body.length} numbers, expected ${rows}×${cols} = ${rows * cols}`);
  return { rows, cols, data: body };
}

/** Row `i` of `m` as a view (no copy). `O(1)`. */
export function matrixRow(m: DenseMatrix, i: number): Float64Array {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}

/**
 * Validates a nested JSON array (`number[][]`) and packs it row-major.
 *
 * Every row must have the same length and every entry must be a finite number.
 * Complexity `O(rows·cols)`.
 *
 * @example
 * fromNestedArrays([[1, 2], [3, 4]], { field: 'X' }).data; // Float64Array [1, 2, 3, 4]
 * @throws {InputTypeError} when `value` is not an array of arrays of numbers.
 * @throws {InputRangeError} for ragged rows, NaN or ±Infinity; the message names the field, row and column.
 */
export function fromNestedArrays(value: unknown, location: InputLocation): DenseMatrix {
  if (!Array.isArray(value)) throw new InputTypeError('must be an array of rows', location);
  const rows = value.length;
  if (rows === 0) throw new InputRangeError('must have at least one row', location);
  const first = value[0];
  if (!Array.isArray(first))
    throw new InputTypeError('must be an array of rows (arrays of numbers)', { ...location, row: 0 });
  const cols = first.length;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = value[i];
    if (!Array.isArray(row)) throw new InputTypeError('must be an array of numbers', { ...location, row: i });
    if (row.length !== cols)
      throw new InputRangeError(`has ${row.length} columns, but row 0 has ${cols}`, { ...location, row: i });
    for (let j = 0; j < cols; j++) {
      const v = row[j];
      if (typeof v !== 'number')
        throw new InputTypeError(`must be a number, got ${quoteValue(v)}`, { ...location, row: i, column: j });
      if (!Number.isFinite(v))
        throw new InputRangeError(`is ${v}; matrix entries must be finite`, { ...location, row: i, column: j });
      data[i * cols + j] = v;
    }
  }
  return { rows, cols, data };
}

/** The nested-array (`number[][]`) form of `m`, as written to JSON. `O(rows·cols)`. */
export function toNestedArrays(m: DenseMatrix): number[][] {
  const out: number[][] = new Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = Array.from(matrixRow(m, i));
  return out;
}
