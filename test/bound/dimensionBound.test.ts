import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chernoffExponents } from '../../src/bound/chernoffExponents.js';
import { dimensionBound } from '../../src/bound/dimensionBound.js';
import { failureProbability } from '../../src/bound/failureProbability.js';
import { theoremConstants } from '../../src/bound/theoremConstants.js';
import { FC, SPEC_ROWS, boundParamsArb } from './helpers.js';

describe('dimensionBound (d*)', () => {
  it.each(SPEC_ROWS)('reproduces the SPEC §4 reference row %o exactly', (params, dStar) => {
    expect(dimensionBound(params)).toBe(dStar);
  });

  it('satisfies the closed form exactly up to the two ceilings: d*(L²) − 2 d*(L) ∈ (−K − 2, −K + 1)', () => {
    // Without ceilings, x(L) = (2/h+)(ln(4/delta) + 2 ln L) is affine in ln L, so
    // x(L²) − 2 x(L) = −K with K = (2/h+) ln(4/delta) exactly. Each ceiling adds [0, 1):
    // d*(L²) ∈ [x(L²), x(L²) + 1) and 2 d*(L) ∈ [2x(L), 2x(L) + 2).
    fc.assert(
      fc.property(boundParamsArb, fc.integer({ min: 2, max: 1 << 26 }), (params, L) => {
        const { hPlus } = chernoffExponents(theoremConstants(params).tau);
        const K = (2 / hPlus) * Math.log(4 / params.delta);
        const diff = dimensionBound({ ...params, L: L * L }) - 2 * dimensionBound({ ...params, L });
        // Slack 1e-9·(d*(L²)) for the rounding of logs in both evaluations (relative 1e-15 at most).
        const slack = 1e-9 * dimensionBound({ ...params, L: L * L });
        return diff > -K - 2 - slack && diff < -K + 1 + slack;
      }),
      FC,
    );
  });

  it('grows logarithmically in L: doubling L adds (4 ln 2)/h+ up to one', () => {
    const base = SPEC_ROWS[0]![0];
    const { hPlus } = chernoffExponents(theoremConstants(base).tau);
    let previous = dimensionBound({ ...base, L: 2 });
    for (let L = 4; L <= 2 ** 40; L *= 2) {
      const dStar = dimensionBound({ ...base, L });
      expect(Math.abs(dStar - previous - (4 * Math.LN2) / hPlus)).toBeLessThan(1);
      previous = dStar;
    }
  });

  it('is monotone: non-decreasing in L, S, kappa and in 1/delta, non-increasing in epsilon', () => {
    fc.assert(
      fc.property(boundParamsArb, (p) => {
        const d = dimensionBound(p);
        return (
          dimensionBound({ ...p, L: p.L + 1 }) >= d &&
          dimensionBound({ ...p, S: p.S + 1 }) >= d &&
          dimensionBound({ ...p, kappa: p.kappa * 2 }) >= d &&
          dimensionBound({ ...p, delta: p.delta / 2 }) >= d &&
          dimensionBound({ ...p, epsilon: p.epsilon * 2 }) <= d
        );
      }),
      FC,
    );
  });

  it('guarantees what it claims: p(d*) <= delta', () => {
    fc.assert(
      fc.property(boundParamsArb, (p) => failureProbability(p, dimensionBound(p)) <= p.delta),
      FC,
    );
  });

  it('is Infinity when h+ underflows (epsilon = 1e-170), and huge but finite for epsilon = 1e-9', () => {
    const base = { L: 64, S: 1, gamma: 0.5, kappa: 1, delta: 0.1 };
    expect(dimensionBound({ ...base, epsilon: 1e-170 })).toBe(Infinity);
    const huge = dimensionBound({ ...base, epsilon: 1e-9 });
    expect(Number.isFinite(huge)).toBe(true);
    expect(huge).toBeGreaterThan(Number.MAX_SAFE_INTEGER / 1e6);
  });
});
