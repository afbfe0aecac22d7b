import type { Certificate } from '../certificates/certificate.js';
import type { Precision } from '../precision/precision.js';
import type { SparseTarget } from '../targets/sparseTarget.js';
import type { VerifyOptions } from './_internals/streamingCheck.js';
import { streamingCheckParallel } from './_internals/streamingCheckParallel.js';
import type { Verdict } from './verdict.js';
import { checkedCertificateSource } from './verifyCertificate.js';

/**
 * {@link verifyCertificate} on several cores: the same validation, the same
 * projections and bounds and bit for bit the same verdict, with the
 * `O(L²·d)` first pass shared between the calling thread and
 * `options.workers` worker threads (default: one fewer than the cores; see
 * {@link streamingCheckParallel}). Input errors are thrown synchronously,
 * before any work starts.
 *
 * Complexity `O(nnz(X)·d + m·d + L²·d / threads)` time,
 * `O((threads·blockRows + 2d)·L)` memory beyond the certificate.
 *
 * @example
 * const W = SparseTarget.fromEntries(2, [[0, 0, 1], [1, 1, 1]]);
 * const cert = { X: denseMatrix(2, 2, new Float64Array([1, 0, 0, 1])),
 *   WQ: denseMatrix(2, 1, new Float64Array([4, -4])), WK: denseMatrix(2, 1, new Float64Array([1, -1])), d: 1 };
 * (await verifyCertificateParallel(W, cert, { epsilon: 0.5, gamma: 0.5 })).status; // 'pass'
 * @throws {InputTypeError | InputRangeError | RangeError} as {@link verifyCertificate}, and a
 *   RangeError when `options.workers` is not a non-negative integer.
 */
export function verifyCertificateParallel(
  target: SparseTarget,
  cert: Certificate,
  precision: Precision,
  options: VerifyOptions = {},
): Promise<Verdict> {
  const { source, logs } = checkedCertificateSource(target, cert, precision, options);
  return streamingCheckParallel(target, source, logs, options);
}
