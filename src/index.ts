/**
 * attnproof as a library: the sparse target type and its readers, the
 * paper's construction, the exact verifier, the explicit bound, the
 * statistics, the fast-check generators, and the property harness — so other
 * projects can test their own constructions against the theorem of SPEC.md.
 * Every name is listed here (no `export *`): what is not listed is internal and may change.
 */

// The exact verifier of SPEC §2 (its kernels, tiling and worker pool stay internal).
export type {
  ConditionStatus,
  VerdictStatus,
  Verdict,
  WorstRatioRow,
  WorstZeroRow,
  RowCounts,
} from './verification/verdict.js';
export type { VerifyOptions, LogitKernel } from './verification/index.js';
export type { BoundedFactors, FactorSource } from './verification/index.js';
export { verifyCertificate } from './verification/verifyCertificate.js';
export { verifyFactors } from './verification/verifyFactors.js';
export { verifyCertificateParallel } from './verification/verifyCertificateParallel.js';
export { verifyFactorsParallel } from './verification/verifyFactorsParallel.js';
export { closeVerifierWorkers } from './verification/index.js';

// The paper's construction (SPEC §3), those beyond it (SPEC §7), and the pieces to assemble one's own.
export { construct } from './construction/construct.js';
export type { Construction } from './construction/construction.js';
export type { ConstructionParams } from './construction/constructionParams.js';
export { paperConstruction } from './construction/paperConstruction.js';
export { exactSupport } from './construction/exactSupport.js';
export { lagrangeCircle } from './construction/lagrangeCircle.js';
export { lagrangeTorus } from './construction/lagrangeTorus.js';
export { logitTarget, type LogitTarget } from './construction/logitTarget.js';
export { projectionMatrix } from './construction/projectionMatrix.js';
export { assembleCertificate } from './construction/assembleCertificate.js';

// The explicit bound of SPEC §4.
export {
  validateTheoremParams,
  validateDelta,
  validateDimension,
  type TheoremParams,
  type BoundParams,
} from './bound/theoremParams.js';
export { theoremConstants, type TheoremConstants } from './bound/theoremConstants.js';
export { chernoffExponents, type ChernoffExponents } from './bound/chernoffExponents.js';
export { failureProbability, logFailureProbability } from './bound/failureProbability.js';
export { dimensionBound } from './bound/dimensionBound.js';
export { smallestDimension } from './bound/smallestDimension.js';
export { boundSummary, type BoundSummary } from './bound/boundSummary.js';

// fast-check generators of valid sparse targets.
export { sparseTarget, type SparseTargetConstraints, type TargetPattern } from './generators/sparseTarget.js';
export { formatTarget, type FormatTargetOptions } from './generators/formatTarget.js';
export { TARGET_PATTERNS } from './generators/_internals/normalizeConstraints.js';

// Statistics: exact binomial tails and intervals, the sequential test of a failure rate, goodness of fit.
export { binomialLowerTail, binomialUpperTail } from './statistics/binomialTail.js';
export { bonferroniAlpha } from './statistics/bonferroni.js';
export { chiSquareCdf, chiSquareSurvival } from './statistics/chiSquare.js';
export {
  clopperPearsonInterval,
  clopperPearsonLower,
  clopperPearsonUpper,
  type RateInterval,
} from './statistics/clopperPearson.js';
export { fisherExactTest, type FisherExactResult } from './statistics/fisherExact.js';
export {
  kolmogorovAsymptoticSurvival,
  kolmogorovExactCdf,
  kolmogorovSmirnovPValue,
  smirnovOneSidedTail,
  type KolmogorovMethod,
  type KolmogorovPValue,
} from './statistics/kolmogorovDistribution.js';
export {
  kolmogorovSmirnovStatistic,
  kolmogorovSmirnovTest,
  type KolmogorovSmirnovResult,
} from './statistics/kolmogorovSmirnov.js';
export { linearRegression, weightedLinearRegression, type LinearFit } from './statistics/leastSquares.js';
export { pearsonExactTail, type TailBracket } from './statistics/pearsonExactTail.js';
export { signedRankTest, type SignedRankResult } from './statistics/signedRankTest.js';
export {
  designSequentialTest,
  suggestedMaxTrials,
  type SequentialDesign,
  type SequentialTestOptions,
} from './statistics/sequentialDesign.js';
export { sequentialLogLikelihoodRatio, type SequentialBoundaries } from './statistics/sequentialLikelihoodRatio.js';
export {
  sequentialOperatingCharacteristic,
  type OperatingCharacteristic,
} from './statistics/sequentialOperatingCharacteristic.js';
export {
  SequentialRateTest,
  type SequentialDecision,
  type SequentialDecisionRule,
  type SequentialState,
  type SequentialSummary,
} from './statistics/sequentialTest.js';

// Targets, certificates and the rest.
export { SparseTarget, MAX_SEQUENCE_LENGTH, type TargetEntry, type TargetOptions } from './targets/sparseTarget.js';
export { parseJsonTarget } from './targets/parseJsonTarget.js';
export { parseMatrixMarket } from './targets/parseMatrixMarket.js';
export { loadTarget } from './io/loadTarget.js';
export { loadCertificate } from './io/loadCertificate.js';
export { writeFileAtomic } from './io/writeFileAtomic.js';
export {
  certificateToJson,
  parseCertificate,
  checkCertificateShapes,
  type Certificate,
  type CertificateJson,
  type Layout,
  type Projection,
} from './certificates/certificate.js';
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
