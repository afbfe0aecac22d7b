import type { DenseMatrix } from '../matrix/denseMatrix.js';
import type { Precision } from '../precision/precision.js';
import type { SparseTarget } from '../targets/sparseTarget.js';
import type { VerifyOptions } from './_internals/streamingCheck.js';
import { streamingCheckParallel } from './_internals/streamingCheckParallel.js';
import type { Verdict } from './verdict.js';
import { checkedFactorSource } from './verifyFactors.js';

/**
 * {@link verifyFactors} on several cores: the same validation, the same
 * bounds and bit for bit the same verdict, with the `O(L²·d)` first pass
 * shared between the calling thread and `options.workers` worker threads
 * (default: one fewer than the cores; see {@link streamingCheckParallel}).
 * Input errors are thrown synchronously, before any work starts.
 *
 * Complexity `O(L²·d / threads)` time, `O((threads·blockRows + 2d)·L)` memory.
 *
 * @example
 * const W = SparseTarget.fromEntries(2, [[0, 0, 1], [1, 1, 1]]);
 * const Q = denseMatrix(2, 1, new Float64Array([4, -4]));
 * const K = denseMatrix(2, 1, new Float64Array([1, -1]));
 * (await verifyFactorsParallel(W, Q, K, { epsilon: 0.5, gamma: 0.5 })).status; // 'pass'
 * @throws {InputTypeError | InputRangeError | RangeError} as {@link verifyFactors}, and a
 *   RangeError when `options.workers` is not a non-negative integer.
 */
export function verifyFactorsParallel(
  target: SparseTarget,
  Q: DenseMatrix,
  K: DenseMatrix,
  precision: Precision,
  options: VerifyOptions = {},
): Promise<Verdict> {
  const { source, logs } = checkedFactorSource(target, Q, K, precision, options);
  return streamingCheckParallel(target, source, logs, options);
}
