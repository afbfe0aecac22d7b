import { InputRangeError } from '../errors/inputError.js';
import { parseJsonTarget } from '../targets/parseJsonTarget.js';
import { parseMatrixMarket } from '../targets/parseMatrixMarket.js';
import type { SparseTarget } from '../targets/sparseTarget.js';
import { parseNpyTarget } from './parseNpyTarget.js';
import { readInputBytes } from './readInputBytes.js';
import { readInputFile } from './readInputFile.js';

/**
 * Loads and validates a target file, choosing the reader by extension:
 * `.json` ({@link parseJsonTarget}), `.mtx` ({@link parseMatrixMarket}), or `.npy`, a
 * dense `L×L` float array saved by `np.save` whose zeros mean "no entry" ({@link parseNpyTarget}).
 * `S`, when given, is enforced on every row and column. `O(size)`.
 *
 * @example
 * loadTarget('fixtures/targets/permutation-8.json').L; // 8
 * @throws {InputRangeError|InputTypeError} naming the file and the place at fault.
 */
export function loadTarget(path: string, S?: number): SparseTarget {
  const lower = path.toLowerCase();
  if (lower.endsWith('.json')) return parseJsonTarget(readInputFile(path), path, S);
  if (lower.endsWith('.mtx')) return parseMatrixMarket(readInputFile(path), path, S);
  if (lower.endsWith('.npy')) return parseNpyTarget(readInputBytes(path), path, S);
  throw new InputRangeError('unknown target format: expected a .json or .mtx file, or a dense .npy array', {
    file: path,
  });
}
