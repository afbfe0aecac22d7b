import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { failureProbability, logFailureProbability } from '../../src/bound/failureProbability.js';
import { theoremConstants } from '../../src/bound/theoremConstants.js';
import { exactHMinus, exactHPlus } from './exactSeries.js';
import { FC, SPEC_ROWS, boundParamsArb } from './helpers.js';

describe('failureProbability p(d) and logFailureProbability ln p(d)', () => {
  it('agrees with the defining formula evaluated from exact Chernoff exponents', () => {
    // Reference: 2L²[e^{−(d/2)h+} + e^{−(d/2)h−}] with correctly rounded h± (BigInt series).
    // Tolerance: relative (|a| + 10)·4e-16 where a = (d/2)h+: a relative error u in h± becomes
    // a relative error |a|·u in exp(−a); the remaining handful of operations add ~10 ulps.
    for (const [params] of SPEC_ROWS) {
      const { tau } = theoremConstants(params);
      const hp = exactHPlus(tau);
      const hm = exactHMinus(tau);
      for (const d of [1, 10, 100, 564, 1000, 5000, 7901, 20000, 49020, 80000]) {
        const a = (d / 2) * hp;
        const want = Math.min(1, 2 * params.L * params.L * (Math.exp(-a) + Math.exp(-(d / 2) * hm)));
        if (want < 1e-300) continue; // checked in log form below
        const got = failureProbability(params, d);
        expect(Math.abs(got - want)).toBeLessThanOrEqual((Math.abs(a) + 10) * 4e-16 * want);
      }
    }
  });

  it('is 1 where the bound is vacuous and decreases with d afterwards', () => {
    for (const [params] of SPEC_ROWS) {
      expect(failureProbability(params, 1)).toBe(1);
      expect(logFailureProbability(params, 1)).toBe(0);
      let previousLog = 0;
      let previousP = 1;
      for (let d = 1; d <= 200000; d = Math.ceil(d * 1.05)) {
        const p = failureProbability(params, d);
        const logP = logFailureProbability(params, d);
        expect(p).toBeLessThanOrEqual(previousP);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(logP).toBeLessThanOrEqual(previousLog);
        // Strictly decreasing once below 1: both exponentials shrink with d.
        if (previousLog < 0) expect(logP).toBeLessThan(previousLog);
        previousLog = logP;
        previousP = p;
      }
    }
  });

  it('ln p agrees with log(p) wherever p is a normal double', () => {
    // Both are a few correctly rounded operations on the same exponent a = (d/2)h+;
    // they differ only in the final rounding steps: tolerance 1e-14·max(1, |ln p|) (~45 ulps).
    fc.assert(
      fc.property(boundParamsArb, fc.double({ min: 0, max: 1, noNaN: true }), (params, u) => {
        const { tau } = theoremConstants(params);
        // d spread over the range where p goes from 1 down to ~1e-300.
        const d = Math.max(1, Math.round((u * (4 * 700)) / exactHPlus(tau)));
        const p = failureProbability(params, d);
        const logP = logFailureProbability(params, d);
        if (!(p > 1e-300)) return true;
        return Math.abs(logP - Math.log(p)) <= 1e-14 * Math.max(1, Math.abs(logP));
      }),
      FC,
    );
  });

  it('stays finite and accurate in log form when p underflows (p ~ 1e-1560)', () => {
    const params = SPEC_ROWS[0]![0];
    const d = 100000;
    expect(failureProbability(params, d)).toBe(0);
    const logP = logFailureProbability(params, d);
    // Here the h− term is e^{−2978} times the h+ term, so ln p = ln 2 + 2 ln L − (d/2) h+
    // to far better than double precision. Tolerance 1e-14 relative (|ln p| ~ 3591, ~45 ulps).
    const { tau } = theoremConstants(params);
    const want = Math.LN2 + 2 * Math.log(params.L) - (d / 2) * exactHPlus(tau);
    expect(Math.abs(logP - want)).toBeLessThanOrEqual(1e-14 * Math.abs(want));
    expect(logP / Math.LN10).toBeLessThan(-1500);
  });

  it('rejects a bad d, naming the field', () => {
    const params = SPEC_ROWS[0]![0];
    for (const d of [0, -3, 1.5, NaN]) {
      let caught: unknown;
      try {
        failureProbability(params, d);
      } catch (error) {
        caught = error;
      }
      expect((caught as { location?: { field?: string } }).location?.field).toBe('d');
    }
  });
});
