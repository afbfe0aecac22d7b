import { chernoffExponents } from './chernoffExponents.js';
import { theoremConstants } from './theoremConstants.js';
import { validateDelta, type BoundParams } from './theoremParams.js';

/**
 * The closed-form dimension of SPEC §4,
 *
 *     d* = ceil( 2 ln(4 L² / delta) / (tau − ln(1 + tau)) ),
 *
 * the smallest `d` at which both Chernoff terms of `p(d)` are at most
 * `delta / (4 L²)`, hence `p(d*) <= delta`. `ln(4L²/delta)` is computed as
 * `2 ln(2L) − ln(delta)` so nothing overflows for tiny `delta`, and `h+` comes from
 * {@link chernoffExponents}, accurate for tiny `tau`. `d*` grows like `4 ln L / h+`:
 * logarithmically in `L`. For extreme parameters (tiny `epsilon`) the result may exceed
 * `Number.MAX_SAFE_INTEGER`, or be `Infinity` when `h+` underflows. `O(1)`.
 *
 * @example
 * dimensionBound({ L: 4096, S: 1, epsilon: 0.9, gamma: 0.9, kappa: 1, delta: 0.1 }); // 564
 * dimensionBound({ L: 1024, S: 4, epsilon: 0.5, gamma: 0.5, kappa: 4, delta: 0.01 }); // 49020
 * @throws {InputTypeError | InputRangeError} for a bad parameter, naming its field.
 */
export function dimensionBound(params: BoundParams): number {
  const { L, tau } = theoremConstants(params);
  const delta = validateDelta(params.delta);
  const { hPlus } = chernoffExponents(tau);
  const logTerm = 2 * Math.log(2 * L) - Math.log(delta);
  return Math.ceil((2 * logTerm) / hPlus);
}
