import { chernoffExponents } from './chernoffExponents.js';
import { theoremConstants } from './theoremConstants.js';
import { validateDimension, type TheoremParams } from './theoremParams.js';

/**
 * `ln p(d)`, the natural logarithm of the theorem's failure bound (SPEC §4):
 *
 *     ln p(d) = min(0, ln 2 + 2 ln L + ln( e^{−(d/2) h+} + e^{−(d/2) h−} ))
 *
 * The sum of exponentials is taken in log form: with `a = −(d/2) h+ >= b = −(d/2) h−`
 * (because `h− >= h+`), `ln(e^a + e^b) = a + log1p(e^{b−a})`, so the result stays
 * finite and accurate when `p(d)` itself is far below the smallest double
 * (`1e-400`, `1e-10000`). `O(1)`.
 *
 * @example
 * logFailureProbability({ L: 4096, S: 1, epsilon: 0.9, gamma: 0.9, kappa: 1 }, 100000); // about −3591.40
 * @throws {InputTypeError | InputRangeError} for a bad parameter or `d` (not an integer >= 1), naming the field.
 */
export function logFailureProbability(params: TheoremParams, d: number): number {
  const { L, tau } = theoremConstants(params);
  validateDimension(d);
  const { hPlus, hMinus } = chernoffExponents(tau);
  const a = -(d / 2) * hPlus;
  const b = -(d / 2) * hMinus;
  const logSum = a + Math.log1p(Math.exp(b - a));
  const logP = Math.LN2 + 2 * Math.log(L) + logSum;
  return Math.min(0, logP);
}

/**
 * The theorem's failure bound at dimension `d` (SPEC §4):
 * `p(d) = min(1, 2 L² [ exp(−(d/2) h+(tau)) + exp(−(d/2) h−(tau)) ])`, the probability
 * over `G` that the construction fails, at most. It is the answer to "at this `d`,
 * what does the theorem promise?". Computed directly when representable; it
 * underflows to 0 when below ~5e-324 (use {@link logFailureProbability} then). `O(1)`.
 *
 * @example
 * failureProbability({ L: 4096, S: 1, epsilon: 0.9, gamma: 0.9, kappa: 1 }, 564); // about 0.0486 (<= delta = 0.1 at d* = 564)
 * failureProbability({ L: 4096, S: 1, epsilon: 0.9, gamma: 0.9, kappa: 1 }, 64);  // 1
 * @throws {InputTypeError | InputRangeError} for a bad parameter or `d`, naming the field.
 */
export function failureProbability(params: TheoremParams, d: number): number {
  const { L, tau } = theoremConstants(params);
  validateDimension(d);
  const { hPlus, hMinus } = chernoffExponents(tau);
  const direct = 2 * L * L * (Math.exp(-(d / 2) * hPlus) + Math.exp(-(d / 2) * hMinus));
  if (direct >= 1) return 1;
  // Subnormal results lose relative precision; the log route is as good there.
  if (direct >= Number.MIN_VALUE * 2 ** 52) return direct;
  return Math.exp(logFailureProbability(params, d));
}
