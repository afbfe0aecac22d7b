import { builtinConstruction } from '../construction/builtinConstruction.js';
import { logitTarget } from '../construction/logitTarget.js';
import { InputRangeError } from '../errors/inputError.js';
import { negativeControls } from '../negativeControls/index.js';
import type { ConstructionUnderTest } from './constructionUnderTest.js';

/** The paper's construction as the suite sees it: it exposes its logit target, so L1 and L2 check it. */
export const builtin: ConstructionUnderTest = Object.freeze({ ...builtinConstruction, logitTarget });

/** Every construction known by name: `builtin` and the negative controls (`negative:<defect>`). */
export const namedConstructions: readonly ConstructionUnderTest[] = [builtin, ...negativeControls];

/**
 * The construction called `name` (as written in reports and records).
 *
 * @throws {InputRangeError} for an unknown name, listing the known ones.
 */
export function constructionNamed(name: string): ConstructionUnderTest {
  const found = namedConstructions.find((c) => c.name === name);
  if (found === undefined) throw new InputRangeError(`unknown construction "${name}"; known: ${namedConstructions.map((c) => c.name).join(', ')}`, { field: 'construction' });
  return found;
}
