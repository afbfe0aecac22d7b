/** The explicit bound of SPEC §4: constants, Chernoff exponents, `p(d)`, `d*`. */
export {
  validateTheoremParams,
  validateDelta,
  validateDimension,
  type TheoremParams,
  type BoundParams,
} from './theoremParams.js';
export { theoremConstants, type TheoremConstants } from './theoremConstants.js';
export { chernoffExponents, type ChernoffExponents } from './chernoffExponents.js';
export { failureProbability, logFailureProbability } from './failureProbability.js';
export { dimensionBound } from './dimensionBound.js';
export { smallestDimension } from './smallestDimension.js';
export { boundSummary, type BoundSummary } from './boundSummary.js';
