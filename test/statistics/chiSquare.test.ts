import { describe, expect, it } from 'vitest';
import { chiSquareCdf, chiSquareSurvival } from '../../src/statistics/chiSquare.js';
import { relativeError } from './exactArithmetic.js';

/** Closed form for even k: P(chi2_k > x) = e^{−x/2} Σ_{j < k/2} (x/2)^j / j! (a Poisson tail). */
function evenSurvival(x: number, k: number): number {
  const h = x / 2;
  let term = 1;
  let sum = 1;
  for (let j = 1; j < k / 2; j++) {
    term *= h / j;
    sum += term;
  }
  return Math.exp(-h) * sum;
}

describe('chiSquareCdf / chiSquareSurvival', () => {
  it('gives 1 − exp(−x/2) and exp(−x/2) for 2 degrees of freedom', () => {
    for (const x of [1e-8, 0.1, 1, 2, 10, 50]) {
      // 1e-13 relative: incomplete gamma (Boost) vs libm, a few dozen ulps each.
      expect(relativeError(chiSquareCdf(x, 2), -Math.expm1(-x / 2))).toBeLessThan(1e-13);
      expect(relativeError(chiSquareSurvival(x, 2), Math.exp(-x / 2))).toBeLessThan(1e-13);
    }
  });

  it('matches the Poisson-sum closed form for even degrees of freedom, deep tails included', () => {
    for (const k of [4, 10, 16, 50]) {
      for (const x of [0.5, k / 2, k, 2 * k, 5 * k, 1000]) {
        const s = evenSurvival(x, k);
        // Same 1e-13 relative bound, on tails down to ~1e-200: no 1 − cdf anywhere.
        expect(relativeError(chiSquareSurvival(x, k), s)).toBeLessThan(1e-13);
        // The cdf near 1 is only checked in absolute terms (1 − s has no more digits than that).
        expect(Math.abs(chiSquareCdf(x, k) - (1 - s))).toBeLessThan(1e-14);
      }
    }
  });

  it('puts the published 95 % and 99 % points where they belong', () => {
    // chi2(1) is the square of a standard normal, so its quantiles are squared normal
    // quantiles: z(0.975) = 1.959963984540, z(0.995) = 2.575829303549 (13 digits: the
    // tail moves by at most density · 2z · 5e-13 < 1e-12).
    expect(Math.abs(chiSquareSurvival(1.95996398454 ** 2, 1) - 0.05)).toBeLessThan(1e-12);
    expect(Math.abs(chiSquareSurvival(2.575829303549 ** 2, 1) - 0.01)).toBeLessThan(1e-12);
    // chi2(10) 95 % point, tabulated as 18.307 (3 decimals): the tail moves by at most
    // density(18.307) · 5e-4 ≈ 0.0155 · 5e-4 = 7.8e-6.
    expect(Math.abs(chiSquareSurvival(18.307, 10) - 0.05)).toBeLessThan(8e-6);
  });

  it('has cdf + survival = 1 for odd and fractional degrees of freedom', () => {
    for (const k of [1, 3, 7.5, 101]) {
      for (const x of [0.01, 1, k, 3 * k]) {
        // Absolute 2e-15: two values in [0, 1], each within a few ulps.
        expect(Math.abs(chiSquareCdf(x, k) + chiSquareSurvival(x, k) - 1)).toBeLessThan(2e-15);
      }
    }
  });

  it('handles the edge cases exactly', () => {
    expect(chiSquareCdf(0, 3)).toBe(0);
    expect(chiSquareCdf(-1, 3)).toBe(0);
    expect(chiSquareCdf(Infinity, 3)).toBe(1);
    expect(chiSquareSurvival(0, 3)).toBe(1);
    expect(chiSquareSurvival(-Infinity, 3)).toBe(1);
    expect(chiSquareSurvival(Infinity, 3)).toBe(0);
  });

  it('rejects invalid arguments', () => {
    expect(() => chiSquareCdf(Number.NaN, 3)).toThrow(RangeError);
    expect(() => chiSquareCdf(1, 0)).toThrow(RangeError);
    expect(() => chiSquareSurvival(1, -2)).toThrow(RangeError);
    expect(() => chiSquareSurvival(1, Infinity)).toThrow(RangeError);
    expect(() => chiSquareCdf('1' as unknown as number, 3)).toThrow(TypeError);
  });
});
