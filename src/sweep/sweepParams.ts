import { dimensionBound } from '../bound/dimensionBound.js';
import { InputRangeError, InputTypeError } from '../errors/inputError.js';
import { TARGET_PATTERNS } from '../generators/index.js';
import type { TargetPattern } from '../generators/sparseTarget.js';
import { precisionLogs } from '../precision/precision.js';
import type { ShardSpec } from './shardSpec.js';

/** What a sweep measures; every field but `lengths`, `S`, `epsilon`, `gamma`, `kappa` has a default. */
export interface SweepOptions {
  /** Sequence lengths, integers `>= 2`, distinct (measured in ascending order). */
  readonly lengths: readonly number[];
  /** Sparsity bound of the targets (per row and column). */
  readonly S: number;
  readonly epsilon: number;
  readonly gamma: number;
  /** Dynamic-range bound of the targets. */
  readonly kappa: number;
  /** Failure probability of the closed-form `d*` reported next to the measurement. Default 0.1. */
  readonly delta?: number;
  /** Sparsity pattern of the targets. Default `'random'`. */
  readonly pattern?: TargetPattern;
  /** Row scales of the targets span `±rowScaleDecades` orders of magnitude (the theorem ignores them). Default 100. */
  readonly rowScaleDecades?: number;
  /** Independent trials per length. Default 20. */
  readonly trials?: number;
  /** Fraction of the trials that must succeed, in `(0, 1]`. Default 0.9. */
  readonly success?: number;
  /** Relative step of the grid of dimensions (see `dimensionGrid`). Default 0.05. */
  readonly resolution?: number;
  /** Top of the searched dimensions, the same for every length; default `d*(L)` per length. */
  readonly maxD?: number;
  /** Seed of every target and projection. Default 42. */
  readonly seed?: number;
  /** Which part of the trials to run; default all (`{ index: 1, count: 1 }`). */
  readonly shard?: ShardSpec;
}

/** The validated parameters of a sweep, with defaults filled in: what a result records and what merging compares. */
export interface SweepParams {
  readonly construction: string;
  readonly lengths: readonly number[];
  readonly S: number;
  readonly epsilon: number;
  readonly gamma: number;
  readonly kappa: number;
  readonly delta: number;
  readonly pattern: TargetPattern;
  readonly rowScaleDecades: number;
  readonly trials: number;
  readonly success: number;
  readonly resolution: number;
  /** `null`: `d*(L)` per length. */
  readonly maxD: number | null;
  readonly seed: number;
}

/** Default values of the optional {@link SweepOptions}. */
export const SWEEP_DEFAULTS = {
  delta: 0.1,
  pattern: 'random',
  rowScaleDecades: 100,
  trials: 20,
  success: 0.9,
  resolution: 0.05,
  seed: 42,
} as const;

/**
 * Validates sweep options and fills in the defaults; `lengths` come back
 * sorted ascending. `O(lengths)`.
 *
 * @example
 * sweepParams({ lengths: [64, 16], S: 1, epsilon: 0.9, gamma: 0.9, kappa: 1 }, 'paper').lengths; // [16, 64]
 * @throws {InputTypeError} for a value of the wrong type, naming its field.
 * @throws {InputRangeError} for a value out of range (a length below 2 or repeated, `success`
 *   outside `(0, 1]`, …), naming its field.
 */
export function sweepParams(options: SweepOptions, construction: string): SweepParams {
  if (typeof options !== 'object' || options === null) throw new InputTypeError('sweep options must be an object');
  if (!Array.isArray(options.lengths) || options.lengths.length === 0)
    throw new InputTypeError('must be a non-empty list of lengths', { field: 'L' });
  const lengths = [...options.lengths].map((L) => integerAtLeast(L, 2, 'L')).sort((a, b) => a - b);
  for (let k = 1; k < lengths.length; k++)
    if (lengths[k] === lengths[k - 1])
      throw new InputRangeError(`lists the length ${lengths[k]} twice`, { field: 'L' });
  const { epsilon, gamma } = precisionLogs({ epsilon: options.epsilon, gamma: options.gamma });
  const S = integerAtLeast(options.S, 1, 'S');
  const kappa = options.kappa;
  if (typeof kappa !== 'number') throw new InputTypeError(`must be a number, got ${String(kappa)}`, { field: 'kappa' });
  if (!(kappa >= 1 && Number.isFinite(kappa)))
    throw new InputRangeError(`must be a finite number >= 1, got ${kappa}`, { field: 'kappa' });
  const delta = options.delta ?? SWEEP_DEFAULTS.delta;
  if (typeof delta !== 'number' || !(delta > 0 && delta < 1))
    throw new InputRangeError(`must lie strictly between 0 and 1, got ${String(delta)}`, { field: 'delta' });
  const pattern = options.pattern ?? SWEEP_DEFAULTS.pattern;
  if (!TARGET_PATTERNS.includes(pattern))
    throw new InputRangeError(`must be one of ${TARGET_PATTERNS.join(', ')}, got ${String(pattern)}`, {
      field: 'pattern',
    });
  const rowScaleDecades = options.rowScaleDecades ?? SWEEP_DEFAULTS.rowScaleDecades;
  if (typeof rowScaleDecades !== 'number' || !(rowScaleDecades >= 0 && rowScaleDecades <= 300))
    throw new InputRangeError(`must lie in [0, 300], got ${String(rowScaleDecades)}`, { field: 'rowScaleDecades' });
  const trials = integerAtLeast(options.trials ?? SWEEP_DEFAULTS.trials, 1, 'trials');
  const success = options.success ?? SWEEP_DEFAULTS.success;
  if (typeof success !== 'number' || !(success > 0 && success <= 1))
    throw new InputRangeError(`must lie in (0, 1], got ${String(success)}`, { field: 'success' });
  const resolution = options.resolution ?? SWEEP_DEFAULTS.resolution;
  if (typeof resolution !== 'number' || !(resolution > 0 && resolution <= 1))
    throw new InputRangeError(`must lie in (0, 1], got ${String(resolution)}`, { field: 'resolution' });
  const maxD = options.maxD === undefined ? null : integerAtLeast(options.maxD, 1, 'maxD');
  const seed = integerAtLeast(options.seed ?? SWEEP_DEFAULTS.seed, 0, 'seed');
  const params: SweepParams = {
    construction,
    lengths,
    S,
    epsilon,
    gamma,
    kappa,
    delta,
    pattern,
    rowScaleDecades,
    trials,
    success,
    resolution,
    maxD,
    seed,
  };
  // d* must be a usable integer for every length (a tiny epsilon can push it past 2^53).
  for (const L of lengths) sweepTop(params, L);
  return params;
}

/**
 * The closed-form `d*(L)` of SPEC §4 for the sweep's parameters and `delta`. `O(1)`.
 *
 * @example
 * sweepDStar({ ...params, S: 1, epsilon: 0.9, gamma: 0.9, kappa: 1, delta: 0.1 }, 4096); // 564
 */
export function sweepDStar(params: SweepParams, L: number): number {
  return dimensionBound({
    L,
    S: params.S,
    epsilon: params.epsilon,
    gamma: params.gamma,
    kappa: params.kappa,
    delta: params.delta,
  });
}

/**
 * The largest dimension searched at length `L`: `maxD` when set, else `d*(L)`. `O(1)`.
 *
 * @example
 * sweepTop({ ...params, maxD: null }, 4096); // 564 (d*)
 * sweepTop({ ...params, maxD: 100 }, 4096);  // 100
 * @throws {InputRangeError} when `d*(L)` is not a safe integer (no grid can reach it).
 */
export function sweepTop(params: SweepParams, L: number): number {
  const top = params.maxD ?? sweepDStar(params, L);
  if (!Number.isSafeInteger(top))
    throw new InputRangeError(`d*(${L}) = ${top} is too large to search up to; pass a smaller maxD`, { field: 'maxD' });
  return top;
}

/**
 * Number of successful trials that the decision rule asks for: `ceil(success·trials)`,
 * computed so that `0.9·20` is 18 and not 19 (the product is rounded to 9 digits first). `O(1)`.
 *
 * @example
 * requiredSuccesses(0.9, 20); // 18
 */
export function requiredSuccesses(success: number, trials: number): number {
  return Math.ceil(Number((success * trials).toPrecision(9)));
}

function integerAtLeast(value: unknown, min: number, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value))
    throw new InputTypeError(`must be an integer, got ${String(value)}`, { field });
  if (value < min) throw new InputRangeError(`must be at least ${min}, got ${value}`, { field });
  return value;
}
