import { InputRangeError, InputTypeError } from '../../errors/inputError.js';
import type { DenseMatrix } from '../../matrix/denseMatrix.js';

/**
 * Checks that `m` is a well-formed {@link DenseMatrix} with only finite
 * entries: the verifier's inputs may come from code rather than a parser, and
 * a NaN logit would silently drop out of every max and min. With `scan`
 * false, only the shape and type (for matrices whose entries the caller has
 * already checked, see `VerifyOptions.checkFinite`). `O(rows·cols)`, `O(1)` without the scan.
 *
 * @example
 * checkFiniteMatrix(denseMatrix(1, 2, new Float64Array([1, NaN])), 'Q');
 * // throws InputRangeError "Q, row 0, column 1: is NaN; matrix entries must be finite"
 * @throws {InputTypeError} when `m` is not a matrix object with a `Float64Array`.
 * @throws {InputRangeError} for a data length that disagrees with the shape, or a NaN or infinite entry (naming `field`, row and column).
 */
export function checkFiniteMatrix(m: DenseMatrix, field: string, source?: string, scan = true): void {
  const file = source !== undefined ? { file: source } : {};
  if (
    typeof m !== 'object' ||
    m === null ||
    !(m.data instanceof Float64Array) ||
    !Number.isInteger(m.rows) ||
    !Number.isInteger(m.cols)
  )
    throw new InputTypeError('must be a DenseMatrix {rows, cols, data: Float64Array}', { ...file, field });
  if (m.data.length !== m.rows * m.cols)
    throw new InputRangeError(`has ${m.data.length} numbers for a ${m.rows}×${m.cols} shape`, { ...file, field });
  if (!scan) return;
  const data = m.data;
  for (let p = 0; p < data.length; p++) {
    const v = data[p]!;
    if (v - v !== 0)
      // NaN or ±Infinity, in one cheap test
      throw new InputRangeError(`is ${v}; matrix entries must be finite`, {
        ...file,
        field,
        row: Math.floor(p / m.cols),
        column: p % m.cols,
      });
  }
}
