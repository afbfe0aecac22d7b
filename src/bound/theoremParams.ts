import { InputRangeError, InputTypeError } from '../errors/inputError.js';
import { precisionLogs } from '../precision/precision.js';

/** The quantities the theorem of SPEC §4 is stated for. */
export interface TheoremParams {
  /** Sequence length `L >= 2` (integer). */
  readonly L: number;
  /** Sparsity bound `S >= 1` (integer): at most `S` positive entries per row. */
  readonly S: number;
  /** Ratio tolerance `epsilon > 0` of (R1). */
  readonly epsilon: number;
  /** Zero-suppression level `0 < gamma < 1` of (R2). */
  readonly gamma: number;
  /** Bound on the dynamic range, `1 <= kappa < Infinity`. */
  readonly kappa: number;
}

/** {@link TheoremParams} plus the admitted failure probability `0 < delta < 1`. */
export interface BoundParams extends TheoremParams {
  readonly delta: number;
}

function integerAtLeast(value: unknown, min: number, field: string): number {
  if (typeof value !== 'number') throw new InputTypeError(`must be a number, got ${String(value)}`, { field });
  if (!Number.isSafeInteger(value))
    throw new InputTypeError(`must be an integer no larger than 2^53 − 1, got ${value}`, { field });
  if (value < min) throw new InputRangeError(`must be at least ${min}, got ${value}`, { field });
  return value;
}

/**
 * Validates the theorem's parameters. `O(1)`.
 *
 * @example
 * validateTheoremParams({ L: 64, S: 2, epsilon: 0.5, gamma: 0.5, kappa: 2 }); // returns its argument
 * validateTheoremParams({ L: 64, S: 2, epsilon: 0.5, gamma: 0.5, kappa: 0.5 }); // throws InputRangeError "kappa: must be ..."
 * @throws {InputTypeError} when a field is not a number, or `L`, `S` are not (safe) integers; `location.field` names it.
 * @throws {InputRangeError} for `L < 2`, `S < 1`, `epsilon <= 0` or infinite, `gamma` outside `(0, 1)`,
 *   `kappa < 1`, NaN or infinite; `location.field` names the field.
 */
export function validateTheoremParams(params: TheoremParams): TheoremParams {
  if (typeof params !== 'object' || params === null) throw new InputTypeError('parameters must be an object');
  const L = integerAtLeast(params.L, 2, 'L');
  const S = integerAtLeast(params.S, 1, 'S');
  const { epsilon, gamma } = precisionLogs({ epsilon: params.epsilon, gamma: params.gamma });
  const kappa = params.kappa;
  if (typeof kappa !== 'number') throw new InputTypeError(`must be a number, got ${String(kappa)}`, { field: 'kappa' });
  if (!(kappa >= 1) || !Number.isFinite(kappa))
    throw new InputRangeError(`must be a finite number >= 1, got ${kappa}`, { field: 'kappa' });
  return { L, S, epsilon, gamma, kappa };
}

/**
 * Validates a failure probability `0 < delta < 1`. `O(1)`.
 *
 * @example
 * validateDelta(0.1); // 0.1
 * @throws {InputTypeError} when `delta` is not a number (field `delta`).
 * @throws {InputRangeError} when `delta` is not strictly between 0 and 1 (field `delta`).
 */
export function validateDelta(delta: unknown): number {
  if (typeof delta !== 'number') throw new InputTypeError(`must be a number, got ${String(delta)}`, { field: 'delta' });
  if (!(delta > 0 && delta < 1))
    throw new InputRangeError(`must lie strictly between 0 and 1, got ${delta}`, { field: 'delta' });
  return delta;
}

/**
 * Validates a query dimension `d >= 1` (a safe integer). `O(1)`.
 *
 * @example
 * validateDimension(512); // 512
 * @throws {InputTypeError} when `d` is not a number or not an integer (field `d`).
 * @throws {InputRangeError} when `d < 1` (field `d`).
 */
export function validateDimension(d: unknown): number {
  return integerAtLeast(d, 1, 'd');
}
