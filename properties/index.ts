import { InputRangeError } from '../src/errors/inputError.js';
import type { Construction } from '../src/construction/construction.js';
import type { TheoremProperty } from '../src/harness/theoremProperty.js';
import { exactness } from './exactness.property.js';
import { l1LogitTarget } from './l1LogitTarget.property.js';
import { l2Perturbation } from './l2Perturbation.property.js';
import { l3ProjectionLaw } from './l3ProjectionLaw.property.js';
import { logarithmicGrowth } from './logarithmicGrowth.property.js';
import { predictedFailureRate } from './predictedFailureRate.property.js';
import { theoremAtDStar } from './theoremAtDStar.property.js';
import {
  differentialStrength,
  fixedParameters,
  paperLayoutLaws,
  protocolPredictedFailureRate,
} from './validationProperties.js';

export {
  exactness,
  l1LogitTarget,
  l2Perturbation,
  l3ProjectionLaw,
  logarithmicGrowth,
  predictedFailureRate,
  theoremAtDStar,
};

/** The theorem's properties, in proof order: what `attnproof check` runs. */
export const theoremProperties: readonly TheoremProperty[] = [
  l1LogitTarget,
  l2Perturbation,
  l3ProjectionLaw,
  theoremAtDStar,
  predictedFailureRate,
  logarithmicGrowth,
];

/**
 * The properties that apply to `construction` (docs/theorem.md, "Which properties apply"):
 * the fixed-parameters premise for every one; for a deterministic construction
 * (SPEC §7.1–7.2) the exactness property; for a random one the theorem's probabilistic
 * properties, with lemmas L1–L3 only where its logits have the paper's form `B G G^T`
 * (it exposes its logit target `B`: the paper's and the negative controls). `O(1)`.
 *
 * @example
 * propertiesFor(lagrangeCircle).map((p) => p.name); // ['fixed-parameters', 'exactness']
 */
export function propertiesFor(construction: Construction): readonly TheoremProperty[] {
  if (construction.kind === 'deterministic') return [fixedParameters, exactness];
  if (construction.logitTarget !== undefined) return [fixedParameters, ...theoremProperties];
  return [fixedParameters, theoremAtDStar, predictedFailureRate, logarithmicGrowth];
}

/**
 * The property called `name`.
 *
 * @throws {InputRangeError} for an unknown name, listing the known ones.
 */
export function propertyNamed(name: string): TheoremProperty {
  // The validation variants of the theorem property share its name and replay the same way (by config name).
  const found = [
    ...theoremProperties,
    exactness,
    fixedParameters,
    protocolPredictedFailureRate,
    paperLayoutLaws,
    differentialStrength,
  ].find((p) => p.name === name);
  if (found === undefined)
    throw new InputRangeError(
      `unknown property "${name}"; known: ${[...theoremProperties, exactness, fixedParameters].map((p) => p.name).join(', ')}`,
      { field: 'property' },
    );
  return found;
}
