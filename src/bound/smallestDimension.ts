import { dimensionBound } from './dimensionBound.js';
import { logFailureProbability } from './failureProbability.js';
import { validateDelta, type BoundParams } from './theoremParams.js';

/**
 * The smallest `d >= 1` whose exact two-term bound meets `p(d) <= delta`.
 *
 * `p` is non-increasing in `d` (both exponentials shrink), and `p(d*) <= delta`
 * for the closed form `d*` of {@link dimensionBound} (each term is at most
 * `delta/(4L²)` there), so the answer is at most `d*`; it is found by binary search
 * on `[1, d*]`, comparing `ln p(d) <= ln delta` in log form. The gain over `d*` is
 * small: `d*` bounds the smaller term `e^{−(d/2)h−}` by the larger one, and even
 * dropping that term entirely needs `d >= 2 ln(2L²/delta)/h+`, so
 * `d* − (this) < 1 + 2 ln 2 / h+`. Complexity `O(log d*)`.
 *
 * @example
 * smallestDimension({ L: 4096, S: 1, epsilon: 0.9, gamma: 0.9, kappa: 1, delta: 0.1 }); // 544 (d* = 564)
 * @throws {InputTypeError | InputRangeError} for a bad parameter, naming its field.
 * @throws {RangeError} when `d*` is not a finite safe integer (tiny `epsilon`): no exact search is possible.
 */
export function smallestDimension(params: BoundParams): number {
  const dStar = dimensionBound(params);
  const logDelta = Math.log(validateDelta(params.delta));
  if (!Number.isSafeInteger(dStar))
    throw new RangeError(`d* = ${dStar} is beyond the safe integers; cannot search below it`);
  const fails = (d: number) => logFailureProbability(params, d) > logDelta;
  // Invariant: fails(lo) (lo = 0 stands for p(0) = 1 > delta) and !fails(hi).
  let hi = dStar;
  // Guard against rounding at the ceiling in d* (never observed): step up until p(hi) <= delta.
  while (fails(hi)) hi++;
  let lo = 0;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (fails(mid)) lo = mid;
    else hi = mid;
  }
  return hi;
}
