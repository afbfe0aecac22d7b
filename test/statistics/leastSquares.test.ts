import { describe, expect, it } from 'vitest';
import { linearRegression, weightedLinearRegression } from '../../src/statistics/leastSquares.js';
import { ratioToNumber, relativeError } from './exactArithmetic.js';

// Anscombe (1973), data set I, and his published summary: mean x 9.0, mean y 7.5,
// y = 3 + 0.5 x, Σ(x − x̄)² = 110.0, regression SS 27.50, residual SS 13.75 (9 d.f.),
// standard error of the slope 0.118, R² = 0.667.
const ANSCOMBE_X = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5];
const ANSCOMBE_Y = [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68];

describe('linearRegression', () => {
  it('recovers an exact line with R² = 1 and zero standard errors', () => {
    const x = [-3, 0.5, 2, 7, 11];
    const y = x.map((v) => 4 - 2.5 * v);
    const fit = linearRegression(x, y);
    // Values are exact in binary except 2.5·0.5 products; 1e-14 absolute covers the rounding.
    expect(Math.abs(fit.slope + 2.5)).toBeLessThan(1e-14);
    expect(Math.abs(fit.intercept - 4)).toBeLessThan(1e-14);
    expect(Math.abs(fit.rSquared - 1)).toBeLessThan(1e-15);
    expect(fit.slopeStandardError).toBeLessThan(1e-14);
    for (const r of fit.residuals) expect(Math.abs(r)).toBeLessThan(1e-14);
  });

  it('fits Anscombe’s data set I: exact coefficients and the published summary', () => {
    const fit = linearRegression(ANSCOMBE_X, ANSCOMBE_Y);
    // Exact slope by integer arithmetic on y·100: (nΣxy − ΣxΣy) / (nΣx² − (Σx)²).
    const n = BigInt(ANSCOMBE_X.length);
    const xs = ANSCOMBE_X.map(BigInt);
    const ys = ANSCOMBE_Y.map((v) => BigInt(Math.round(v * 100)));
    const sum = (a: bigint[]): bigint => a.reduce((s, v) => s + v, 0n);
    const num = n * sum(xs.map((x, i) => x * ys[i]!)) - sum(xs) * sum(ys);
    const den = 100n * (n * sum(xs.map((x) => x * x)) - sum(xs) ** 2n);
    const slope = ratioToNumber(num, den);
    const intercept = ratioToNumber(sum(ys) * den - 100n * num * sum(xs), 100n * n * den);
    // Two-pass double arithmetic on 11 points: 1e-14 relative.
    expect(relativeError(fit.slope, slope)).toBeLessThan(1e-14);
    expect(relativeError(fit.intercept, intercept)).toBeLessThan(1e-14);
    // Published to 3–4 significant digits: tolerances are half a unit of the last digit.
    expect(Math.abs(fit.slope - 0.5)).toBeLessThan(5e-4);
    expect(Math.abs(fit.intercept - 3)).toBeLessThan(5e-3);
    expect(Math.abs(fit.slopeStandardError - 0.118)).toBeLessThan(5e-4);
    expect(Math.abs(fit.rSquared - 0.667)).toBeLessThan(5e-4);
    // Residual SS exactly: (Syy − Sxy²/Sxx) with n-scaled integer sums (Anscombe's 13.75 is the
    // value shared by his four sets, met by set I only to 0.1 %: 13.7627).
    const syyN = n * sum(ys.map((v) => v * v)) - sum(ys) ** 2n; // = n·Syy·100²
    const residualSS = ratioToNumber(syyN * den - 100n * num * num, n * 10000n * den);
    expect(Math.abs(residualSS - 13.75)).toBeLessThan(0.02);
    // 1e-13 relative: sum of 11 squared residuals against the exact value.
    expect(
      relativeError(
        fit.residuals.reduce((s, r) => s + r * r, 0),
        residualSS,
      ),
    ).toBeLessThan(1e-13);
    expect(relativeError(fit.residualStandardError, Math.sqrt(residualSS / 9))).toBeLessThan(1e-13);
    // SE(intercept) = σ̂·sqrt(1/n + x̄²/Sxx) with the published x̄ = 9, Sxx = 110.
    expect(
      relativeError(fit.interceptStandardError, fit.residualStandardError * Math.sqrt(1 / 11 + 81 / 110)),
    ).toBeLessThan(1e-13);
  });

  it('is stable when x sits far from 0 (centred sums)', () => {
    // Shifting x by 1e6 changes only the intercept: b stays, a moves by −b·1e6.
    const base = linearRegression(ANSCOMBE_X, ANSCOMBE_Y);
    const shifted = linearRegression(
      ANSCOMBE_X.map((v) => v + 1e6),
      ANSCOMBE_Y,
    );
    // Centring leaves rounding of x + 1e6 (1e-10 absolute on x, relative 1e-11 on Sxx): 1e-9 relative.
    expect(relativeError(shifted.slope, base.slope)).toBeLessThan(1e-9);
    expect(relativeError(shifted.slopeStandardError, base.slopeStandardError)).toBeLessThan(1e-9);
    expect(relativeError(shifted.rSquared, base.rSquared)).toBeLessThan(1e-9);
  });

  it('fits the growth of a quantity per ln L (the use in attnproof)', () => {
    // d(L) = 40 + 12·ln L exactly, at L = 2^4 .. 2^12: slope per ln L is 12.
    const lnL = [4, 6, 8, 10, 12].map((k) => k * Math.LN2);
    const fit = linearRegression(
      lnL,
      lnL.map((v) => 40 + 12 * v),
    );
    expect(Math.abs(fit.slope - 12)).toBeLessThan(1e-12); // rounding of ~10 operations on values ~100
  });

  it('reports NaN standard errors for exactly two points and handles a constant y', () => {
    const two = linearRegression([0, 2], [1, 5]);
    expect(two.slope).toBe(2);
    expect(two.intercept).toBe(1);
    expect(Number.isNaN(two.slopeStandardError)).toBe(true);
    expect(Number.isNaN(two.interceptStandardError)).toBe(true);
    const flat = linearRegression([1, 2, 3], [4, 4, 4]);
    expect(flat.slope).toBe(0);
    expect(flat.rSquared).toBe(1);
  });

  it('rejects invalid input', () => {
    expect(() => linearRegression([1], [1])).toThrow(RangeError);
    expect(() => linearRegression([1, 1, 1], [1, 2, 3])).toThrow(RangeError);
    expect(() => linearRegression([1, 2], [1, 2, 3])).toThrow(RangeError);
    expect(() => linearRegression([1, Number.NaN], [1, 2])).toThrow(RangeError);
    expect(() => linearRegression([1, 2], [1, Infinity])).toThrow(RangeError);
    expect(() => linearRegression([1, '2'] as unknown as number[], [1, 2])).toThrow(TypeError);
    expect(() => linearRegression(null as unknown as number[], [1, 2])).toThrow(TypeError);
  });
});

describe('weightedLinearRegression', () => {
  it('equals ordinary least squares with unit weights', () => {
    const ols = linearRegression(ANSCOMBE_X, ANSCOMBE_Y);
    const wls = weightedLinearRegression(ANSCOMBE_X, ANSCOMBE_Y, new Array(11).fill(1));
    // Identical operations: bitwise equal.
    expect(wls.slope).toBe(ols.slope);
    expect(wls.intercept).toBe(ols.intercept);
    expect(wls.slopeStandardError).toBe(ols.slopeStandardError);
  });

  it('treats an integer weight like repeating the point', () => {
    const weights = [1, 2, 1, 3, 1, 1, 2, 1, 1, 1, 4];
    const x: number[] = [];
    const y: number[] = [];
    weights.forEach((w, i) => {
      for (let r = 0; r < w; r++) {
        x.push(ANSCOMBE_X[i]!);
        y.push(ANSCOMBE_Y[i]!);
      }
    });
    const repeated = linearRegression(x, y);
    const weighted = weightedLinearRegression(ANSCOMBE_X, ANSCOMBE_Y, weights);
    // Same normal equations summed in a different order: 1e-13 relative.
    expect(relativeError(weighted.slope, repeated.slope)).toBeLessThan(1e-13);
    expect(relativeError(weighted.intercept, repeated.intercept)).toBeLessThan(1e-13);
    expect(relativeError(weighted.rSquared, repeated.rSquared)).toBeLessThan(1e-13);
  });

  it('scales out a common factor in the weights', () => {
    const w = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    const a = weightedLinearRegression(ANSCOMBE_X, ANSCOMBE_Y, w);
    const b = weightedLinearRegression(
      ANSCOMBE_X,
      ANSCOMBE_Y,
      w.map((v) => v * 1e-6),
    );
    // Relative weights: slope, intercept and standard errors do not change (1e-13 relative, rounding).
    expect(relativeError(b.slope, a.slope)).toBeLessThan(1e-13);
    expect(relativeError(b.interceptStandardError, a.interceptStandardError)).toBeLessThan(1e-13);
  });

  it('rejects non-positive weights and mismatched lengths', () => {
    expect(() => weightedLinearRegression([1, 2, 3], [1, 2, 3], [1, 0, 1])).toThrow(RangeError);
    expect(() => weightedLinearRegression([1, 2, 3], [1, 2, 3], [1, -1, 1])).toThrow(RangeError);
    expect(() => weightedLinearRegression([1, 2, 3], [1, 2, 3], [1, 1])).toThrow(RangeError);
    expect(() => weightedLinearRegression([1, 2, 3], [1, 2, 3], 5 as unknown as number[])).toThrow(TypeError);
  });
});
