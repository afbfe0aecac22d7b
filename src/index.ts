/**
 * attnproof as a library: the sparse target type and its readers, the
 * paper's construction, the exact verifier, the explicit bound, the
 * statistics, the fast-check generators, and the property harness — so other
 * projects can test their own constructions against the theorem of SPEC.md.
 */
export * from './bound/index.js';
export * from './construction/index.js';
export * from './generators/index.js';
export * from './statistics/index.js';
export * from './verification/index.js';
export { SparseTarget, MAX_SEQUENCE_LENGTH, type TargetEntry, type TargetOptions } from './targets/sparseTarget.js';
export { parseJsonTarget } from './targets/parseJsonTarget.js';
export { parseMatrixMarket } from './targets/parseMatrixMarket.js';
export { loadTarget } from './io/loadTarget.js';
export { loadCertificate } from './io/loadCertificate.js';
export { writeFileAtomic } from './io/writeFileAtomic.js';
export { certificateToJson, parseCertificate, checkCertificateShapes, type Certificate, type CertificateJson, type Layout, type Projection } from './certificates/certificate.js';
export { denseMatrix, fromNestedArrays, toNestedArrays, matrixRow, type DenseMatrix } from './matrix/denseMatrix.js';
export { precisionLogs, type Precision, type PrecisionLogs } from './precision/precision.js';
export { createRandom, type RandomSource } from './random/randomSource.js';
export { deriveSeed } from './random/deriveSeed.js';
export { fillGaussian } from './random/gaussian.js';
export { fillRademacher } from './random/rademacher.js';
export { InputRangeError, InputTypeError, isInputError, type InputLocation } from './errors/inputError.js';
export type { TheoremProperty, PropertyOutcome, PropertyRun } from './harness/theoremProperty.js';
export { negativeControls } from './negativeControls/index.js';
export { VERSION } from './version.js';
