import type { InputLocation } from '../errors/inputError.js';
import type { DenseMatrix } from '../matrix/denseMatrix.js';
import { parseNpy, type ParseNpyOptions } from './parseNpy.js';
import { readInputBytes } from './readInputBytes.js';

/**
 * Reads a 2-D float64 or float32 array saved by `np.save` (a `.npy` file,
 * versions 1.0–3.0, either byte order, C or Fortran order) into a row-major
 * float64 {@link DenseMatrix}. Files over 512 MiB are refused before they
 * are read. Every error names the file, and `location.field` when given
 * (`'X'`). `O(file size)`.
 *
 * @example
 * // python3 -c "import numpy as np; np.save('a.npy', np.array([[1.0, 2.0], [3.0, 4.0]]))"
 * readNpy('a.npy').data; // Float64Array [1, 2, 3, 4]
 * @throws {InputRangeError|InputTypeError} naming the file (and row and column for a NaN or
 *   ±Infinity entry) when the file is missing, too large, not a `.npy` file, of an unsupported
 *   version or element type, not 2-D, truncated, or holds more than one array; see {@link parseNpy}.
 */
export function readNpy(path: string, location: InputLocation = {}, options: ParseNpyOptions = {}): DenseMatrix {
  return parseNpy(readInputBytes(path), { ...location, file: path }, options);
}
