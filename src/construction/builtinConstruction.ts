import { construct } from './construct.js';
import type { Construction } from './construction.js';

/**
 * The paper's construction (SPEC §3) as a {@link Construction} module named
 * `'builtin'`; `builtinConstruction.construct` is {@link construct}.
 * Complexity that of {@link construct}.
 *
 * @example
 * builtinConstruction.name; // 'builtin'
 * builtinConstruction.construct(W, { epsilon: 0.5, gamma: 0.5, d: 64, seed: 1 }).X.cols; // 128
 * @throws what {@link construct} throws.
 */
export const builtinConstruction: Construction = Object.freeze({
  name: 'builtin',
  construct,
});
