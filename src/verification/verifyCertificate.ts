import { InputRangeError, InputTypeError } from '../errors/inputError.js';
import { checkCertificateShapes, type Certificate } from '../certificates/certificate.js';
import { precisionLogs, type Precision, type PrecisionLogs } from '../precision/precision.js';
import { SparseTarget } from '../targets/sparseTarget.js';
import type { BoundedFactors, FactorSource } from './_internals/boundedFactors.js';
import { checkFiniteMatrix } from './_internals/checkFiniteMatrix.js';
import { projectInputs, projectInputsTogether, type Projection } from './_internals/inputProjection.js';
import { MAX_BOUND_DIMENSION } from './_internals/roundingBounds.js';
import { streamingCheck, type VerifyOptions } from './_internals/streamingCheck.js';
import type { Verdict } from './verdict.js';

/**
 * Decides SPEC §2 for a certificate: does the head with inputs `X` and
 * parameters `WQ`, `WK` (`A = softmax_rows((X WQ)(X WK)^T / sqrt(d))`)
 * (epsilon, gamma)-approximate `target`?
 *
 * Checks the shapes, computes `Q̂ = fl(X WQ)` and `K̂ = fl(X WK)` skipping the
 * zero entries of `X` (so the "fixed module" layout `X = [B | I_L]` costs
 * `O(nnz(X)·d)`, not `O(L·m·d)`), with per-row bounds on their distance to the
 * exact products that are carried into the logit error bound, and then runs
 * the same streaming check as {@link verifyFactors}. Rows too close to call
 * are re-checked with `Q`, `K` and the logits all recomputed by compensated
 * dot products.
 *
 * Complexity `O(nnz(X)·d + m·d + L²·d)` time, `O(blockRows·L + L·d)` memory
 * beyond the certificate.
 *
 * @example
 * const W = SparseTarget.fromEntries(2, [[0, 0, 1], [1, 1, 1]]);
 * const cert = { X: denseMatrix(2, 2, new Float64Array([1, 0, 0, 1])),
 *   WQ: denseMatrix(2, 1, new Float64Array([4, -4])), WK: denseMatrix(2, 1, new Float64Array([1, -1])), d: 1 };
 * verifyCertificate(W, cert, { epsilon: 0.5, gamma: 0.5 }).status; // 'pass'
 * @throws {InputTypeError} when `target` is not a SparseTarget or a matrix is malformed, or for a mistyped precision.
 * @throws {InputRangeError} when the shapes of `X`, `WQ`, `WK`, `d` disagree with each other or with `L`
 *   (naming the matrix), an entry is not finite, or the precision is out of range.
 * @throws {RangeError} when `options.blockRows` or `options.kernel` is invalid (see {@link streamingCheck}).
 */
export function verifyCertificate(
  target: SparseTarget,
  cert: Certificate,
  precision: Precision,
  options: VerifyOptions = {},
): Verdict {
  const { source, logs } = checkedCertificateSource(target, cert, precision, options);
  return streamingCheck(target, source, logs, options);
}

/**
 * The input validation of {@link verifyCertificate} (shared with
 * {@link verifyCertificateParallel}): the precision's logarithms and the
 * factor source (projections computed now, compensated ones on demand).
 * `O(nnz(X)·d + m·d)`.
 *
 * @example
 * const { source } = checkedCertificateSource(W, cert, { epsilon: 0.5, gamma: 0.5 }, {});
 * source.fast.Q.cols; // cert.d
 * @throws as {@link verifyCertificate}.
 */
export function checkedCertificateSource(
  target: SparseTarget,
  cert: Certificate,
  precision: Precision,
  options: VerifyOptions,
): { source: FactorSource; logs: PrecisionLogs } {
  const logs = checkCertificateInputs(target, cert, precision, options);
  return { source: certificateSource(cert, plainFactors(cert)), logs };
}

/**
 * The input checks of {@link checkedCertificateSource}, without the
 * projections: the precision's logarithms once the target, the certificate's
 * matrices (finite entries), shapes and dimensions have passed. `O(L·m + m·d)`.
 *
 * @example
 * checkCertificateInputs(W, cert, { epsilon: 0.5, gamma: 0.5 }, {}).rho; // Math.log1p(0.5)
 * @throws as {@link verifyCertificate}.
 */
export function checkCertificateInputs(
  target: SparseTarget,
  cert: Certificate,
  precision: Precision,
  options: VerifyOptions,
): PrecisionLogs {
  const source = options.source;
  const file = source !== undefined ? { file: source } : {};
  if (!(target instanceof SparseTarget))
    throw new InputTypeError('must be a SparseTarget', { ...file, field: 'target' });
  if (typeof cert !== 'object' || cert === null)
    throw new InputTypeError('a certificate must be an object {X, WQ, WK, d}', file);
  const logs = precisionLogs(precision);
  const scan = options.checkFinite ?? true;
  checkFiniteMatrix(cert.X, 'X', source, scan);
  checkFiniteMatrix(cert.WQ, 'WQ', source, scan);
  checkFiniteMatrix(cert.WK, 'WK', source, scan);
  checkCertificateShapes(cert, target.L, source);
  if (cert.d > MAX_BOUND_DIMENSION || cert.X.cols > MAX_BOUND_DIMENSION)
    throw new InputRangeError(`d = ${cert.d} and m = ${cert.X.cols} must be at most 2^30`, { ...file, field: 'd' });
  return logs;
}

/**
 * The factor source of a checked certificate: `fast` (its plain projections)
 * for the first pass, the compensated projections computed on the first
 * call of `accurate` (at most once). `O(1)`; `accurate` costs `O(nnz(X)·d)` once.
 *
 * @example
 * certificateSource(cert, fast).accurate().Q.cols; // cert.d (the compensated projections, computed now)
 * @throws never (the certificate must have passed {@link checkCertificateInputs}).
 */
export function certificateSource(cert: Certificate, fast: BoundedFactors): FactorSource {
  let accurate: BoundedFactors | null = null;
  return {
    fast,
    accurate: () =>
      (accurate ??= factorsOf(projectInputs(cert.X, cert.WQ, true), projectInputs(cert.X, cert.WK, true))),
  };
}

/**
 * The plain projections `Q̂ = fl(X·WQ)`, `K̂ = fl(X·WK)` of a checked
 * certificate with their radii, in this thread. `O(L·m + nnz(X)·d + m·d)`.
 *
 * @example
 * plainFactors(cert).Q.rows; // cert.X.rows
 * @throws never (the certificate must have passed {@link checkCertificateInputs}).
 */
export function plainFactors(cert: Certificate): BoundedFactors {
  return factorsOf(...projectInputsTogether(cert.X, [cert.WQ, cert.WK]));
}

/** The factors `Q`, `K` of two projections with their radii. `O(1)`. */
function factorsOf(q: Projection, k: Projection): BoundedFactors {
  return { Q: q.product, K: k.product, qRadius: q.radius, kRadius: k.radius };
}
