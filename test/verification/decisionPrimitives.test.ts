import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputRangeError, InputTypeError } from '../../src/errors/inputError.js';
import { checkFiniteMatrix } from '../../src/verification/_internals/checkFiniteMatrix.js';
import { classify } from '../../src/verification/_internals/classify.js';
import { gammaBound, MAX_BOUND_DIMENSION, vectorNorm } from '../../src/verification/_internals/roundingBounds.js';

// Direct tests of the verifier's decision primitives (written to kill surviving mutants, see
// docs/mutation.md). Every comparison here is exact: the inputs are chosen so that the answer does
// not depend on rounding, or so that it depends on exactly one rounding that is stated.

const u = 2 ** -53;

describe('classify decides value <= threshold only beyond the combined error bounds', () => {
  it('holds / fails when the gap exceeds both bounds, close when it does not', () => {
    expect(classify(0, 0.25, 1, 0.25)).toBe('holds'); // gap 1 > 0.5 (+ rounding terms)
    expect(classify(2, 0.25, 1, 0.25)).toBe('fails');
    // gap 0.5 < valueBound + thresholdBound = 2: too close, although each bound alone (1) is below the gap
    // (a slack that subtracted one bound from the other, or ignored one, would decide)
    expect(classify(0, 1, 0.5, 1)).toBe('close');
    expect(classify(1, 1, 0.5, 1)).toBe('close');
  });

  it('the rounding of the comparison itself: one ulp apart with zero bounds is too close to call', () => {
    // value = 1, threshold = 1 + 2u (the next double): slack = 2u·(|1| + |1 + 2u|)·(1 + 2^-20) > 4u,
    // so neither 1 + slack <= 1 + 2u nor 1 − slack > 1 + 2u
    expect(classify(1, 0, 1 + 2 * u, 0)).toBe('close');
    expect(classify(1 + 2 * u, 0, 1, 0)).toBe('close');
    // far apart relative to 4u: decided
    expect(classify(1, 0, 1 + 2 ** -40, 0)).toBe('holds');
    expect(classify(1 + 2 ** -40, 0, 1, 0)).toBe('fails');
  });

  it('non-finite bounds or values give close', () => {
    expect(classify(0, Infinity, 1, 0)).toBe('close');
    expect(classify(0, 0, 1, NaN)).toBe('close');
    expect(classify(NaN, 0, 1, 0)).toBe('close');
    expect(classify(0, Number.MAX_VALUE, 1, Number.MAX_VALUE)).toBe('close'); // slack overflows
  });
});

describe('gammaBound and vectorNorm at their limits', () => {
  it('gammaBound accepts 0..2^30 and names anything else', () => {
    expect(gammaBound(0)).toBe(0);
    // n·u / (1 − n·u) at n = 2^30: 2^-23 / (1 − 2^-23), exact in binary64 up to one rounding of the quotient
    expect(gammaBound(MAX_BOUND_DIMENSION)).toBe(2 ** -23 / (1 - 2 ** -23));
    for (const n of [MAX_BOUND_DIMENSION + 1, -1, 2.5]) {
      expect(() => gammaBound(n)).toThrow(RangeError);
      expect(() => gammaBound(n)).toThrow(
        new RegExp(`^gammaBound needs an integer 0 <= n <= 2\\^30, got ${String(n).replace('.', '\\.')}$`),
      );
    }
  });

  it('vectorNorm near the top of the double range: finite and an upper bound, Infinity only within ulps of MAX_VALUE', () => {
    // With the exact exponent (e = 1023) vectorNorm([MAX_VALUE]) is MAX_VALUE itself: (2 − 2^-52)² rounds to
    // 4 − 2^-50, whose square root rounds back to 2 − 2^-52. Two such entries overflow (norm √2·MAX_VALUE): Infinity,
    // as the doc says (the safe side: the verifier then calls the row too close).
    expect(vectorNorm(new Float64Array([Number.MAX_VALUE]), 0, 1)).toBe(Number.MAX_VALUE);
    expect(vectorNorm(new Float64Array([Number.MAX_VALUE, -Number.MAX_VALUE]), 0, 2)).toBe(Infinity);
    const half = Number.MAX_VALUE / 2;
    const n = vectorNorm(new Float64Array([half]), 0, 1);
    expect(Number.isFinite(n)).toBe(true);
    expect(n).toBeGreaterThanOrEqual(half);
    expect(vectorNorm(new Float64Array([Infinity]), 0, 1)).toBe(Infinity);
    expect(vectorNorm(new Float64Array([1, NaN]), 0, 2)).toBe(Infinity);
  });
});

describe('vectorNorm against the exact norm N (BigInt): N(1 − r) <= n̂ <= N(1 + r) + 2^-1069, r = gamma_{n+2} + 2^-1040', () => {
  // Every double is an integer multiple of 2^-1074, so with X_t = x_t·2^1074 (exact BigInt) the exact
  // squared norm is S = sum X_t² in units of 2^-2148, and with r = p/q both sides become integer
  // inequalities: S·(q − p)² <= (n̂·q)² and ((n̂ − a)·q)² <= S·(q + p)², a = 2^-1069, all in units.
  // (The lower side is what the verifier relies on: n̂·(1 + r)/(1 − r) bounds N from above.)
  const SCALE = 1074n;
  const toUnits = (x: number): bigint => {
    // From the IEEE-754 fields: x = ±F·2^-1074 (exponent field 0) or ±(2^52 + F)·2^(E − 1075).
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, x);
    const bits = view.getBigUint64(0);
    const E = (bits >> 52n) & 0x7ffn;
    const F = bits & (2n ** 52n - 1n);
    const magnitude = E === 0n ? F : (2n ** 52n + F) << (E - 1n);
    return bits >> 63n === 1n ? -magnitude : magnitude;
  };
  const entry = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }),
    fc.integer({ min: -1074, max: 1000 }).map((k) => 2 ** k), // exact powers of two, subnormal ones included
    fc
      .tuple(fc.double({ min: 0.5, max: 2, noNaN: true }), fc.integer({ min: -1070, max: 1000 }))
      .map(([m, k]) => m * 2 ** k),
    fc.constantFrom(0, -0, Number.MIN_VALUE, 2 ** -1022, 3 * 2 ** -1074),
  );

  it('holds on vectors spanning the whole double range, subnormals included', () => {
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 9 }), (values) => {
        const x = Float64Array.from(values);
        const n = x.length;
        const nHat = vectorNorm(x, 0, n);
        expect(Number.isFinite(nHat)).toBe(true); // entries up to 1e300 and at most 9 of them: no overflow
        let S = 0n;
        for (const v of x) S += toUnits(v) ** 2n;
        const Nh = toUnits(nHat);
        const A = 2n ** (SCALE - 1069n);
        // r = gamma_{n+2} + 2^-1040 = (n+2)/(2^53 − n − 2) + 2^-1040
        const g = BigInt(n + 2);
        const q = (2n ** 53n - g) * 2n ** 1040n;
        const p = g * 2n ** 1040n + (2n ** 53n - g);
        expect(S * (q - p) ** 2n <= (Nh * q) ** 2n).toBe(true);
        if (Nh > A) expect(((Nh - A) * q) ** 2n <= S * (q + p) ** 2n).toBe(true);
      }),
      // the corner fast-check rarely draws: a subnormal norm (sqrt(2)·2^-1074) that rounds down to 2^-1074
      {
        seed: 77,
        numRuns: 400,
        examples: [[[Number.MIN_VALUE, Number.MIN_VALUE]], [[Number.MIN_VALUE, -Number.MIN_VALUE, 2 ** -1073]]],
      },
    );
  });

  it('the exact conversion it relies on: x·2^1074 as a BigInt, checked on numbers whose value is known', () => {
    expect(toUnits(1)).toBe(2n ** 1074n);
    expect(toUnits(Number.MIN_VALUE)).toBe(1n);
    expect(toUnits(-3 * 2 ** -1074)).toBe(-3n);
    expect(toUnits(0.75)).toBe(3n * 2n ** 1072n);
    expect(toUnits(Number.MAX_VALUE)).toBe((2n ** 53n - 1n) * 2n ** (1023n - 52n + 1074n));
  });
});

describe('checkFiniteMatrix', () => {
  it('refuses what is not a DenseMatrix, naming the file and the field', () => {
    for (const m of [
      null,
      'Q',
      { rows: 1, cols: 1, data: [1] },
      { rows: 1.5, cols: 1, data: new Float64Array(1) },
      { rows: 1, cols: 1.5, data: new Float64Array(1) },
    ]) {
      let caught: unknown;
      try {
        checkFiniteMatrix(m as never, 'Q', 'f.json');
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InputTypeError);
      expect((caught as InputTypeError).message).toBe(
        'f.json: Q: must be a DenseMatrix {rows, cols, data: Float64Array}',
      );
    }
  });

  it('names the file with a non-finite entry, and omits it when there is no file', () => {
    const m = { rows: 2, cols: 2, data: Float64Array.from([0, 1, 2, -Infinity]) };
    expect(() => checkFiniteMatrix(m, 'K', 'f.json')).toThrow(InputRangeError);
    expect(() => checkFiniteMatrix(m, 'K', 'f.json')).toThrow(
      /^f\.json: K, row 1, column 1: is -Infinity; matrix entries must be finite$/,
    );
    expect(() => checkFiniteMatrix(m, 'K')).toThrow(/^K, row 1, column 1: is -Infinity/);
    expect(() => checkFiniteMatrix({ rows: 2, cols: 2, data: new Float64Array(3) }, 'K', 'f.json')).toThrow(
      /^f\.json: K: has 3 numbers for a 2×2 shape$/,
    );
  });
});
