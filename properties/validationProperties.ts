import type { TheoremProperty } from '../src/harness/theoremProperty.js';
import { differentialStrength } from './differentialStrength.property.js';
import { fixedParameters } from './fixedParameters.property.js';
import { paperLayoutLaws } from './paperLayoutLaws.property.js';
import { predictedFailureRateProperty } from './predictedFailureRate.property.js';
import { theoremAtDStarProperty } from './theoremAtDStar.property.js';
import { VALIDATION_CONFIGS } from './_internals/theoremConfigs.js';

/** The theorem at `d*` over the validation parameter sets (small protocol messages). */
export const protocolTheoremAtDStar = theoremAtDStarProperty(VALIDATION_CONFIGS, 30);

/** The promised failure rate over the validation parameter sets (permutations, L = 24). */
export const protocolPredictedFailureRate = predictedFailureRateProperty('predicted-failure-rate-small', [
  { theorem: VALIDATION_CONFIGS[0]!, L: 24, promised: 0.3 },
  { theorem: VALIDATION_CONFIGS[0]!, L: 24, promised: 0.05 },
]);

/** What `attnproof validate` runs against an outside implementation (plus `differential-strength` with `--reference NAME`, see `differentialStrengthAgainst`). */
export const validationProperties: readonly TheoremProperty[] = [
  fixedParameters,
  protocolTheoremAtDStar,
  protocolPredictedFailureRate,
  paperLayoutLaws,
];

export { differentialStrength, fixedParameters, paperLayoutLaws };
