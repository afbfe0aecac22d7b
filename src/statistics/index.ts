/**
 * Statistics for attnproof: exact binomial tails and Clopper–Pearson bounds, a
 * truncated sequential probability ratio test of a failure rate (with its exact
 * operating characteristic), chi-square and Kolmogorov–Smirnov distributions,
 * the exact tail of Pearson's statistic for a multinomial,
 * Fisher's exact test, Wilcoxon's signed-rank test (exact), and least-squares lines. Pure functions (plus one small
 * stateful test object); no dependency on the rest of attnproof.
 */
export { binomialLowerTail, binomialUpperTail } from './binomialTail.js';
export { bonferroniAlpha } from './bonferroni.js';
export { chiSquareCdf, chiSquareSurvival } from './chiSquare.js';
export type { RateInterval } from './clopperPearson.js';
export { clopperPearsonInterval, clopperPearsonLower, clopperPearsonUpper } from './clopperPearson.js';
export type { FisherExactResult } from './fisherExact.js';
export { fisherExactTest } from './fisherExact.js';
export type { KolmogorovMethod, KolmogorovPValue } from './kolmogorovDistribution.js';
export {
  kolmogorovAsymptoticSurvival,
  kolmogorovExactCdf,
  kolmogorovSmirnovPValue,
  smirnovOneSidedTail,
} from './kolmogorovDistribution.js';
export type { KolmogorovSmirnovResult } from './kolmogorovSmirnov.js';
export { kolmogorovSmirnovStatistic, kolmogorovSmirnovTest } from './kolmogorovSmirnov.js';
export type { LinearFit } from './leastSquares.js';
export type { TailBracket } from './pearsonExactTail.js';
export { pearsonExactTail } from './pearsonExactTail.js';
export { linearRegression, weightedLinearRegression } from './leastSquares.js';
export type { SignedRankResult } from './signedRankTest.js';
export { signedRankTest } from './signedRankTest.js';
export type { SequentialDesign, SequentialTestOptions } from './sequentialDesign.js';
export { designSequentialTest, suggestedMaxTrials } from './sequentialDesign.js';
export type { SequentialBoundaries } from './sequentialLikelihoodRatio.js';
export { sequentialLogLikelihoodRatio } from './sequentialLikelihoodRatio.js';
export type { OperatingCharacteristic } from './sequentialOperatingCharacteristic.js';
export { sequentialOperatingCharacteristic } from './sequentialOperatingCharacteristic.js';
export type {
  SequentialDecision,
  SequentialDecisionRule,
  SequentialState,
  SequentialSummary,
} from './sequentialTest.js';
export { SequentialRateTest } from './sequentialTest.js';
