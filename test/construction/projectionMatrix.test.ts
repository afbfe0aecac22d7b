import { describe, expect, it } from 'vitest';
import { projectionMatrix } from '../../src/construction/projectionMatrix.js';
import { fillGaussian } from '../../src/random/gaussian.js';
import { createRandom } from '../../src/random/randomSource.js';
import { sameBytes } from './helpers.js';

describe('projectionMatrix', () => {
  it('draws a gaussian G row-major in one fillGaussian call with sd 1/sqrt(d) (documented replay order)', () => {
    const G = projectionMatrix(7, 5, 'gaussian', createRandom(99));
    expect([G.rows, G.cols]).toEqual([7, 5]);
    const replay = fillGaussian(createRandom(99), new Float64Array(35), 1 / Math.sqrt(5));
    expect(sameBytes(G.data, replay)).toBe(true);
  });

  it('gaussian entries have mean 0, variance 1/d and normal mass within one sd', () => {
    const L = 1024;
    const d = 256;
    const n = L * d;
    const G = projectionMatrix(L, d, 'gaussian', createRandom(2024));
    let sum = 0;
    let sumSq = 0;
    let withinOneSd = 0;
    const sd = 1 / Math.sqrt(d);
    for (const g of G.data) {
      sum += g;
      sumSq += g * g;
      if (Math.abs(g) <= sd) withinOneSd++;
    }
    // All three within 6 standard errors of their expectation (seeded, so deterministic;
    // a correct generator would fail with probability ~2e-9 per check for a fresh seed):
    // mean: SE = sd/sqrt(n); d·mean(g²): SE = sqrt(2/n); P(|g| <= sd) = 0.6827: SE = sqrt(p(1−p)/n).
    expect(Math.abs(sum / n)).toBeLessThanOrEqual((6 * sd) / Math.sqrt(n));
    expect(Math.abs((d * sumSq) / n - 1)).toBeLessThanOrEqual(6 * Math.sqrt(2 / n));
    const p = 0.682689492137086;
    expect(Math.abs(withinOneSd / n - p)).toBeLessThanOrEqual(6 * Math.sqrt((p * (1 - p)) / n));
  });

  it('rademacher entries are exactly ±1/sqrt(d) with balanced signs', () => {
    const L = 512;
    const d = 128;
    const n = L * d;
    const G = projectionMatrix(L, d, 'rademacher', createRandom(5));
    const s = 1 / Math.sqrt(d);
    let plus = 0;
    let other = 0;
    for (const g of G.data) {
      if (g === s) plus++;
      else if (g !== -s) other++;
    }
    expect(other).toBe(0);
    // Number of + signs is Binomial(n, 1/2): within 6 standard errors (sqrt(n)/2) of n/2.
    expect(Math.abs(plus - n / 2)).toBeLessThanOrEqual(3 * Math.sqrt(n));
  });

  it('rejects bad shapes and projections', () => {
    const r = createRandom(1);
    expect(() => projectionMatrix(0, 3, 'gaussian', r)).toThrow(RangeError);
    expect(() => projectionMatrix(3, 1.5, 'gaussian', r)).toThrow(RangeError);
    expect(() => projectionMatrix(3, 3, 'cauchy' as 'gaussian', r)).toThrow(/projection/);
  });
});
