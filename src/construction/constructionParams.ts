import type { Layout, Projection } from '../certificates/certificate.js';
import { InputRangeError, InputTypeError } from '../errors/inputError.js';
import { precisionLogs } from '../precision/precision.js';
import { createRandom, type RandomSource } from '../random/randomSource.js';
import { quoteValue } from '../errors/quoteValue.js';

/** Parameters of {@link construct} (SPEC §3). */
export interface ConstructionParams {
  /** Ratio tolerance `epsilon > 0`. */
  readonly epsilon: number;
  /** Zero-suppression level `0 < gamma < 1`. */
  readonly gamma: number;
  /** Query dimension `d >= 1` (integer). */
  readonly d: number;
  /** Seed of the projection draw (a safe integer); required unless `random` is given. */
  readonly seed?: number;
  /** `'projected'` (default, `m = 2d`) or `'fixed'` (`m = 2L`). */
  readonly layout?: Layout;
  /** `'gaussian'` (default) or `'rademacher'`. */
  readonly projection?: Projection;
  /** Draw `G` from this source instead of `createRandom(seed)`. */
  readonly random?: RandomSource;
}

/** {@link ConstructionParams} after validation, with defaults filled in and the margin derived. */
export interface ValidConstructionParams {
  readonly epsilon: number;
  readonly gamma: number;
  readonly d: number;
  /** The seed, when the draw comes from `createRandom(seed)` (absent when `random` was given). */
  readonly seed?: number;
  readonly layout: Layout;
  readonly projection: Projection;
  readonly random: RandomSource;
}

/**
 * Validates construction parameters up front and fills in defaults
 * (`layout: 'projected'`, `projection: 'gaussian'`, `random: createRandom(seed)`). `O(1)`.
 *
 * @example
 * validateConstructionParams({ epsilon: 0.5, gamma: 0.5, d: 64, seed: 1 }).layout; // 'projected'
 * @throws {InputTypeError} for a missing or mistyped field (`d` not an integer, `seed` not a safe
 *   integer, `random` without `next`, neither `seed` nor `random`); `location.field` names it.
 * @throws {InputRangeError} for `epsilon <= 0`, `gamma` outside `(0, 1)`, `d < 1`, or an unknown
 *   `layout` / `projection`; `location.field` names it.
 */
export function validateConstructionParams(params: ConstructionParams): ValidConstructionParams {
  if (typeof params !== 'object' || params === null)
    throw new InputTypeError('construction parameters must be an object');
  const { epsilon, gamma } = precisionLogs({ epsilon: params.epsilon, gamma: params.gamma });
  const { d, seed, random } = params;
  if (typeof d !== 'number' || !Number.isSafeInteger(d))
    throw new InputTypeError(`must be an integer, got ${String(d)}`, { field: 'd' });
  if (d < 1) throw new InputRangeError(`must be at least 1, got ${d}`, { field: 'd' });
  if (seed !== undefined && (typeof seed !== 'number' || !Number.isSafeInteger(seed)))
    throw new InputTypeError(`must be a safe integer, got ${String(seed)}`, { field: 'seed' });
  if (random !== undefined && (typeof random !== 'object' || random === null || typeof random.next !== 'function'))
    throw new InputTypeError('must be a RandomSource (an object with next())', { field: 'random' });
  if (seed === undefined && random === undefined)
    throw new InputTypeError('is required (or pass a RandomSource as random)', { field: 'seed' });
  const layout = params.layout ?? 'projected';
  if (layout !== 'projected' && layout !== 'fixed')
    throw new InputRangeError(`must be "projected" or "fixed", got ${quoteValue(layout)}`, { field: 'layout' });
  const projection = params.projection ?? 'gaussian';
  if (projection !== 'gaussian' && projection !== 'rademacher')
    throw new InputRangeError(`must be "gaussian" or "rademacher", got ${quoteValue(projection)}`, {
      field: 'projection',
    });
  return {
    epsilon,
    gamma,
    d,
    layout,
    projection,
    ...(random === undefined ? { seed: seed as number } : {}),
    random: random ?? createRandom(seed as number),
  };
}
