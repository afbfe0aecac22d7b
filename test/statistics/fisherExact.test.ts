import { describe, expect, it } from 'vitest';
import { fisherExactTest } from '../../src/statistics/fisherExact.js';
import { choose, ratioToNumber, relativeError } from './exactArithmetic.js';

/** Exact p-values by rational arithmetic: numerators C(K,x)·C(N−K,nA−x) over the common C(N,nA). */
function exactFisher(
  fA: number,
  nA: number,
  fB: number,
  nB: number,
): { greater: number; less: number; twoSided: number } {
  const N = nA + nB;
  const K = fA + fB;
  const den = choose(N, nA);
  const weight = (x: number): bigint => choose(K, x) * choose(N - K, nA - x);
  const observed = weight(fA);
  let greater = 0n;
  let less = 0n;
  let twoSided = 0n;
  for (let x = Math.max(0, nA - (N - K)); x <= Math.min(K, nA); x++) {
    const w = weight(x);
    if (x >= fA) greater += w;
    if (x <= fA) less += w;
    if (w <= observed) twoSided += w;
  }
  return {
    greater: ratioToNumber(greater, den),
    less: ratioToNumber(less, den),
    twoSided: ratioToNumber(twoSided, den),
  };
}

// Each probability is exp(ln Γ sums): an absolute error e in the log is a relative error e
// in the probability, and e is ~1e-16 times the size of the ln Γ values (<= ~10 for these
// small tables, observed 2.4e-15 relative). 1e-13 relative on every p-value.
const FISHER_REL_TOL = 1e-13;

describe('fisherExactTest', () => {
  it('matches exact rational p-values on every table with up to 8 trials per sample', () => {
    for (let nA = 0; nA <= 8; nA++) {
      for (let nB = 0; nB <= 8; nB++) {
        for (let fA = 0; fA <= nA; fA++) {
          for (let fB = 0; fB <= nB; fB++) {
            const got = fisherExactTest(fA, nA, fB, nB);
            const want = exactFisher(fA, nA, fB, nB);
            expect(relativeError(got.greater, want.greater)).toBeLessThan(FISHER_REL_TOL);
            expect(relativeError(got.less, want.less)).toBeLessThan(FISHER_REL_TOL);
            expect(relativeError(got.twoSided, want.twoSided)).toBeLessThan(FISHER_REL_TOL);
          }
        }
      }
    }
  });

  it('reproduces Fisher’s tea-tasting p-value 17/70 and the symmetric tie 1/C(6,3)', () => {
    // 3 of 4 cups right: P(X >= 3) = (C(4,3)C(4,1) + C(4,4)C(4,0)) / C(8,4) = 17/70.
    expect(relativeError(fisherExactTest(3, 4, 1, 4).greater, 17 / 70)).toBeLessThan(FISHER_REL_TOL);
    expect(relativeError(fisherExactTest(3, 4, 1, 4).twoSided, 34 / 70)).toBeLessThan(FISHER_REL_TOL);
    // 3/3 vs 0/3: tables x = 3 and x = 0 both have probability 1/20 (an exact tie, counted both sides).
    const t = fisherExactTest(3, 3, 0, 3);
    expect(relativeError(t.greater, 0.05)).toBeLessThan(FISHER_REL_TOL);
    expect(relativeError(t.twoSided, 0.1)).toBeLessThan(FISHER_REL_TOL);
    expect(t.less).toBe(1);
  });

  it('stays exact on differential-mode sized tables (1000 trials per implementation)', () => {
    for (const [fA, nA, fB, nB] of [
      [30, 1000, 10, 1000],
      [12, 1000, 10, 1000],
      [0, 1000, 10, 1000],
      [60, 2000, 25, 1500],
    ] as const) {
      const got = fisherExactTest(fA, nA, fB, nB);
      const want = exactFisher(fA, nA, fB, nB);
      // ln Γ values up to ~2.4e4 here (ln 3500!), so ~1e-16 · 2.4e4 ≈ 2.4e-12 worst case
      // before the normalisation cancels part of it (observed 1.1e-12): 1e-11 relative.
      expect(relativeError(got.greater, want.greater)).toBeLessThan(1e-11);
      expect(relativeError(got.less, want.less)).toBeLessThan(1e-11);
      expect(relativeError(got.twoSided, want.twoSided)).toBeLessThan(1e-11);
    }
    // A clearly worse implementation is flagged (4 % against 1 % failures: p ≈ 9.5e-6),
    // an indistinguishable one is not (12 against 10 failures).
    expect(fisherExactTest(40, 1000, 10, 1000).greater).toBeLessThan(1e-5);
    expect(fisherExactTest(12, 1000, 10, 1000).greater).toBeGreaterThan(0.1);
  });

  it('swaps the one-sided p-values when the samples are swapped', () => {
    for (const [fA, nA, fB, nB] of [
      [3, 40, 9, 50],
      [17, 100, 4, 70],
    ] as const) {
      const ab = fisherExactTest(fA, nA, fB, nB);
      const ba = fisherExactTest(fB, nB, fA, nA);
      // Same sums in the opposite order: 1e-13 relative.
      expect(relativeError(ab.greater, ba.less)).toBeLessThan(1e-13);
      expect(relativeError(ab.less, ba.greater)).toBeLessThan(1e-13);
      expect(relativeError(ab.twoSided, ba.twoSided)).toBeLessThan(1e-13);
    }
  });

  it('returns 1 when the margins leave a single table', () => {
    expect(fisherExactTest(0, 10, 0, 20)).toEqual({ greater: 1, less: 1, twoSided: 1 });
    expect(fisherExactTest(10, 10, 20, 20)).toEqual({ greater: 1, less: 1, twoSided: 1 });
    expect(fisherExactTest(0, 0, 3, 20)).toEqual({ greater: 1, less: 1, twoSided: 1 });
  });

  it('rejects invalid counts', () => {
    expect(() => fisherExactTest(11, 10, 0, 10)).toThrow(RangeError);
    expect(() => fisherExactTest(1, 10, 11, 10)).toThrow(RangeError);
    expect(() => fisherExactTest(-1, 10, 0, 10)).toThrow(RangeError);
    expect(() => fisherExactTest(1.5, 10, 0, 10)).toThrow(RangeError);
    expect(() => fisherExactTest(1, 10, 0, '10' as unknown as number)).toThrow(TypeError);
  });
});
