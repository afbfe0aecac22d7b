import { describe, expect, it } from 'vitest';
import {
  clopperPearsonInterval,
  clopperPearsonLower,
  clopperPearsonUpper,
} from '../../src/statistics/clopperPearson.js';
import { choose, relativeError } from './exactArithmetic.js';

/** P(X <= k) for X ~ Bin(n, p) by direct summation of the pmf in doubles (independent of stdlib). */
function directLowerTail(k: number, n: number, p: number): number {
  let sum = 0;
  for (let j = 0; j <= k; j++) sum += Number(choose(n, j)) * p ** j * (1 - p) ** (n - j);
  return sum;
}

describe('clopperPearsonUpper / clopperPearsonLower', () => {
  it('gives the closed forms 1 − alpha^(1/n) (no failures) and alpha^(1/n) (all failures)', () => {
    for (const n of [1, 3, 10, 1000, 100000]) {
      for (const alpha of [0.05, 1e-3, 1e-9]) {
        // 1e-12 relative: one incomplete-beta inversion against two libm calls.
        expect(relativeError(clopperPearsonUpper(0, n, alpha), -Math.expm1(Math.log(alpha) / n))).toBeLessThan(1e-12);
        expect(relativeError(clopperPearsonLower(n, n, alpha), Math.exp(Math.log(alpha) / n))).toBeLessThan(1e-12);
      }
    }
  });

  it('solves its defining equation P(X <= k | upper) = alpha = P(X >= k | lower)', () => {
    for (const n of [5, 20, 60]) {
      for (const k of [1, 2, Math.floor(n / 3), n - 1]) {
        for (const alpha of [0.05, 1e-4]) {
          const upper = clopperPearsonUpper(k, n, alpha);
          const lower = clopperPearsonLower(k, n, alpha);
          // Direct pmf summation has ~1e-14 relative error; the inversion stops within
          // ~1e-13 relative in p, which the tail amplifies by its elasticity |p·F'(p)/F(p)|
          // (up to ~100 here): 1e-10 relative on alpha (observed: 2.5e-11).
          expect(relativeError(directLowerTail(k, n, upper), alpha)).toBeLessThan(1e-10);
          expect(relativeError(1 - directLowerTail(k - 1, n, lower), alpha)).toBeLessThan(1e-10);
        }
      }
    }
  });

  it('matches published 95 % intervals (R binom.test / Clopper–Pearson tables, 6 digits)', () => {
    // binom.test(5, 10)$conf.int = 0.187086 0.812914; binom.test(1, 10) = 0.002529 0.445016;
    // binom.test(0, 10) = 0 0.308497. Published to 6 decimals: tolerance 6e-7 absolute.
    const a = clopperPearsonInterval(5, 10, 0.05);
    expect(Math.abs(a.lower - 0.187086)).toBeLessThan(6e-7);
    expect(Math.abs(a.upper - 0.812914)).toBeLessThan(6e-7);
    const b = clopperPearsonInterval(1, 10, 0.05);
    expect(Math.abs(b.lower - 0.002529)).toBeLessThan(6e-7);
    expect(Math.abs(b.upper - 0.445016)).toBeLessThan(6e-7);
    const c = clopperPearsonInterval(0, 10, 0.05);
    expect(c.lower).toBe(0);
    expect(Math.abs(c.upper - 0.308497)).toBeLessThan(6e-7);
  });

  it('has exact coverage at least 1 − alpha for every true rate (computed, not simulated)', () => {
    const n = 30;
    const alpha = 0.05;
    const uppers = Array.from({ length: n + 1 }, (_, k) => clopperPearsonUpper(k, n, alpha));
    const lowers = Array.from({ length: n + 1 }, (_, k) => clopperPearsonLower(k, n, alpha));
    for (let i = 1; i < 400; i++) {
      const p = i / 400;
      let coveredUpper = 0;
      let coveredLower = 0;
      for (const [k, upper] of uppers.entries()) {
        const pmf = Number(choose(n, k)) * p ** k * (1 - p) ** (n - k);
        if (p <= upper) coveredUpper += pmf;
        if (p >= lowers[k]!) coveredLower += pmf;
      }
      // 1e-12: rounding of a 31-term sum of probabilities.
      expect(coveredUpper).toBeGreaterThanOrEqual(1 - alpha - 1e-12);
      expect(coveredLower).toBeGreaterThanOrEqual(1 - alpha - 1e-12);
    }
  });

  it('is monotone: the upper bound grows with failures and shrinks with trials', () => {
    for (let k = 0; k < 50; k++)
      expect(clopperPearsonUpper(k + 1, 50, 0.01)).toBeGreaterThan(clopperPearsonUpper(k, 50, 0.01));
    for (let n = 5; n < 60; n++)
      expect(clopperPearsonUpper(3, n + 1, 0.01)).toBeLessThan(clopperPearsonUpper(3, n, 0.01));
    expect(clopperPearsonUpper(3, 20, 1e-6)).toBeGreaterThan(clopperPearsonUpper(3, 20, 0.05));
  });

  it('handles the edge cases exactly', () => {
    expect(clopperPearsonUpper(10, 10, 0.05)).toBe(1);
    expect(clopperPearsonUpper(0, 0, 0.05)).toBe(1);
    expect(clopperPearsonLower(0, 0, 0.05)).toBe(0);
    expect(clopperPearsonLower(0, 10, 0.05)).toBe(0);
    expect(clopperPearsonInterval(0, 0, 0.05)).toEqual({ lower: 0, upper: 1 });
  });

  it('rejects invalid arguments', () => {
    expect(() => clopperPearsonUpper(11, 10, 0.05)).toThrow(RangeError);
    expect(() => clopperPearsonUpper(-1, 10, 0.05)).toThrow(RangeError);
    expect(() => clopperPearsonUpper(1, 10, 0)).toThrow(RangeError);
    expect(() => clopperPearsonLower(1, 10, 1)).toThrow(RangeError);
    expect(() => clopperPearsonInterval(1, 10, Number.NaN)).toThrow(RangeError);
    expect(() => clopperPearsonUpper(1, 10, '0.05' as unknown as number)).toThrow(TypeError);
  });
});
