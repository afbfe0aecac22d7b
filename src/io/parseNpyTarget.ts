import { InputRangeError } from '../errors/inputError.js';
import { MAX_TARGET_ENTRIES, SparseTarget } from '../targets/sparseTarget.js';
import { parseNpy } from './parseNpy.js';

/**
 * Reads a target from the bytes of a `.npy` file holding the dense `L×L`
 * matrix `W` (float64 or float32, any byte order, C or Fortran order; see
 * {@link parseNpy}). Zeros (also `-0`) mean "no entry"; every other entry,
 * including negative, NaN and infinite ones, is handed to
 * {@link SparseTarget.fromEntries}, so that the rules of SPEC §1 (and `S`,
 * when given) are enforced and reported as for any other target, with 0-based
 * row and column. `O(L²)`.
 *
 * @example
 * // np.save('W.npy', np.array([[0.0, 2.0], [1.0, 0.0]]))
 * parseNpyTarget(bytes, 'W.npy').nnz; // 2
 * @throws {InputTypeError|InputRangeError} naming the file: for a bad `.npy` file (see {@link parseNpy}),
 *   a non-square array, more than {@link MAX_TARGET_ENTRIES} nonzeros, or an invalid target
 *   (naming its row and column, e.g. a negative entry, an empty row, a row or column over `S`).
 */
export function parseNpyTarget(bytes: Uint8Array, source?: string, S?: number): SparseTarget {
  const file = source !== undefined ? { file: source } : {};
  const W = parseNpy(bytes, file, { finite: false, borrow: true });
  if (W.rows !== W.cols) throw new InputRangeError(`array is ${W.rows}×${W.cols}; a target must be square (L×L)`, file);
  const L = W.rows;
  // Count first (NaN !== 0 counts as present), so an over-dense file is refused before any triple is built
  // (each becomes a [row, column, value] triple for fromEntries: measured, 2^23 of them took 1.9 GB and 7 s).
  let nonzeros = 0;
  for (let p = 0; p < W.data.length; p++) if (W.data[p] !== 0) nonzeros++;
  if (nonzeros > MAX_TARGET_ENTRIES)
    throw new InputRangeError(
      `has ${nonzeros} nonzero entries, more than the ${MAX_TARGET_ENTRIES} a dense .npy target may have; store a target this dense in a sparse format (.mtx or .json)`,
      file,
    );
  const entries: [number, number, number][] = [];
  for (let p = 0; p < W.data.length; p++) {
    const v = W.data[p]!;
    if (v !== 0) entries.push([Math.floor(p / L), p % L, v]);
  }
  return SparseTarget.fromEntries(L, entries, {
    ...(source !== undefined ? { source } : {}),
    ...(S !== undefined ? { S } : {}),
    // An entry is known by its row and column, which every message of fromEntries already gives.
    describeEntry: () => ({}),
  });
}
