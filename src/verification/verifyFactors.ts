import { InputRangeError, InputTypeError } from '../errors/inputError.js';
import type { DenseMatrix } from '../matrix/denseMatrix.js';
import { precisionLogs, type Precision, type PrecisionLogs } from '../precision/precision.js';
import { SparseTarget } from '../targets/sparseTarget.js';
import type { BoundedFactors, FactorSource } from './_internals/boundedFactors.js';
import { checkFiniteMatrix } from './_internals/checkFiniteMatrix.js';
import { MAX_BOUND_DIMENSION } from './_internals/roundingBounds.js';
import { streamingCheck, type VerifyOptions } from './_internals/streamingCheck.js';
import type { Verdict } from './verdict.js';

/**
 * Decides SPEC §2 for given query and key matrices: does
 * `A = softmax_rows(Q K^T / sqrt(d))` (epsilon, gamma)-approximate `target`?
 *
 * Works in log space on the logits `C = Q K^T / sqrt(d)` row block by row
 * block, never holding an `L×L` array, with a rigorous rounding-error bound
 * per row: each condition in each row is reported as holding only when it
 * holds for the exact logits, failing only when it fails for them; rows too
 * close to call are re-checked with compensated dot products, and if still
 * undecided the verdict is `'inconclusive'` with a `reason` (see
 * {@link streamingCheck} for the bounds).
 *
 * Complexity `O(L²·d)` time, `O(blockRows·L + L·d)` memory.
 *
 * @example
 * const W = SparseTarget.fromEntries(2, [[0, 0, 1], [1, 1, 1]]);
 * const Q = denseMatrix(2, 1, new Float64Array([4, -4]));
 * const K = denseMatrix(2, 1, new Float64Array([1, -1]));
 * const v = verifyFactors(W, Q, K, { epsilon: 0.5, gamma: 0.5 });
 * v.status;      // 'pass'
 * v.worstMargin; // -8 (row 0: C_01 − C_00 = −4 − 4)
 * @throws {InputTypeError} when `target` is not a SparseTarget or a matrix is malformed, or for a mistyped precision.
 * @throws {InputRangeError} when `Q` or `K` is not `L×d` (the message names the matrix), an entry is not finite,
 *   `d` is 0 or above `2^30`, or the precision is out of range.
 * @throws {RangeError} when `options.blockRows` or `options.kernel` is invalid (see {@link streamingCheck}).
 */
export function verifyFactors(
  target: SparseTarget,
  Q: DenseMatrix,
  K: DenseMatrix,
  precision: Precision,
  options: VerifyOptions = {},
): Verdict {
  const { source, logs } = checkedFactorSource(target, Q, K, precision, options);
  return streamingCheck(target, source, logs, options);
}

/**
 * The input validation of {@link verifyFactors} (shared with
 * {@link verifyFactorsParallel}): the precision's logarithms and the factor
 * source of exact `Q`, `K`. `O(L·d)`.
 *
 * @example
 * const { logs } = checkedFactorSource(W, Q, K, { epsilon: 0.5, gamma: 0.5 }, {});
 * logs.rho; // Math.log1p(0.5)
 * @throws as {@link verifyFactors}.
 */
export function checkedFactorSource(
  target: SparseTarget,
  Q: DenseMatrix,
  K: DenseMatrix,
  precision: Precision,
  options: VerifyOptions,
): { source: FactorSource; logs: PrecisionLogs } {
  const file = options.source !== undefined ? { file: options.source } : {};
  if (!(target instanceof SparseTarget))
    throw new InputTypeError('must be a SparseTarget', { ...file, field: 'target' });
  const logs = precisionLogs(precision);
  const scan = options.checkFinite ?? true;
  checkFiniteMatrix(Q, 'Q', options.source, scan);
  checkFiniteMatrix(K, 'K', options.source, scan);
  const L = target.L;
  if (Q.rows !== L)
    throw new InputRangeError(`Q has ${Q.rows} rows but the target has L = ${L}`, { ...file, field: 'Q' });
  if (K.rows !== L)
    throw new InputRangeError(`K has ${K.rows} rows but the target has L = ${L}`, { ...file, field: 'K' });
  if (K.cols !== Q.cols)
    throw new InputRangeError(`K has ${K.cols} columns but Q has d = ${Q.cols}`, { ...file, field: 'K' });
  if (Q.cols < 1 || Q.cols > MAX_BOUND_DIMENSION)
    throw new InputRangeError(`d = ${Q.cols} must lie in 1..2^30`, { ...file, field: 'Q' });
  // Q and K are exact here (radius 0); the re-check uses them as they are.
  const factors: BoundedFactors = { Q, K, qRadius: null, kRadius: null };
  return { source: { fast: factors, accurate: () => factors }, logs };
}
