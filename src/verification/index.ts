/**
 * The verifier of SPEC §2: decides, in log space and with rigorous
 * rounding-error bounds, whether a self-attention matrix (epsilon,
 * gamma)-approximates a sparse target. Shares no code with the construction
 * or the bound it checks.
 */
export type { ConditionStatus, VerdictStatus, Verdict, WorstRatioRow, WorstZeroRow, RowCounts } from './verdict.js';
export { verifyFactors } from './verifyFactors.js';
export { verifyCertificate } from './verifyCertificate.js';
export { streamingCheck, DEFAULT_BLOCK_ROWS, type VerifyOptions } from './streamingCheck.js';
export type { BoundedFactors, FactorSource } from './boundedFactors.js';
export { logitsBlock } from './logitsBlock.js';
export { compensatedDot } from './compensatedDot.js';
export { projectInputs, type Projection } from './inputProjection.js';
export { compensatedProjection } from './compensatedProjection.js';
export { denseVerifyFactors, denseVerifyCertificate } from './denseVerifier.js';
