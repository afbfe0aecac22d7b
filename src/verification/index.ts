/**
 * The verifier of SPEC §2: decides, in log space and with rigorous
 * rounding-error bounds, whether a self-attention matrix (epsilon,
 * gamma)-approximates a sparse target. Shares no code with the construction
 * or the bound it checks.
 */
export type { ConditionStatus, VerdictStatus, Verdict, WorstRatioRow, WorstZeroRow, RowCounts } from './verdict.js';
export { verifyFactors } from './verifyFactors.js';
export { verifyCertificate } from './verifyCertificate.js';
export { verifyFactorsParallel } from './verifyFactorsParallel.js';
export { verifyCertificateParallel } from './verifyCertificateParallel.js';
export {
  streamingCheck,
  DEFAULT_BLOCK_ROWS,
  AUTO_WASM_MIN_WORK,
  type VerifyOptions,
  type LogitKernel,
} from './_internals/streamingCheck.js';
export {
  streamingCheckParallel,
  startCheckWorkers,
  warmFirstPass,
  PARALLEL_MIN_WORK,
} from './_internals/streamingCheckParallel.js';
export { closeVerifierWorkers } from './_internals/kernel/runParallel.js';
export type { BoundedFactors, FactorSource } from './_internals/boundedFactors.js';
export { projectInputs, type Projection } from './_internals/inputProjection.js';
export { compensatedProjection } from './_internals/compensatedProjection.js';
export { denseVerifyFactors, denseVerifyCertificate } from './_internals/denseVerifier.js';
