import { InputRangeError, InputTypeError } from '../errors/inputError.js';

/** The ratio-precision parameters of SPEC §2. */
export interface Precision {
  /** Ratio tolerance `epsilon > 0` of condition (R1). */
  readonly epsilon: number;
  /** Zero-suppression level `0 < gamma < 1` of condition (R2). */
  readonly gamma: number;
}

/** A validated {@link Precision} with its logarithms. */
export interface PrecisionLogs extends Precision {
  /** `rho = ln(1 + epsilon)`: the largest allowed (R1) spread of log-ratios. */
  readonly rho: number;
  /** `ln(gamma) < 0`: the largest allowed (R2) margin. */
  readonly logGamma: number;
}

/**
 * Validates `epsilon` and `gamma` and returns them with `rho = ln(1+epsilon)`
 * (computed with `log1p`, accurate for tiny epsilon) and `ln gamma`. `O(1)`.
 *
 * @example
 * precisionLogs({ epsilon: 0.5, gamma: 0.5 }).rho; // 0.4054651081081644
 * @throws {InputTypeError} when either is not a number.
 * @throws {InputRangeError} when `epsilon <= 0`, `gamma` is outside `(0, 1)`, or either is not finite.
 */
export function precisionLogs(precision: Precision): PrecisionLogs {
  const { epsilon, gamma } = precision;
  if (typeof epsilon !== 'number')
    throw new InputTypeError(`must be a number, got ${String(epsilon)}`, { field: 'epsilon' });
  if (typeof gamma !== 'number') throw new InputTypeError(`must be a number, got ${String(gamma)}`, { field: 'gamma' });
  if (!(epsilon > 0) || !Number.isFinite(epsilon))
    throw new InputRangeError(`must be a finite number > 0, got ${epsilon}`, { field: 'epsilon' });
  if (!(gamma > 0 && gamma < 1))
    throw new InputRangeError(`must lie strictly between 0 and 1, got ${gamma}`, { field: 'gamma' });
  return { epsilon, gamma, rho: Math.log1p(epsilon), logGamma: Math.log(gamma) };
}
