import { describe, expect, it } from 'vitest';
import * as library from '../../src/index.js';

// The names src/index.ts exports at run time, listed by hand: a new public name is a decision, made here.
const PUBLIC_NAMES = [
  'InputRangeError', 'InputTypeError', 'MAX_SEQUENCE_LENGTH', 'SequentialRateTest', 'SparseTarget', 'TARGET_PATTERNS', 'VERSION',
  'assembleCertificate', 'binomialLowerTail', 'binomialUpperTail', 'bonferroniAlpha', 'boundSummary', 'certificateToJson',
  'checkCertificateShapes', 'chernoffExponents', 'chiSquareCdf', 'chiSquareSurvival', 'clopperPearsonInterval', 'clopperPearsonLower',
  'clopperPearsonUpper', 'closeVerifierWorkers', 'construct', 'createRandom', 'denseMatrix', 'deriveSeed', 'designSequentialTest',
  'dimensionBound', 'exactSupport', 'failureProbability', 'fillGaussian', 'fillRademacher', 'fisherExactTest', 'formatTarget',
  'fromNestedArrays', 'isInputError', 'kolmogorovAsymptoticSurvival', 'kolmogorovExactCdf', 'kolmogorovSmirnovPValue',
  'kolmogorovSmirnovStatistic', 'kolmogorovSmirnovTest', 'lagrangeCircle', 'lagrangeTorus', 'linearRegression', 'loadCertificate',
  'loadTarget', 'logFailureProbability', 'logitTarget', 'matrixRow', 'negativeControls', 'paperConstruction', 'parseCertificate',
  'parseJsonTarget', 'parseMatrixMarket', 'pearsonExactTail', 'precisionLogs', 'projectionMatrix', 'sequentialLogLikelihoodRatio',
  'sequentialOperatingCharacteristic', 'signedRankTest', 'smallestDimension', 'smirnovOneSidedTail', 'sparseTarget', 'suggestedMaxTrials',
  'theoremConstants', 'toNestedArrays', 'validateDelta', 'validateDimension', 'validateTheoremParams', 'verifyCertificate',
  'verifyCertificateParallel', 'verifyFactors', 'verifyFactorsParallel', 'weightedLinearRegression', 'writeFileAtomic',
];

describe('the public surface of src/index.ts', () => {
  it('is exactly the listed names', () => {
    expect(Object.keys(library).sort()).toEqual([...PUBLIC_NAMES].sort());
  });

  it('keeps the verifier machinery internal', () => {
    for (const internal of ['compensatedDot', 'logitsBlock', 'releaseIdleKernelMemory', 'streamingCheck', 'compensatedProjection'])
      expect(Object.keys(library)).not.toContain(internal);
  });
});
