import { boundSummary, type BoundSummary } from '../../bound/boundSummary.js';
import { chernoffExponents } from '../../bound/chernoffExponents.js';
import { failureProbability, logFailureProbability } from '../../bound/failureProbability.js';
import { theoremConstants } from '../../bound/theoremConstants.js';
import { validateDimension, type TheoremParams } from '../../bound/theoremParams.js';

/** Format tag of `attnproof bound --json`. */
export const BOUND_FORMAT = 'attnproof-bound/1';

/**
 * What `attnproof bound --json` prints: always the same keys, each a finite number or `null` (never a
 * string such as `"Infinity"`), documented in docs/formats.md. `null` means "not asked" (`delta`, `d`,
 * `pOfD`, `logPOfD` without `--delta` or `--d`) or "not a representable integer" (`dStar`, `dExact`
 * when the closed form exceeds 2^53, as for epsilon = 1e-300).
 */
export interface BoundJson extends Pick<
  BoundSummary,
  'L' | 'S' | 'epsilon' | 'gamma' | 'kappa' | 'rho' | 'Delta' | 'R' | 'tau' | 'hPlus' | 'hMinus'
> {
  readonly format: typeof BOUND_FORMAT;
  readonly delta: number | null;
  readonly dStar: number | null;
  readonly dExact: number | null;
  readonly d: number | null;
  readonly pOfD: number | null;
  readonly logPOfD: number | null;
}

/**
 * The bound of docs/theorem.md §4 for `params`, with `d*` when `delta` is given and `p(d)` when `d` is,
 * in the stable schema {@link BoundJson}. `O(log d*)`.
 *
 * @example
 * boundJson({ L: 4096, S: 1, epsilon: 0.9, gamma: 0.9, kappa: 1 }, 0.1).dStar; // 564
 * boundJson({ L: 4096, S: 1, epsilon: 0.9, gamma: 0.9, kappa: 1 }, undefined, 400).dStar; // null
 * @throws {InputTypeError | InputRangeError} for a bad parameter, naming the field.
 */
export function boundJson(params: TheoremParams, delta: number | undefined, d?: number): BoundJson {
  const finite = (x: number | undefined): number | null => (x !== undefined && Number.isFinite(x) ? x : null);
  const integer = (x: number | undefined): number | null => (x !== undefined && Number.isSafeInteger(x) ? x : null);
  const c = theoremConstants(params);
  const { hPlus, hMinus } = chernoffExponents(c.tau);
  const summary = delta !== undefined ? boundSummary({ ...params, delta }) : undefined;
  if (d !== undefined) validateDimension(d);
  return {
    format: BOUND_FORMAT,
    L: c.L,
    S: c.S,
    epsilon: c.epsilon,
    gamma: c.gamma,
    kappa: c.kappa,
    delta: delta ?? null,
    rho: c.rho,
    Delta: c.Delta,
    R: c.R,
    tau: c.tau,
    hPlus,
    hMinus,
    dStar: integer(summary?.dStar),
    dExact: integer(summary?.dExact),
    d: d ?? null,
    pOfD: d !== undefined ? finite(failureProbability(params, d)) : null,
    logPOfD: d !== undefined ? finite(logFailureProbability(params, d)) : null,
  };
}
