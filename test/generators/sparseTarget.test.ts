import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputRangeError, InputTypeError } from '../../src/errors/inputError.js';
import { sparseTarget, TARGET_PATTERNS, type SparseTargetConstraints } from '../../src/generators/index.js';
import { constraintsArbitrary, expectValid } from './helpers.js';

/** Constraints spanning the whole accepted domain (small maxL to stay fast). */
const constraintsArb = constraintsArbitrary({ maxMinL: 12, extraL: 20, maxS: 6, maxKappa: 1e100, fullRows: false });

describe('sparseTarget: every value is a valid target within its constraints', () => {
  it('holds for arbitrary constraints and every pattern', () => {
    fc.assert(
      fc.property(constraintsArb, fc.integer({ min: 0, max: 2 ** 31 - 1 }), (c, seed) => {
        for (const W of fc.sample(sparseTarget(c), { seed, numRuns: 4 })) expectValid(W, c);
      }),
      { seed: 20240601, numRuns: 150 },
    );
  });

  it('holds for the defaults (L in 2..64, S = 2, kappa = 100)', () => {
    for (const W of fc.sample(sparseTarget(), { seed: 7, numRuns: 200 }))
      expectValid(W, { minL: 2, maxL: 64, S: 2, kappa: 100 });
  });

  it('reaches the edges of the constraints: L = minL and L = maxL, rows spanning kappa', () => {
    const c = { minL: 3, maxL: 20, S: 3, kappa: 50 };
    const sample = fc.sample(sparseTarget(c), { seed: 11, numRuns: 300 });
    expect(sample.some((W) => W.L === 3)).toBe(true);
    expect(sample.some((W) => W.L === 20)).toBe(true);
    // tolerance: 1e-6 relative. Weight exponents are fractions k / 2^30 and
    // fast-check biases k towards both ends, so some row pairs k = 0 with
    // k = 2^30 - (a few): a range of ln 50 * (1 - ~1e-8), not always exactly ln 50.
    expect(sample.some((W) => W.logKappa >= Math.log(50) * (1 - 1e-6))).toBe(true);
    expect(sample.some((W) => W.maxRowCount === 3 && W.maxColumnCount === 3)).toBe(true);
  });

  it('kappa = 1 gives rows of equal values, and rowScaleDecades = 0 with kappa = 1 gives all ones', () => {
    for (const W of fc.sample(sparseTarget({ kappa: 1, S: 4 }), { seed: 3, numRuns: 100 })) expect(W.logKappa).toBe(0);
    for (const W of fc.sample(sparseTarget({ kappa: 1, rowScaleDecades: 0, S: 4 }), { seed: 3, numRuns: 100 }))
      expect(new Set(W.values)).toEqual(new Set([1]));
  });

  it('row scales span many orders of magnitude (the construction must be row-scale invariant)', () => {
    const sample = fc.sample(sparseTarget(), { seed: 5, numRuns: 100 });
    const rowMins = sample.flatMap((W) => Array.from(W.rowLogMin, (l) => l / Math.LN10));
    expect(Math.min(...rowMins)).toBeLessThan(-50);
    expect(Math.max(...rowMins)).toBeGreaterThan(50);
    // Within a single target too, not only across targets.
    expect(sample.some((W) => Math.max(...W.rowLogMin) - Math.min(...W.rowLogMin) > 100 * Math.LN10)).toBe(true);
    // The default range is ±200 decades (times kappa <= 100): never beyond.
    for (const W of sample) for (const v of W.values) expect(Math.abs(Math.log10(v))).toBeLessThanOrEqual(202 + 1e-9); // 1e-9: rounding of log10
  });

  it('rowScaleDecades bounds the row scales', () => {
    // Values are 10^u * 10^f with u in [-3, 3] and f in [0, log10 kappa] = [0, 1].
    const logs = fc
      .sample(sparseTarget({ rowScaleDecades: 3, kappa: 10 }), { seed: 9, numRuns: 100 })
      .flatMap((W) => Array.from(W.values, Math.log10));
    // tolerance 1e-12 absolute on log10 values of size <= 4: rounding of exp and log10.
    expect(Math.min(...logs)).toBeGreaterThanOrEqual(-3 - 1e-12);
    expect(Math.max(...logs)).toBeLessThanOrEqual(4 + 1e-12);
    // ... and the range is used: both ends come within 0.1 decade.
    expect(Math.min(...logs)).toBeLessThan(-2.9);
    expect(Math.max(...logs)).toBeGreaterThan(3.9);
  });
});

describe('sparseTarget: determinism', () => {
  it.each(TARGET_PATTERNS)('same seed gives the same targets (%s)', (pattern) => {
    const c: SparseTargetConstraints = { pattern, S: 3, maxL: 30 };
    const a = fc.sample(sparseTarget(c), { seed: 1234, numRuns: 20 }).map((W) => W.toJSON());
    const b = fc.sample(sparseTarget(c), { seed: 1234, numRuns: 20 }).map((W) => W.toJSON());
    expect(b).toStrictEqual(a);
    const other = fc.sample(sparseTarget(c), { seed: 1235, numRuns: 20 }).map((W) => W.toJSON());
    expect(other).not.toStrictEqual(a);
  });
});

describe('sparseTarget: constraints are validated up front', () => {
  const bad: Array<[string, unknown, typeof InputRangeError | typeof InputTypeError, RegExp]> = [
    ['minL < 2', { minL: 1 }, InputRangeError, /^minL: minL must be at least 2/],
    ['non-integer maxL', { maxL: 5.5 }, InputRangeError, /^maxL: maxL must be an integer/],
    ['maxL < minL', { minL: 10, maxL: 5 }, InputRangeError, /^maxL: maxL must be at least minL = 10/],
    ['S = 0', { S: 0 }, InputRangeError, /^S: S must be at least 1/],
    ['string S', { S: '2' }, InputTypeError, /^S: S must be a number/],
    ['kappa < 1', { kappa: 0.5 }, InputRangeError, /^kappa: kappa must be a finite number >= 1/],
    ['kappa NaN', { kappa: NaN }, InputRangeError, /^kappa: kappa must be a finite number >= 1/],
    ['kappa Infinity', { kappa: Infinity }, InputRangeError, /^kappa:/],
    ['unknown pattern', { pattern: 'diagonal' }, InputRangeError, /^pattern: unknown pattern "diagonal"/],
    ['pattern not a string', { pattern: 3 }, InputTypeError, /^pattern: pattern must be a string/],
    [
      'negative rowScaleDecades',
      { rowScaleDecades: -1 },
      InputRangeError,
      /^rowScaleDecades: rowScaleDecades must be a finite number >= 0/,
    ],
    [
      'values out of double range',
      { rowScaleDecades: 299, kappa: 1e5 },
      InputRangeError,
      /^rowScaleDecades: .*exceeds 300/,
    ],
    ['unknown key', { maxl: 10 }, InputTypeError, /^maxl: unknown constraint "maxl"/],
    ['not an object', 5, InputTypeError, /^constraints: constraints must be an object/],
  ];
  it.each(bad)('rejects %s', (_name, constraints, type, message) => {
    const attempt = () => sparseTarget(constraints as SparseTargetConstraints);
    expect(attempt).toThrow(type);
    expect(attempt).toThrow(message);
  });

  it('accepts the limits: minL = maxL = 2, S = 1, kappa = 1, rowScaleDecades + log10(kappa) = 300', () => {
    const c = { minL: 2, maxL: 2, S: 1, kappa: 1e100, rowScaleDecades: 200 };
    for (const W of fc.sample(sparseTarget(c), { seed: 1, numRuns: 50 })) expectValid(W, c);
  });
});
