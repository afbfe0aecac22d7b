import { InputRangeError } from '../src/errors/inputError.js';
import type { TheoremProperty } from '../src/harness/theoremProperty.js';
import { l1LogitTarget } from './l1LogitTarget.property.js';
import { l2Perturbation } from './l2Perturbation.property.js';
import { l3ProjectionLaw } from './l3ProjectionLaw.property.js';
import { logarithmicGrowth } from './logarithmicGrowth.property.js';
import { predictedFailureRate } from './predictedFailureRate.property.js';
import { theoremAtDStar } from './theoremAtDStar.property.js';
import { differentialStrength, fixedParameters, protocolPredictedFailureRate } from './validationProperties.js';

export { l1LogitTarget, l2Perturbation, l3ProjectionLaw, logarithmicGrowth, predictedFailureRate, theoremAtDStar };

/** The theorem's properties, in proof order: what `attnproof check` runs. */
export const theoremProperties: readonly TheoremProperty[] = [l1LogitTarget, l2Perturbation, l3ProjectionLaw, theoremAtDStar, predictedFailureRate, logarithmicGrowth];

/**
 * The property called `name`.
 *
 * @throws {InputRangeError} for an unknown name, listing the known ones.
 */
export function propertyNamed(name: string): TheoremProperty {
  // The validation variants of the theorem property share its name and replay the same way (by config name).
  const found = [...theoremProperties, fixedParameters, protocolPredictedFailureRate, differentialStrength].find((p) => p.name === name);
  if (found === undefined) throw new InputRangeError(`unknown property "${name}"; known: ${theoremProperties.map((p) => p.name).join(', ')}`, { field: 'property' });
  return found;
}
