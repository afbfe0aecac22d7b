import { describe, expect, it } from 'vitest';
import { denseMatrix } from '../../src/matrix/denseMatrix.js';
import { createRandom } from '../../src/random/randomSource.js';
import { classify } from '../../src/verification/_internals/classify.js';
import { compensatedDot } from '../../src/verification/_internals/compensatedDot.js';
import { logitsBlock } from '../../src/verification/_internals/logitsBlock.js';
import { gammaBound, vectorNorm } from '../../src/verification/_internals/roundingBounds.js';
import { SparseTarget } from '../../src/targets/sparseTarget.js';
import { emptyRowScan, scanRow } from '../../src/verification/_internals/rowScan.js';
import { gaussianMatrix, u } from './helpers.js';

describe('logitsBlock', () => {
  it('equals the plain left-to-right dot product, bit for bit, for every tile remainder', () => {
    const random = createRandom(1);
    for (const [L, d] of [
      [7, 5],
      [8, 1],
      [5, 3],
      [2, 9],
    ] as const) {
      const Q = gaussianMatrix(random, L, d, 1);
      const K = gaussianMatrix(random, L, d, 1);
      const scale = 1 / Math.sqrt(d);
      for (const [start, end] of [
        [0, L],
        [1, L],
        [0, 1],
        [2, 5 > L ? L : 5],
      ] as const) {
        const out = logitsBlock(Q, K, start, end, scale, new Float64Array((end - start) * L));
        for (let i = start; i < end; i++)
          for (let j = 0; j < L; j++) {
            let s = 0;
            for (let t = 0; t < d; t++) s += Q.data[i * d + t]! * K.data[j * d + t]!;
            expect(out[(i - start) * L + j]).toBe(s * scale);
          }
      }
    }
  });

  it('writes only its own rows: the rest of a longer buffer is untouched, for every row and column remainder', () => {
    const random = createRandom(2);
    for (const [L, d] of [
      [7, 3],
      [8, 2],
      [5, 1],
      [9, 4],
    ] as const) {
      const Q = gaussianMatrix(random, L, d, 1);
      const K = gaussianMatrix(random, L, d, 1);
      for (const [start, end] of [
        [0, L],
        [1, L],
        [0, L - 1],
        [2, 4],
        [3, 4],
        [1, 1],
      ] as const) {
        const used = (end - start) * L;
        const out = new Float64Array(used + 2 * L + 5).fill(-7.5); // a sentinel no logit here can equal
        logitsBlock(Q, K, start, end, 1, out);
        expect(out.subarray(0, used).includes(-7.5)).toBe(false);
        expect(Array.from(out.subarray(used))).toEqual(new Array(2 * L + 5).fill(-7.5));
      }
    }
  });

  it('rejects mismatched shapes, bad row ranges and a short buffer, saying which', () => {
    const Q = denseMatrix(3, 2);
    const K = denseMatrix(3, 2);
    expect(() => logitsBlock(Q, denseMatrix(3, 3), 0, 3, 1, new Float64Array(9))).toThrow(
      new RangeError('Q has 2 columns but K has 3'),
    );
    for (const [start, end] of [
      [2, 4],
      [-1, 2],
      [2, 1],
      [0.5, 2],
      [0, 2.5],
    ] as const)
      expect(() => logitsBlock(Q, K, start, end, 1, new Float64Array(9))).toThrow(
        new RangeError(`row range ${start}..${end} is not inside 0..3`),
      );
    expect(() => logitsBlock(Q, K, 0, 3, 1, new Float64Array(8))).toThrow(
      new RangeError('out holds 8 numbers, needs 9'),
    );
    expect(() => logitsBlock(Q, K, 1, 3, 1, new Float64Array(5))).toThrow(/needs 6/);
    expect(logitsBlock(Q, K, 1, 3, 1, new Float64Array(6))).toHaveLength(6);
  });
});

describe('compensatedDot', () => {
  it('recovers a dot product lost to cancellation by the plain loop', () => {
    const x = Float64Array.from([1e16, 1, -1e16]);
    const y = Float64Array.from([1, 1, 1]);
    let plain = 0;
    for (let t = 0; t < 3; t++) plain += x[t]! * y[t]!;
    expect(plain).toBe(0);
    expect(compensatedDot(x, 0, y, 0, 3)).toBe(1);
  });

  it('meets the Ogita–Rump–Oishi bound u|x·y| + gamma_n² sum|x_t y_t| against an exact BigInt reference', () => {
    const random = createRandom(3);
    let plainWrong = 0;
    for (let trial = 0; trial < 50; trial++) {
      // Integer data (below 2^40), so every product, every rounding error and the exact dot product
      // are integers: BigInt gives the exact value. The second half cancels the first except for
      // a small perturbation, which makes the sum ill-conditioned.
      const half = 1 + Math.floor(random.next() * 20);
      const n = 2 * half;
      const x = new Float64Array(n);
      const y = new Float64Array(n);
      for (let t = 0; t < half; t++) {
        const a = Math.floor((random.next() - 0.5) * 2 ** 40);
        const b = Math.floor((random.next() - 0.5) * 2 ** 40);
        x[t] = a;
        y[t] = b;
        x[half + t] = -a;
        y[half + t] = b + (t === 0 ? 1 + Math.floor(random.next() * 1000) : 0);
      }
      let exact = 0n;
      let absSum = 0;
      let plain = 0;
      for (let t = 0; t < n; t++) {
        exact += BigInt(x[t]!) * BigInt(y[t]!);
        absSum += Math.abs(x[t]! * y[t]!);
        plain += x[t]! * y[t]!;
      }
      if (BigInt(plain) !== exact) plainWrong++;
      const result = compensatedDot(x, 0, y, 0, n);
      const g = gammaBound(n);
      const error = Math.abs(Number(BigInt(result) - exact));
      // tolerance: the published bound, inflated by 1 + 1e-6 for the test's own float arithmetic
      expect(error).toBeLessThanOrEqual((u * Math.abs(Number(exact)) + g * g * absSum) * (1 + 1e-6));
    }
    expect(plainWrong).toBeGreaterThan(25); // the cases really are hard for the plain loop
  });
});

describe('vectorNorm', () => {
  it('is the Euclidean norm, without overflow or underflow of the squares', () => {
    // tolerance: 4u relative (a sum of two squares, a sqrt, and power-of-two scalings)
    expect(Math.abs(vectorNorm(Float64Array.from([3, 4]), 0, 2) - 5)).toBeLessThanOrEqual(5 * 4 * u);
    expect(Math.abs(vectorNorm(Float64Array.from([3e300, 4e300]), 0, 2) / 5e300 - 1)).toBeLessThanOrEqual(4 * u);
    expect(Math.abs(vectorNorm(Float64Array.from([3e-300, 4e-300]), 0, 2) / 5e-300 - 1)).toBeLessThanOrEqual(4 * u);
    expect(vectorNorm(Float64Array.from([0, 5e-324]), 0, 2)).toBeGreaterThanOrEqual(5e-324);
    expect(vectorNorm(Float64Array.from([9, 1, 2, 2]), 1, 3)).toBeGreaterThanOrEqual(3);
    expect(vectorNorm(new Float64Array(3), 0, 3)).toBe(0);
  });

  it('is Infinity for a NaN or infinite entry, or a norm beyond the double range', () => {
    expect(vectorNorm(Float64Array.from([1, NaN]), 0, 2)).toBe(Infinity);
    expect(vectorNorm(Float64Array.from([1, -Infinity]), 0, 2)).toBe(Infinity);
    expect(vectorNorm(Float64Array.from([1.5e308, 1.5e308]), 0, 2)).toBe(Infinity);
  });
});

describe('gammaBound', () => {
  it('is n·u/(1 − n·u) and rejects non-integers', () => {
    expect(gammaBound(0)).toBe(0);
    expect(gammaBound(2)).toBe((2 * u) / (1 - 2 * u));
    expect(() => gammaBound(1.5)).toThrow(RangeError);
    expect(() => gammaBound(2 ** 31)).toThrow(RangeError);
  });
});

describe('classify', () => {
  it('inflates its slack by 2^-20: a value past the threshold by less than the inflated bound is too close to call', () => {
    // slack = (1 − 2^-22 + 2u·1)·(1 + 2^-20) > 1, so value − slack < 0 = threshold: not a failure;
    // the bound alone (1 − 2^-22 + 2^-52 < 1) would have called it one.
    expect(classify(1, 1 - 2 ** -22, 0, 0)).toBe('close');
    expect(classify(1, 1 - 2 ** -19, 0, 0)).toBe('fails');
  });

  it('decides only when the bounds leave no doubt', () => {
    expect(classify(0.3, 1e-15, 0.4, 1e-16)).toBe('holds');
    expect(classify(0.5, 1e-15, 0.4, 1e-16)).toBe('fails');
    expect(classify(0.4, 0, 0.4, 0)).toBe('close'); // equal values: the comparison's own rounding is unknown
    expect(classify(0.4 - 1e-15, 1e-15, 0.4, 0)).toBe('close');
    expect(classify(NaN, 0, 0.4, 0)).toBe('close');
    expect(classify(0.3, Infinity, 0.4, 0)).toBe('close');
    expect(classify(0.3, NaN, 0.4, 0)).toBe('close');
  });
});

describe('scanRow', () => {
  it('tracks the support and off-support extremes in one pass, first index on ties', () => {
    const W = SparseTarget.fromEntries(5, [
      [0, 1, 1],
      [0, 3, Math.E],
      [1, 0, 1],
      [2, 2, 1],
      [3, 3, 1],
      [4, 4, 1],
    ]);
    // D_01 = 2 − 0 = 2, D_03 = 4 − 1 = 3 ; off: C_00 = 5, C_02 = 5, C_04 = −1
    const s = scanRow(W, 0, Float64Array.from([9, 5, 2, 5, 4, -1]), 1, emptyRowScan());
    expect(s).toMatchObject({
      maxD: 3,
      argMaxD: 3,
      minD: 2,
      argMinD: 1,
      minSupport: 2,
      argMinSupport: 1,
      maxOff: 5,
      argMaxOff: 0,
      supportCount: 2,
    });
    expect(s.maxAbsLog).toBe(1);
  });
});
