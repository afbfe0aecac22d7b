import { describe, expect, it } from 'vitest';
import { dthGramEigenvalue, rankDeficiencyBound } from '../../properties/_internals/gramRank.js';
import { chiSquareCdf } from '../../src/statistics/chiSquare.js';
import { createRandom } from '../../src/random/randomSource.js';
import { fillGaussian } from '../../src/random/gaussian.js';

/** `G Gᵀ` of an `L×d` matrix whose column `t` is scaled by `columnScale(t)`. */
function gram(L: number, d: number, seed: number, columnScale: (t: number) => number): Float64Array {
  const z = fillGaussian(createRandom(seed), new Float64Array(L * d), 1 / Math.sqrt(d));
  const G = Array.from({ length: L }, (_, i) => Array.from({ length: d }, (_, t) => z[i * d + t]! * columnScale(t)));
  const A = new Float64Array(L * L);
  for (let i = 0; i < L; i++)
    for (let j = 0; j < L; j++) A[i * L + j] = G[i]!.reduce((s, g, t) => s + g * G[j]![t]!, 0);
  return A;
}

describe('the rank test of a Gaussian projection', () => {
  it('a full Gaussian G (64×32) has its 32nd Gram eigenvalue far above 1e-3; with 29 of 32 columns it is at the rounding level', () => {
    for (let seed = 1; seed <= 5; seed++) {
      // Typical value (sqrt(64) − sqrt(32))²/32 ≈ 0.17.
      expect(
        dthGramEigenvalue(
          gram(64, 32, seed, () => 1),
          64,
          32,
        ),
      ).toBeGreaterThan(0.01);
      // Rank 29: the 32nd eigenvalue is rounding (|λ| below 1e-12 for entries of size 1).
      expect(
        Math.abs(
          dthGramEigenvalue(
            gram(64, 32, seed, (t) => (t < 29 ? Math.sqrt(32 / 29) : 0)),
            64,
            32,
          ),
        ),
      ).toBeLessThan(1e-12);
    }
  });

  it("the bound is d·F_χ²(L−d+1)(d²·tau), tiny at the property's threshold", () => {
    expect(rankDeficiencyBound(64, 32, 1e-3)).toBe(32 * chiSquareCdf(1.024, 33));
    expect(rankDeficiencyBound(64, 32, 1e-3)).toBeLessThan(1e-17);
    expect(rankDeficiencyBound(64, 4, 1e-3)).toBeLessThan(1e-90);
  });

  it('the bound holds where it can be observed: for a nearly square G (12×8) at tau = 0.02 the rate stays below it', () => {
    const bound = rankDeficiencyBound(12, 8, 0.02);
    expect(bound).toBeLessThan(1);
    let below = 0;
    const trials = 300;
    for (let seed = 1; seed <= trials; seed++)
      if (
        dthGramEigenvalue(
          gram(12, 8, seed, () => 1),
          12,
          8,
        ) < 0.02
      )
        below++;
    // Three standard errors of a rate of `bound` over 300 trials.
    expect(below / trials).toBeLessThanOrEqual(bound + 3 * Math.sqrt((bound * (1 - bound)) / trials));
    expect(below).toBeGreaterThan(0); // the threshold is not vacuous: the event does occur
  });

  it('refuses bad shapes and thresholds', () => {
    expect(() => dthGramEigenvalue(new Float64Array(3), 2, 1)).toThrow(RangeError);
    expect(() => dthGramEigenvalue(new Float64Array(4), 2, 3)).toThrow(RangeError);
    expect(() => rankDeficiencyBound(4, 5, 0.1)).toThrow(RangeError);
    expect(() => rankDeficiencyBound(4, 2, 0)).toThrow(RangeError);
  });
});
