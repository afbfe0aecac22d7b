import type { RandomSource } from './randomSource.js';

/**
 * Fills `out` with independent `N(0, sd²)` samples from `random`
 * (Marsaglia's polar method: two uniforms in the unit disc give two normals
 * using only `Math.log` and `Math.sqrt`, avoiding trigonometric functions).
 * `O(out.length)` expected time. Returns `out`.
 *
 * @example
 * fillGaussian(createRandom(1), new Float64Array(4), 1); // four N(0,1) samples, same for seed 1 everywhere
 * @throws {RangeError} when `sd` is negative or not finite.
 */
export function fillGaussian(random: RandomSource, out: Float64Array, sd = 1): Float64Array {
  if (!(sd >= 0) || !Number.isFinite(sd)) throw new RangeError(`standard deviation must be finite and >= 0, got ${sd}`);
  let k = 0;
  while (k < out.length) {
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * random.next() - 1;
      v = 2 * random.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    // (u, v) uniform in the unit disc: u·sqrt(-2 ln s / s) and v·sqrt(...) are independent N(0, 1).
    const factor = Math.sqrt((-2 * Math.log(s)) / s) * sd;
    out[k++] = u * factor;
    if (k < out.length) out[k++] = v * factor;
  }
  return out;
}
