import { describe, expect, it } from 'vitest';
import { binomialLowerTail, binomialUpperTail } from '../../src/statistics/binomialTail.js';
import { exactBinomialLowerTail, exactBinomialUpperTail, relativeError } from './exactArithmetic.js';

// Tolerance for comparisons with exact rational references: stdlib's incomplete
// beta (Boost ibeta) is accurate to a few hundred ulps (2^-52 ≈ 2.2e-16 each) for
// these arguments (about 40 ulps observed); 1e-13 relative is ~450 ulps.
const BETA_REL_TOL = 1e-13;

// Dyadic rates are exact doubles, so the exact fraction a/b is exactly the p the function receives.
const RATES: [number, number][] = [
  [1, 8],
  [5, 16],
  [1, 2],
  [13, 16],
];

describe('binomialUpperTail / binomialLowerTail', () => {
  it('match exact rational sums for every k, several n and p', () => {
    for (const n of [1, 2, 7, 20, 60]) {
      for (const [a, b] of RATES) {
        const p = a / b;
        for (let k = 0; k <= n + 1; k++) {
          expect(relativeError(binomialUpperTail(k, n, p), exactBinomialUpperTail(k, n, a, b))).toBeLessThan(
            BETA_REL_TOL,
          );
          expect(relativeError(binomialLowerTail(k, n, p), exactBinomialLowerTail(k, n, a, b))).toBeLessThan(
            BETA_REL_TOL,
          );
        }
      }
    }
  });

  it('keep relative precision deep in the tail (no 1 − cdf cancellation)', () => {
    // P(X >= n) = p^n exactly; (1/8)^200 = 2^-600 ≈ 2.4e-181 is far below 1e-16 · 1.
    expect(relativeError(binomialUpperTail(200, 200, 0.125), 2 ** -600)).toBeLessThan(BETA_REL_TOL);
    // P(X <= 0) = (1 − p)^n; (1/8)^300 for p = 7/8.
    expect(relativeError(binomialLowerTail(0, 300, 0.875), 2 ** -900)).toBeLessThan(BETA_REL_TOL);
    // A far upper tail with many terms, against the exact sum (≈ 1e-170).
    const exact = exactBinomialUpperTail(250, 300, 1, 8);
    expect(exact).toBeLessThan(1e-150);
    expect(relativeError(binomialUpperTail(250, 300, 0.125), exact)).toBeLessThan(BETA_REL_TOL);
    // The complement of a tail near 1 stays accurate too: P(X <= 249) for the same law.
    expect(relativeError(binomialLowerTail(249, 300, 0.125), 1 - exact)).toBeLessThan(1e-15); // 1 − 1e-170 rounds to 1
  });

  it('is symmetric for p = 1/2: P(X >= k) = P(X <= n − k)', () => {
    for (const n of [9, 50, 1001]) {
      for (let k = 0; k <= n; k += Math.max(1, Math.floor(n / 37))) {
        // Both sides go through different betainc branches; 1e-12 relative as above.
        expect(relativeError(binomialUpperTail(k, n, 0.5), binomialLowerTail(n - k, n, 0.5))).toBeLessThan(
          BETA_REL_TOL,
        );
      }
    }
  });

  it('has complementary tails: P(X >= k) + P(X <= k − 1) = 1', () => {
    for (const [n, p] of [
      [40, 0.01],
      [1000, 0.3],
      [100000, 0.02],
    ] as const) {
      for (const k of [1, 2, Math.floor(n * p), Math.floor(n * p) + 5, n]) {
        // Absolute 1e-13: the sum of two numbers <= 1, each with ~1e-14 absolute error.
        expect(Math.abs(binomialUpperTail(k, n, p) + binomialLowerTail(k - 1, n, p) - 1)).toBeLessThan(1e-13);
      }
    }
  });

  it('handles the edge cases exactly', () => {
    expect(binomialUpperTail(0, 10, 0.3)).toBe(1);
    expect(binomialUpperTail(-5, 10, 0.3)).toBe(1);
    expect(binomialUpperTail(11, 10, 0.3)).toBe(0);
    expect(binomialUpperTail(1, 10, 0)).toBe(0);
    expect(binomialUpperTail(0, 10, 0)).toBe(1);
    expect(binomialUpperTail(10, 10, 1)).toBe(1);
    expect(binomialUpperTail(0, 0, 0.5)).toBe(1);
    expect(binomialUpperTail(1, 0, 0.5)).toBe(0);
    expect(binomialLowerTail(-1, 10, 0.3)).toBe(0);
    expect(binomialLowerTail(10, 10, 0.3)).toBe(1);
    expect(binomialLowerTail(0, 10, 0)).toBe(1);
    expect(binomialLowerTail(9, 10, 1)).toBe(0);
    expect(binomialLowerTail(0, 0, 0.5)).toBe(1);
  });

  it('rejects invalid arguments', () => {
    expect(() => binomialUpperTail(1.5, 10, 0.3)).toThrow(RangeError);
    expect(() => binomialUpperTail(1, -1, 0.3)).toThrow(RangeError);
    expect(() => binomialUpperTail(1, 10, 1.2)).toThrow(RangeError);
    expect(() => binomialUpperTail(1, 10, Number.NaN)).toThrow(RangeError);
    expect(() => binomialLowerTail(1, 10.5, 0.3)).toThrow(RangeError);
    expect(() => binomialLowerTail('1' as unknown as number, 10, 0.3)).toThrow(TypeError);
  });
});
