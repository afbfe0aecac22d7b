import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chernoffExponents } from '../../src/bound/chernoffExponents.js';
import { exactHMinus, exactHPlus } from './exactSeries.js';

// Tolerance for every comparison with the exact reference: 1e-15 relative (about 4.5 ulps).
// The implementation is a 60-term Horner sum with rounded coefficients 1/k (error ~2 ulps)
// for tau <= 1/2, and x − log1p(x) beyond, where cancellation amplifies log1p's ulp by < 5.
const REL = 1e-15;
const relErr = (got: number, want: number) => Math.abs(got - want) / Math.abs(want);

describe('chernoffExponents', () => {
  const taus = [
    0.4294978018358873,
    0.08000714727667711,
    0.040792790761652625, // SPEC §4 reference rows
    0.5,
    0.49999999999,
    0.50000000001,
    0.25,
    0.1,
    1e-3,
    1e-5,
    1e-8,
    1e-12,
    1e-20,
    0.7,
    0.9,
  ];
  it.each(taus)('matches the exact series at tau = %s', (tau) => {
    const { hPlus, hMinus } = chernoffExponents(tau);
    expect(relErr(hPlus, exactHPlus(tau))).toBeLessThanOrEqual(REL);
    expect(relErr(hMinus, exactHMinus(tau))).toBeLessThanOrEqual(REL);
  });

  it('matches the exact series on random tau in [1e-12, 0.9]', () => {
    const tauArb = fc.oneof(
      fc.double({ min: 1e-12, max: 0.9, noNaN: true }),
      fc.double({ min: -12, max: 0, noNaN: true }).map((e) => 0.5 * 10 ** e),
    );
    fc.assert(
      fc.property(tauArb, (tau) => {
        const { hPlus, hMinus } = chernoffExponents(tau);
        return relErr(hPlus, exactHPlus(tau)) <= REL && relErr(hMinus, exactHMinus(tau)) <= REL;
      }),
      { seed: 20240501, numRuns: 300 },
    );
  });

  it('is exact at tau = 0 and orders h− > h+ > 0 for tau > 0', () => {
    expect(chernoffExponents(0)).toEqual({ hPlus: 0, hMinus: 0 });
    for (const tau of [1e-6, 0.01, 0.3, 0.5, 0.8]) {
      const { hPlus, hMinus } = chernoffExponents(tau);
      expect(hPlus).toBeGreaterThan(0);
      expect(hMinus).toBeGreaterThan(hPlus);
    }
  });

  it('keeps full precision where the naive formula loses digits', () => {
    // For tau = 1e-9, h± = tau²/2 ∓ tau³/3 + …; relative to tau²/2 the correction is 6.7e-10.
    const { hPlus, hMinus } = chernoffExponents(1e-9);
    expect(relErr(hPlus, 5e-19)).toBeLessThan(1e-9);
    expect(relErr(hMinus, 5e-19)).toBeLessThan(1e-9);
    // The naive formula loses about log10(1/tau) digits (its error is ~ulp(tau)/(tau²/2)),
    // which is why the series exists: at 1e-9 it is off by more than 1e-8 relative, and
    // for tau below 2^-53 it returns 0.
    expect(relErr(1e-9 - Math.log1p(1e-9), exactHPlus(1e-9))).toBeGreaterThan(1e-8);
    expect(1e-17 - Math.log1p(1e-17)).toBe(0);
    expect(relErr(chernoffExponents(1e-17).hPlus, exactHPlus(1e-17))).toBeLessThanOrEqual(REL);
  });

  it.each([1, 1.5, -0.1, NaN])('rejects tau = %s', (tau) => {
    expect(() => chernoffExponents(tau)).toThrow(RangeError);
  });
});

describe('the exact-series reference itself', () => {
  it('reproduces two classical constants to the last digit', () => {
    // ln 2 = 0.69314718055994530942…, ln 1.5 = 0.40546510810816438198… (20 digits, published tables).
    // Tolerance: one ulp of the result, the rounding of the 20-digit decimal itself.
    // The decimals as written, rounded to the nearest double by Number (a literal would be, silently).
    expect(Math.abs(exactHMinus(0.5) - Number('0.19314718055994530942'))).toBeLessThanOrEqual(2.8e-17);
    expect(Math.abs(exactHPlus(0.5) - Number('0.09453489189183561802'))).toBeLessThanOrEqual(1.4e-17);
  });
});
