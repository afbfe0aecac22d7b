import { chernoffExponents } from './chernoffExponents.js';
import { dimensionBound } from './dimensionBound.js';
import { failureProbability, logFailureProbability } from './failureProbability.js';
import { smallestDimension } from './smallestDimension.js';
import { theoremConstants } from './theoremConstants.js';
import { validateDelta, validateDimension, type BoundParams } from './theoremParams.js';

/** Everything SPEC §4 says about one parameter set (what `attnproof bound --json` prints). */
export interface BoundSummary {
  readonly L: number;
  readonly S: number;
  readonly epsilon: number;
  readonly gamma: number;
  readonly kappa: number;
  readonly delta: number;
  /** `ln(1 + epsilon)`. */
  readonly rho: number;
  /** `ln(1/gamma) + rho`. */
  readonly Delta: number;
  /** `sqrt(S)·(Delta + ln kappa)`. */
  readonly R: number;
  /** `rho / (2R)`. */
  readonly tau: number;
  /** `tau − ln(1 + tau)`. */
  readonly hPlus: number;
  /** `−tau − ln(1 − tau)`. */
  readonly hMinus: number;
  /** Closed-form dimension `d*` for failure probability `delta`. */
  readonly dStar: number;
  /** Smallest `d` with exact two-term `p(d) <= delta` (`<= dStar`); absent when `d*` is not a safe integer. */
  readonly dExact?: number;
  /** The `d` asked about, when one was. */
  readonly d?: number;
  /** `p(d)`, when `d` was given (may underflow to 0; see `logPOfD`). */
  readonly pOfD?: number;
  /** `ln p(d)`, when `d` was given (always finite). */
  readonly logPOfD?: number;
}

/**
 * Validates `params` (and `d` when given) and collects the constants, the
 * Chernoff exponents, `d*`, the exact smallest dimension, and, at `d`, the
 * promised failure probability `p(d)` and its logarithm. `O(log d*)`.
 *
 * @example
 * const s = boundSummary({ L: 4096, S: 1, epsilon: 0.9, gamma: 0.9, kappa: 1, delta: 0.1 }, 564);
 * s.dStar; // 564
 * s.tau;   // 0.4294978018358873
 * s.pOfD;  // about 0.0486
 * s.dExact; // 544
 * @throws {InputTypeError | InputRangeError} for a bad parameter or `d`, naming the field.
 */
export function boundSummary(params: BoundParams, d?: number): BoundSummary {
  const constants = theoremConstants(params);
  const delta = validateDelta(params.delta);
  if (d !== undefined) validateDimension(d);
  const { L, S, epsilon, gamma, kappa, rho, Delta, R, tau } = constants;
  const { hPlus, hMinus } = chernoffExponents(tau);
  const dStar = dimensionBound(params);
  const dExact = Number.isSafeInteger(dStar) ? smallestDimension(params) : undefined;
  return {
    L,
    S,
    epsilon,
    gamma,
    kappa,
    delta,
    rho,
    Delta,
    R,
    tau,
    hPlus,
    hMinus,
    dStar,
    ...(dExact !== undefined ? { dExact } : {}),
    ...(d !== undefined ? { d, pOfD: failureProbability(params, d), logPOfD: logFailureProbability(params, d) } : {}),
  };
}
