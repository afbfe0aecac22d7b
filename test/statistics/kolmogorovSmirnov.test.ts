import { describe, expect, it } from 'vitest';
import { chiSquareCdf } from '../../src/statistics/chiSquare.js';
import {
  kolmogorovAsymptoticSurvival,
  kolmogorovExactCdf,
  kolmogorovSmirnovPValue,
  smirnovOneSidedTail,
} from '../../src/statistics/kolmogorovDistribution.js';
import { kolmogorovSmirnovStatistic, kolmogorovSmirnovTest } from '../../src/statistics/kolmogorovSmirnov.js';
import { fillGaussian } from '../../src/random/gaussian.js';
import { createRandom } from '../../src/random/randomSource.js';
import { relativeError } from './exactArithmetic.js';

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

function uniformSample(seed: number, n: number, map: (u: number) => number = (u) => u): Float64Array {
  const random = createRandom(seed);
  return Float64Array.from({ length: n }, () => map(random.next()));
}

const uniformCdf = (x: number): number => Math.min(1, Math.max(0, x));

describe('kolmogorovSmirnovStatistic', () => {
  it('computes D_n by hand on small samples, whatever the input order', () => {
    // Sorted u = 0.1, 0.5, 0.9: gaps i/n − u = 0.2333, 0.1667, 0.1; u − (i−1)/n = 0.1, 0.1667, 0.2333.
    // 1e-15 absolute: a handful of double subtractions.
    expect(Math.abs(kolmogorovSmirnovStatistic([0.9, 0.1, 0.5], uniformCdf) - (0.9 - 2 / 3))).toBeLessThan(1e-15);
    expect(kolmogorovSmirnovStatistic([0.25], uniformCdf)).toBe(0.75);
    expect(kolmogorovSmirnovStatistic([0.5, 0.5], uniformCdf)).toBe(0.5);
  });

  it('does not reorder the caller’s sample', () => {
    const sample = [0.9, 0.1, 0.5];
    kolmogorovSmirnovStatistic(sample, uniformCdf);
    expect(sample).toEqual([0.9, 0.1, 0.5]);
  });

  it('rejects invalid input', () => {
    expect(() => kolmogorovSmirnovStatistic([], uniformCdf)).toThrow(RangeError);
    expect(() => kolmogorovSmirnovStatistic([0.1, Number.NaN], uniformCdf)).toThrow(RangeError);
    expect(() => kolmogorovSmirnovStatistic([0.1], () => 1.5)).toThrow(RangeError);
    expect(() => kolmogorovSmirnovStatistic([0.1], () => Number.NaN)).toThrow(RangeError);
    expect(() => kolmogorovSmirnovStatistic([0.1], 'x' as unknown as (x: number) => number)).toThrow(TypeError);
    expect(() => kolmogorovSmirnovStatistic('abc' as unknown as number[], uniformCdf)).toThrow(TypeError);
  });
});

describe('Kolmogorov distribution', () => {
  it('reproduces Marsaglia–Tsang–Wang’s published value K(10, 0.274) = 0.6284796154565043', () => {
    // Published to 16 digits; the method claims ~13: 1e-13 relative.
    expect(relativeError(kolmogorovExactCdf(10, 0.274), 0.6284796154565043)).toBeLessThan(1e-13);
    expect(relativeError(kolmogorovSmirnovPValue(10, 0.274).pValue, 1 - 0.6284796154565043)).toBeLessThan(1e-12);
  });

  it('matches the closed forms at both ends of the range', () => {
    for (const n of [1, 2, 5, 12, 40]) {
      // 1/(2n) < d <= 1/n: P(D_n < d) = n! (2d − 1/n)^n  (all n points must sit in their own slot).
      for (const t of [0.2, 0.5, 0.9, 1]) {
        const d = 1 / (2 * n) + (t * 1) / (2 * n);
        const closed = factorial(n) * (2 * d - 1 / n) ** n;
        // 1e-12 relative: the matrix method's ~13 digits.
        expect(relativeError(kolmogorovExactCdf(n, d), closed)).toBeLessThan(1e-12);
      }
      // 1 − 1/n <= d < 1: P(D_n >= d) = 2 (1 − d)^n (only the all-left or all-right configurations).
      for (const t of [0.1, 0.5, 0.99]) {
        const d = n === 1 ? 0.5 + 0.5 * t : 1 - (1 - t) / n;
        const closed = 2 * (1 - d) ** n;
        const { pValue, method } = kolmogorovSmirnovPValue(n, d);
        // Far tail: relative 1e-12 (Smirnov's positive sum) — 1e-9 when the matrix method answers
        // (absolute error ~1e-16 on 1 − K, p-values here are >= 1e-6 in that case).
        expect(relativeError(pValue, closed)).toBeLessThan(method === 'smirnov' ? 1e-12 : 1e-9);
        expect(relativeError(2 * smirnovOneSidedTail(n, d), closed)).toBeLessThan(1e-12);
      }
    }
  });

  it('agrees between the matrix method and the Smirnov sum where both are exact (d >= 1/2)', () => {
    // For d >= 1/2 the events D+ >= d and D− >= d are disjoint, so P(D_n >= d) = 2 P(D_n^+ >= d)
    // exactly; two unrelated algorithms must agree. Absolute 1e-13 (matrix method's 13 digits).
    for (const n of [3, 10, 25, 60]) {
      for (const d of [0.5, 0.55, 0.7]) {
        expect(Math.abs(1 - kolmogorovExactCdf(n, d) - 2 * smirnovOneSidedTail(n, d))).toBeLessThan(1e-13);
      }
    }
  });

  it('uses the doubled Smirnov tail only where it is accurate to 1e-6 (checked against the matrix method)', () => {
    // n·d < 51 keeps the matrix method cheap; p-values from ~1e-2 down to ~1e-8.
    for (const n of [20, 100, 400]) {
      for (const lambda of [1.63, 1.9, 2.3, 3]) {
        const d = lambda / Math.sqrt(n);
        const result = kolmogorovSmirnovPValue(n, d);
        if (result.method !== 'smirnov') continue;
        const exact = 1 - kolmogorovExactCdf(n, d);
        // Matrix method: absolute ~1e-15 on 1 − K, i.e. relative 1e-7 at p = 1e-8; the claim is 1e-6.
        expect(relativeError(result.pValue, exact)).toBeLessThan(1e-6);
      }
    }
    expect(kolmogorovSmirnovPValue(100, 0.25).method).toBe('smirnov');
  });

  it('keeps the asymptotic (Stephens) p-values within 0.6 % where they are used', () => {
    // Region used: p > 0.01 and n·d >= 51. Reference: the exact matrix method (slow here, ~50 ms each).
    // The worst case is the smallest n in that region (n ≈ 1000, p just above 0.01): 0.50 % observed.
    const cases: [number, number][] = [
      [1000, 1.62],
      [2000, 1.2],
      [2000, 1.6],
      [3000, 1.0],
    ];
    for (const [n, lambda] of cases) {
      const d = lambda / Math.sqrt(n);
      const result = kolmogorovSmirnovPValue(n, d);
      expect(result.method).toBe('asymptotic');
      expect(relativeError(result.pValue, 1 - kolmogorovExactCdf(n, d))).toBeLessThan(0.006);
    }
  });

  it('evaluates the limit law: classical critical values, and both series agree at the switch', () => {
    // Tabulated critical values of sqrt(n)·D: 1.2239 (10 %), 1.3581 (5 %), 1.6276 (1 %), 4 decimals;
    // Q' ≈ −0.5 near there, so rounding moves Q by <= 0.5 · 5e-5 = 2.5e-5.
    expect(Math.abs(kolmogorovAsymptoticSurvival(1.2239) - 0.1)).toBeLessThan(3e-5);
    expect(Math.abs(kolmogorovAsymptoticSurvival(1.3581) - 0.05)).toBeLessThan(3e-5);
    expect(Math.abs(kolmogorovAsymptoticSurvival(1.6276) - 0.01)).toBeLessThan(3e-5);
    // Jacobi form below 1.18, alternating series from 1.18: continuity across the switch to 1e-14.
    expect(Math.abs(kolmogorovAsymptoticSurvival(1.18 - 1e-13) - kolmogorovAsymptoticSurvival(1.18))).toBeLessThan(
      1e-13,
    );
    expect(kolmogorovAsymptoticSurvival(0)).toBe(1);
    expect(kolmogorovAsymptoticSurvival(0.05)).toBe(1); // 1 − O(e^{−493}) rounds to 1
    expect(kolmogorovAsymptoticSurvival(50)).toBe(0); // 2 e^{−5000} underflows
  });

  it('handles the edge cases and rejects invalid arguments', () => {
    expect(kolmogorovSmirnovPValue(10, 0.05)).toEqual({ pValue: 1, method: 'exact' }); // d <= 1/(2n)
    expect(kolmogorovSmirnovPValue(10, 1)).toEqual({ pValue: 0, method: 'exact' });
    expect(kolmogorovExactCdf(10, 0)).toBe(0);
    expect(kolmogorovExactCdf(10, 1.5)).toBe(1);
    expect(smirnovOneSidedTail(10, 0)).toBe(1);
    expect(smirnovOneSidedTail(10, 1)).toBe(0);
    expect(() => kolmogorovSmirnovPValue(0, 0.5)).toThrow(RangeError);
    expect(() => kolmogorovSmirnovPValue(10, Number.NaN)).toThrow(RangeError);
    expect(() => kolmogorovSmirnovPValue(2.5, 0.5)).toThrow(RangeError);
    expect(() => kolmogorovAsymptoticSurvival(Number.NaN)).toThrow(RangeError);
    expect(() => smirnovOneSidedTail(10, '0.5' as unknown as number)).toThrow(TypeError);
  });
});

describe('kolmogorovSmirnovTest on seeded samples', () => {
  it('gives uniformly distributed p-values for samples from the hypothesised law', () => {
    // 300 seeded uniform samples of size 40: their p-values must themselves look U(0, 1).
    // A correct implementation fails this at 1e-4 with probability 1e-4 over the seeds.
    const pValues = Array.from(
      { length: 300 },
      (_, s) => kolmogorovSmirnovTest(uniformSample(1000 + s, 40), uniformCdf).pValue,
    );
    expect(kolmogorovSmirnovTest(pValues, uniformCdf).pValue).toBeGreaterThan(1e-4);
    expect(Math.min(...pValues)).toBeGreaterThan(1e-4 / 300); // no absurdly small one either (Bonferroni)
  });

  it('gives tiny p-values for a shifted distribution', () => {
    for (const seed of [1, 2, 3]) {
      // u·0.9 + 0.1 is uniform on [0.1, 1): D ≈ 0.1, so p ≈ 2 exp(−2 n D²) = 2 e^{−40} ≈ 1e-17 for n = 2000.
      const result = kolmogorovSmirnovTest(
        uniformSample(seed, 2000, (u) => 0.1 + 0.9 * u),
        uniformCdf,
      );
      expect(result.pValue).toBeLessThan(1e-10);
    }
  });

  it('accepts d·||G^T u||² ~ chi-square(d) and rejects a wrong variance or fewer columns', () => {
    // The use in attnproof: for a unit vector u and G with iid N(0, 1/d) entries, each
    // coordinate of G^T u is N(0, 1/d), so d·||G^T u||² is chi-square with d degrees of freedom.
    const d = 16;
    const L = 24;
    const u = new Float64Array(L).fill(1 / Math.sqrt(L));
    const draws = (seed: number, count: number, variance: number, columns: number): Float64Array => {
      const random = createRandom(seed);
      const g = new Float64Array(L * d);
      return Float64Array.from({ length: count }, () => {
        fillGaussian(random, g, Math.sqrt(variance));
        let sum = 0;
        for (let j = 0; j < columns; j++) {
          let dot = 0;
          for (const [i, ui] of u.entries()) dot += g[i * d + j]! * ui;
          sum += dot * dot;
        }
        return d * sum;
      });
    };
    const chi = (x: number): number => chiSquareCdf(x, d);
    for (const seed of [11, 12, 13]) {
      // Correct law: fails at 1e-4 with probability 1e-4 per seed.
      expect(kolmogorovSmirnovTest(draws(seed, 1000, 1 / d, d), chi).pValue).toBeGreaterThan(1e-4);
    }
    // Variance 1.25/d: the statistic is 1.25·chi2(16), CDF gap ≈ 0.245 ⇒ p ≈ 2 exp(−2·1000·0.245²) ≈ 1e-52.
    expect(kolmogorovSmirnovTest(draws(21, 1000, 1.25 / d, d), chi).pValue).toBeLessThan(1e-8);
    // Two columns missing: chi2(14) instead of chi2(16), CDF gap ≈ 0.149 ⇒ p ≈ 2 exp(−2·1000·0.149²) ≈ 1e-19.
    expect(kolmogorovSmirnovTest(draws(22, 1000, 1 / d, d - 2), chi).pValue).toBeLessThan(1e-8);
  });
});
