import { construct } from './construct.js';
import type { Construction } from './construction.js';
import { logitTarget } from './logitTarget.js';

/**
 * The paper's construction (SPEC §3) as a {@link Construction} named `'paper'`
 * (the command line also accepts its old name `builtin`):
 * `paperConstruction.construct` is {@link construct}, and it exposes its logit
 * target `B` ({@link logitTarget}) so that lemmas L1 and L2 are checked on it.
 * Complexity that of {@link construct}.
 *
 * @example
 * paperConstruction.name; // 'paper'
 * paperConstruction.construct(W, { epsilon: 0.5, gamma: 0.5, d: 64, seed: 1 }).X.cols; // 128
 * @throws what {@link construct} throws.
 */
export const paperConstruction = Object.freeze({
  name: 'paper',
  kind: 'random',
  construct,
  logitTarget,
} as const) satisfies Construction;
