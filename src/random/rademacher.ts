import type { RandomSource } from './randomSource.js';

/**
 * Fills `out` with independent Rademacher samples `±scale` (each sign with
 * probability 1/2). `O(out.length)`. Returns `out`.
 *
 * @example
 * fillRademacher(createRandom(1), new Float64Array(3), 0.5); // e.g. [0.5, -0.5, -0.5]
 * @throws {RangeError} when `scale` is negative or not finite.
 */
export function fillRademacher(random: RandomSource, out: Float64Array, scale = 1): Float64Array {
  if (!(scale >= 0) || !Number.isFinite(scale)) throw new RangeError(`scale must be finite and >= 0, got ${scale}`);
  for (let k = 0; k < out.length; k++) out[k] = random.next() < 0.5 ? -scale : scale;
  return out;
}
