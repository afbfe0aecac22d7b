import type { Construction } from '../construction/construction.js';
import { exactSupport } from '../construction/exactSupport.js';
import { lagrangeCircle } from '../construction/lagrangeCircle.js';
import { lagrangeTorus } from '../construction/lagrangeTorus.js';
import { paperConstruction } from '../construction/paperConstruction.js';
import { InputRangeError } from '../errors/inputError.js';
import { negativeControls } from '../negativeControls/index.js';

/** Every construction known by name: the paper's, SPEC §7's, and the negative controls (`negative:<defect>`). */
export const namedConstructions: readonly Construction[] = [
  paperConstruction,
  ...beyondThePaper(),
  ...negativeControls,
];

/** The constructions of SPEC §7, in the order reports list them. */
export function beyondThePaper(): readonly Construction[] {
  return [exactSupport, lagrangeCircle, lagrangeTorus];
}

/** Old names still accepted on the command line and in records: `builtin` is the paper's construction. */
export const CONSTRUCTION_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  builtin: paperConstruction.name,
});

/**
 * The construction called `name` (as written in reports and records), or
 * by an alias of {@link CONSTRUCTION_ALIASES}. `O(constructions)`.
 *
 * @example
 * constructionNamed('builtin').name; // 'paper'
 * @throws {InputRangeError} for an unknown name, listing the known ones.
 */
export function constructionNamed(name: string): Construction {
  const wanted = Object.hasOwn(CONSTRUCTION_ALIASES, name) ? CONSTRUCTION_ALIASES[name]! : name;
  const found = namedConstructions.find((c) => c.name === wanted);
  if (found === undefined)
    throw new InputRangeError(
      `unknown construction "${name}"; known: ${namedConstructions.map((c) => c.name).join(', ')}`,
      { field: 'construction' },
    );
  return found;
}
