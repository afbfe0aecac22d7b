import { describe, expect, it } from 'vitest';
import { signedRankTest } from '../../src/statistics/signedRankTest.js';

describe('signedRankTest (Wilcoxon, exact null law)', () => {
  it('matches hand-computed tails for n = 3 (subset sums of {1, 2, 3}: 0 1 2 3 3 4 5 6)', () => {
    const all = signedRankTest([1, 2, 3]);
    expect(all).toMatchObject({ n: 3, wPlus: 6 });
    expect(all.greater).toBeCloseTo(1 / 8, 15); // tolerance 1e-15: probabilities are dyadic
    expect(all.less).toBeCloseTo(1, 15);
    const mixed = signedRankTest([1, -2, 3]);
    expect(mixed.wPlus).toBe(4);
    expect(mixed.greater).toBeCloseTo(3 / 8, 15);
    expect(mixed.less).toBeCloseTo(6 / 8, 15);
    const none = signedRankTest([-0.5, -7, -1]);
    expect(none.wPlus).toBe(0);
    expect(none.less).toBeCloseTo(1 / 8, 15);
  });

  it('matches hand-computed tails for n = 4 (16 subsets of {1, 2, 3, 4})', () => {
    // W+ = 2 + 4 = 6 (the ranks of 0.2 and 9)
    const result = signedRankTest([-0.1, 0.2, -0.3, 9]);
    expect(result.wPlus).toBe(6);
    // sums of subsets of {1,2,3,4}: 0,1,2,3,3,4,4,5,5,6,6,7,7,8,9,10 → P(W+ >= 6) = 7/16, P(W+ <= 6) = 11/16
    expect(result.greater).toBeCloseTo(7 / 16, 15);
    expect(result.less).toBeCloseTo(11 / 16, 15);
  });

  it('drops zeros, ranks infinities above every finite difference and breaks ties by position', () => {
    expect(signedRankTest([0, 5, Infinity])).toMatchObject({ n: 2, wPlus: 3, greater: 0.25 });
    expect(signedRankTest([Infinity, -Infinity]).wPlus).toBe(1); // tie at |D| = ∞: the first gets rank 1
    expect(signedRankTest([-2, 2]).wPlus).toBe(2);
    expect(signedRankTest([]).greater).toBe(1);
  });

  it('has the level it states: 20 positive differences give 2^-20, one negative smallest 2^-19', () => {
    const twenty = signedRankTest(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(twenty.greater / 2 ** -20).toBeCloseTo(1, 12); // relative 1e-12
    // W+ = 210 − 1 = 209: only the subsets "all" and "all but rank 1" reach it.
    const oneNegative = signedRankTest(Array.from({ length: 20 }, (_, i) => (i === 0 ? -1 : i + 1)));
    expect(oneNegative.wPlus).toBe(209);
    expect(oneNegative.greater / 2 ** -19).toBeCloseTo(1, 12);
  });

  it('agrees with the normal approximation far from the tails (n = 100, W+ at the mean: p ≈ 0.5)', () => {
    const differences = Array.from({ length: 100 }, (_, i) => ((i * 7919) % 2 === 0 ? 1 : -1) * (i + 1));
    const result = signedRankTest(differences);
    const mean = (100 * 101) / 4;
    const sd = Math.sqrt((100 * 101 * 201) / 24);
    const z = (result.wPlus - mean) / sd;
    // continuity-corrected normal tail, within 0.01 of the exact one at |z| < 1
    const normalTail = 0.5 * erfc((z - 0.5 / sd) / Math.SQRT2);
    expect(Math.abs(result.greater - normalTail)).toBeLessThan(0.01);
  });

  it('rejects a non-array and NaN', () => {
    expect(() => signedRankTest('x' as unknown as number[])).toThrow(TypeError);
    expect(() => signedRankTest([1, Number.NaN])).toThrow(RangeError);
    expect(() => signedRankTest([1, '2' as unknown as number])).toThrow(TypeError);
  });
});

/** Complementary error function (Abramowitz–Stegun 7.1.26, absolute error < 1.5e-7). */
function erfc(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) *
    Math.exp(-x * x);
  return x >= 0 ? y : 2 - y;
}
