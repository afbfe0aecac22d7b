import { validateTheoremParams, type TheoremParams } from './theoremParams.js';

/** The constants of SPEC §3–4 derived from `(L, S, epsilon, gamma, kappa)`. */
export interface TheoremConstants extends TheoremParams {
  /** `rho = ln(1 + epsilon)`: the allowed (R1) spread of log-ratios. */
  readonly rho: number;
  /** `Delta = ln(1/gamma) + rho`: the logit margin of the target `B` (SPEC §3 step 1). */
  readonly Delta: number;
  /** `ln kappa >= 0`. */
  readonly logKappa: number;
  /** `R = sqrt(S) · (Delta + ln kappa)`: bound on every row norm of `B`. */
  readonly R: number;
  /** `tau = rho / (2R)`: the relative inner-product error the JL step must stay within. */
  readonly tau: number;
}

/**
 * Validates the theorem's parameters and derives its constants:
 * `rho = log1p(epsilon)`, `Delta = −ln(gamma) + rho`, `R = sqrt(S)·(Delta + ln kappa)`,
 * `tau = rho/(2R)`. Why `tau < 1/2`: `R >= Delta = ln(1/gamma) + rho > rho` because
 * `gamma < 1` and `S, kappa >= 1`; in floating point `tau` can round up to exactly
 * `1/2` when `ln(1/gamma)` is below half an ulp of `rho`, never beyond. `O(1)`.
 *
 * @example
 * theoremConstants({ L: 64, S: 2, epsilon: 0.5, gamma: 0.5, kappa: 2 }).tau; // 0.0800071472766771...
 * @throws {InputTypeError | InputRangeError} for a bad parameter, naming its field (see {@link validateTheoremParams}).
 */
export function theoremConstants(params: TheoremParams): TheoremConstants {
  const { L, S, epsilon, gamma, kappa } = validateTheoremParams(params);
  const rho = Math.log1p(epsilon);
  // Same expression as the construction's margin (rho − ln gamma), so both agree to the bit.
  const Delta = rho - Math.log(gamma);
  const logKappa = Math.log(kappa);
  const R = Math.sqrt(S) * (Delta + logKappa);
  const tau = rho / (2 * R);
  if (!(tau > 0 && tau <= 0.5)) throw new Error(`internal error: tau = ${tau} must lie in (0, 1/2]`);
  return { L, S, epsilon, gamma, kappa, rho, Delta, logKappa, R, tau };
}
