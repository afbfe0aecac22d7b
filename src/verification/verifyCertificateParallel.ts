import type { Certificate } from '../certificates/certificate.js';
import type { Precision } from '../precision/precision.js';
import type { SparseTarget } from '../targets/sparseTarget.js';
import type { VerifyOptions } from './_internals/streamingCheck.js';
import type { Verdict } from './verdict.js';
import { certificateSource, checkCertificateInputs, plainFactors } from './verifyCertificate.js';
import {
  PARALLEL_MIN_PROJECTION,
  projectFactorsParallel,
  projectionSpareBytes,
} from './_internals/parallelProjection.js';
import { checkThreads, reserveFirstPass, streamingCheckParallel } from './_internals/streamingCheckParallel.js';

/**
 * {@link verifyCertificate} on several cores: the same validation, the same
 * projections and bounds and bit for bit the same verdict, with the
 * `O(L²·d)` first pass shared between the calling thread and
 * `options.workers` worker threads (default: one fewer than the cores; see
 * {@link streamingCheckParallel}), and so are the projections `X·WQ`, `X·WK`
 * when `X` has at least {@link PARALLEL_MIN_PROJECTION} entries (see
 * {@link projectFactorsParallel}). Input errors are thrown synchronously,
 * before any work starts.
 *
 * Complexity `O((L·m + nnz(X)·d + L²·d) / threads + m·d)` time,
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
  const logs = checkCertificateInputs(target, cert, precision, options);
  const threads = checkThreads(target.L, cert.d, options);
  if (threads < 2 || cert.X.rows * cert.X.cols < PARALLEL_MIN_PROJECTION)
    return streamingCheckParallel(target, certificateSource(cert, plainFactors(cert)), logs, options);
  // Q̂ and K̂ go straight into the memory the first pass reads them from (no copy), released after the verdict.
  // With spare room for the WebAssembly projection's arrays (or, should that not fit, without).
  const spare = projectionSpareBytes(cert.X, cert.WQ, cert.WK, threads - 1);
  const reserved =
    reserveFirstPass(target, cert.d, options, spare) ?? reserveFirstPass(target, cert.d, options) ?? undefined;
  return projectFactorsParallel(cert.X, cert.WQ, cert.WK, threads - 1, reserved)
    .then((fast) => streamingCheckParallel(target, certificateSource(cert, fast), logs, options, reserved))
    .finally(() => reserved?.release());
}
