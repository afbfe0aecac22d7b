import type { Projection } from '../certificates/certificate.js';
import { denseMatrix, type DenseMatrix } from '../matrix/denseMatrix.js';
import { fillGaussian } from '../random/gaussian.js';
import { fillRademacher } from '../random/rademacher.js';
import type { RandomSource } from '../random/randomSource.js';

/**
 * The random projection `G` of SPEC §3 step 3: an `L×d` matrix with independent
 * entries of mean 0 and variance `1/d`, so that `E[G G^T] = I_L` and
 * `B G G^T` is an unbiased estimate of `B`.
 *
 * - `'gaussian'`: `N(0, 1/d)` entries, `fillGaussian(random, G.data, 1/sqrt(d))`.
 * - `'rademacher'`: `±1/sqrt(d)` with probability 1/2 each, `fillRademacher(random, G.data, 1/sqrt(d))`.
 *
 * Draw order (part of bit-for-bit replay): the entries are filled in row-major
 * order `G[0][0], G[0][1], …, G[0][d−1], G[1][0], …` straight into `G.data`, by one
 * call of the fill function on the whole buffer; for `'gaussian'` the polar method
 * consumes uniforms in pairs (rejected pairs included) and writes the two normals of
 * a pair to consecutive positions, which may straddle two rows; `'rademacher'` uses
 * one uniform per entry. Nothing else is drawn from `random`.
 * Complexity `O(L·d)` time and memory.
 *
 * @example
 * projectionMatrix(4, 2, 'rademacher', createRandom(7)).data; // 8 values, each ±0.7071067811865475
 * @throws {RangeError} when `L` or `d` is not a positive integer.
 */
export function projectionMatrix(L: number, d: number, projection: Projection, random: RandomSource): DenseMatrix {
  if (!Number.isSafeInteger(L) || L < 1) throw new RangeError(`L must be a positive integer, got ${L}`);
  if (!Number.isSafeInteger(d) || d < 1) throw new RangeError(`d must be a positive integer, got ${d}`);
  const G = denseMatrix(L, d);
  const scale = 1 / Math.sqrt(d);
  if (projection === 'gaussian') fillGaussian(random, G.data, scale);
  else if (projection === 'rademacher') fillRademacher(random, G.data, scale);
  else throw new RangeError(`projection must be "gaussian" or "rademacher", got ${String(projection)}`);
  return G;
}
