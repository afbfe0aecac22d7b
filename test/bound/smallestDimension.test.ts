import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundSummary } from '../../src/bound/boundSummary.js';
import { chernoffExponents } from '../../src/bound/chernoffExponents.js';
import { dimensionBound } from '../../src/bound/dimensionBound.js';
import { failureProbability } from '../../src/bound/failureProbability.js';
import { smallestDimension } from '../../src/bound/smallestDimension.js';
import { theoremConstants } from '../../src/bound/theoremConstants.js';
import type { BoundParams } from '../../src/bound/theoremParams.js';
import { FC, SPEC_ROWS, boundParamsArb } from './helpers.js';

function checkSmallest(params: BoundParams): boolean {
  const dStar = dimensionBound(params);
  const d = smallestDimension(params);
  const { hPlus } = chernoffExponents(theoremConstants(params).tau);
  return (
    d >= 1 &&
    d <= dStar &&
    failureProbability(params, d) <= params.delta &&
    (d === 1 || failureProbability(params, d - 1) > params.delta) &&
    // d* only pays for bounding the smaller exponential by the larger: d* − d < 1 + 2 ln 2 / h+.
    dStar - d < 1 + (2 * Math.LN2) / hPlus
  );
}

describe('smallestDimension', () => {
  it.each(SPEC_ROWS)('is minimal, at most d*, on reference row %o', (params) => {
    expect(checkSmallest(params)).toBe(true);
    expect(smallestDimension(params)).toBeGreaterThan(1);
  });

  it('is minimal and at most d* on random parameters', () => {
    fc.assert(fc.property(boundParamsArb, checkSmallest), { ...FC, numRuns: 100 });
  });

  it('refuses when d* is not a safe integer', () => {
    expect(() => smallestDimension({ L: 64, S: 1, epsilon: 1e-9, gamma: 0.5, kappa: 1, delta: 0.1 })).toThrow(
      RangeError,
    );
  });
});

describe('boundSummary', () => {
  it('collects constants, d*, the exact dimension and p at d', () => {
    const [params, dStar] = SPEC_ROWS[0]!;
    const s = boundSummary(params, dStar);
    const c = theoremConstants(params);
    expect(s).toMatchObject({ ...params, rho: c.rho, Delta: c.Delta, R: c.R, tau: c.tau, dStar, d: dStar });
    expect(s.hPlus).toBe(chernoffExponents(c.tau).hPlus);
    expect(s.dExact).toBe(smallestDimension(params));
    expect(s.pOfD).toBe(failureProbability(params, dStar));
    expect(s.pOfD!).toBeLessThanOrEqual(params.delta);
    // JSON form (what `attnproof bound --json` prints) keeps every number.
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('omits the d fields without d, and dExact when d* is not a safe integer', () => {
    const s = boundSummary(SPEC_ROWS[2]![0]);
    expect('pOfD' in s || 'logPOfD' in s || 'd' in s).toBe(false);
    expect(s.dStar).toBe(7901);
    const huge = boundSummary({ L: 64, S: 1, epsilon: 1e-9, gamma: 0.5, kappa: 1, delta: 0.1 }, 1000);
    expect('dExact' in huge).toBe(false);
    expect(huge.pOfD).toBe(1);
  });
});
