import { describe, expect, it } from 'vitest';
import { logitTarget } from '../../src/construction/logitTarget.js';
import { SparseTarget } from '../../src/targets/sparseTarget.js';
import { randomTarget, scaleRows } from './helpers.js';

const precision = { epsilon: 0.5, gamma: 0.25 };
// Delta = ln(1/gamma) + ln(1 + epsilon) = ln 4 + ln 1.5 = ln 6.
const DELTA = Math.log(6);

/** Dense softmax of row i of B (zeros off the support), computed here from scratch. */
function softmaxRow(B: ReturnType<typeof logitTarget>, i: number): Float64Array {
  const z = new Float64Array(B.L);
  for (let p = B.rowPtr[i]!; p < B.rowPtr[i + 1]!; p++) z[B.colIdx[p]!] = B.values[p]!;
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const sum = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / sum);
}

describe('logitTarget', () => {
  it('computes B_ij = Delta + ln(W_ij / row min) on the same CSR pattern', () => {
    const W = SparseTarget.fromEntries(3, [
      [0, 0, 1],
      [0, 2, 3],
      [1, 1, 5],
      [2, 0, 0.5],
      [2, 1, 2],
      [2, 2, 8],
    ]);
    const B = logitTarget(W, precision);
    expect(B.rowPtr).toBe(W.rowPtr);
    expect(B.colIdx).toBe(W.colIdx);
    // Tolerance 1e-15 relative: Delta (two logs) plus one more log and an addition.
    expect(Math.abs(B.Delta - DELTA)).toBeLessThanOrEqual(1e-15 * DELTA);
    const want = [DELTA, DELTA + Math.log(3), DELTA, DELTA, DELTA + Math.log(4), DELTA + Math.log(16)];
    want.forEach((w, p) => expect(Math.abs(B.values[p]! - w)).toBeLessThanOrEqual(1e-15 * w));
    // Each row minimum gets exactly Delta (ln W − ln min is exactly 0 there).
    expect([B.values[0], B.values[2], B.values[3]]).toEqual([B.Delta, B.Delta, B.Delta]);
  });

  it('softmax(B) reproduces every ratio of W and puts zeros at least Delta below the support', () => {
    const W = randomTarget(24, 3, 11, Math.log(1e6));
    const B = logitTarget(W, precision);
    for (let i = 0; i < W.L; i++) {
      const A = softmaxRow(B, i);
      for (let p = W.rowPtr[i]!; p < W.rowPtr[i + 1]!; p++) {
        // Support logits are >= Delta exactly (Delta + a non-negative difference, rounded monotonically).
        expect(B.values[p]!).toBeGreaterThanOrEqual(B.Delta);
        for (let q = W.rowPtr[i]!; q < W.rowPtr[i + 1]!; q++) {
          const ratioA = A[W.colIdx[p]!]! / A[W.colIdx[q]!]!;
          const ratioW = W.values[p]! / W.values[q]!;
          // Tolerance 1e-13 relative: the log-ratio (|B| <= Delta + ln 1e6 ≈ 16) carries a few ulps
          // (~1e-14 absolute), which exp turns into the same relative error; softmax adds ~4 ulps.
          expect(Math.abs(ratioA / ratioW - 1)).toBeLessThanOrEqual(1e-13);
        }
        for (let j = 0; j < W.L; j++) {
          if (W.has(i, j)) continue;
          // A zero is exp(−B_ik) <= exp(−Delta) = gamma / (1 + epsilon) times every support entry;
          // tolerance 1e-15 relative for the two exponentials and the division.
          expect(A[j]! / A[W.colIdx[p]!]!).toBeLessThanOrEqual(Math.exp(-B.Delta) * (1 + 1e-15));
        }
      }
    }
  });

  it('depends only on ratios inside a row: rows scaled by 1e300 or 1e-300 give the same B', () => {
    const W = randomTarget(40, 4, 12);
    const scaled = scaleRows(W, (i) => (i % 3 === 0 ? 1e300 : i % 3 === 1 ? 1e-300 : 1));
    const a = logitTarget(W, precision).values;
    const b = logitTarget(scaled, precision).values;
    // Tolerance 1e-12 absolute: ln(1e±300·w) ≈ ±691 is stored with an ulp of 1.1e-13, and the
    // difference of two such logs carries at most a few of those ulps (~4e-13).
    for (let p = 0; p < a.length; p++) expect(Math.abs(a[p]! - b[p]!)).toBeLessThanOrEqual(1e-12);
  });

  it('handles rows whose ratio exceeds the double range (1e-300 next to 1e300)', () => {
    const W = SparseTarget.fromEntries(2, [
      [0, 0, 1e-300],
      [0, 1, 1e300],
      [1, 1, 1],
    ]);
    const B = logitTarget(W, precision);
    // ln(1e600) = 600 ln 10 ≈ 1381.55, although 1e300/1e-300 overflows; tolerance 1e-15 relative.
    const want = B.Delta + 600 * Math.LN10;
    expect(Math.abs(B.values[1]! - want)).toBeLessThanOrEqual(1e-15 * want);
  });

  it('rejects bad precision, naming the field', () => {
    const W = randomTarget(4, 1, 1);
    expect(() => logitTarget(W, { epsilon: -1, gamma: 0.5 })).toThrow(/^epsilon: /);
    expect(() => logitTarget(W, { epsilon: 0.5, gamma: 1 })).toThrow(/^gamma: /);
  });
});
