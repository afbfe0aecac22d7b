import { describe, expect, it } from 'vitest';
import { SparseTarget } from '../../src/targets/sparseTarget.js';
import { verifyFactors } from '../../src/verification/verifyFactors.js';
import { denseVerifyFactors } from '../../src/verification/_internals/denseVerifier.js';
import { mat, twiceIdentity } from './helpers.js';

// Hand-made cases: L = d = 4 and K = 2·I, so the logits C are exactly Q (see
// twiceIdentity) and every spread and margin can be worked out by hand.
const precision = { epsilon: 0.5, gamma: 0.25 };
const rho = Math.log1p(0.5); // 0.405...
const logGamma = Math.log(0.25); // -1.386...
const K = twiceIdentity(4);
const LN2 = Math.log(2);

// row 0: supp {0, 1}, W = 1, 2      row 1: supp {1}
// row 2: full support, all 1        row 3: supp {0, 3}, W = 5, 5
const W = SparseTarget.fromEntries(4, [
  [0, 0, 1],
  [0, 1, 2],
  [1, 1, 1],
  [2, 0, 1],
  [2, 1, 1],
  [2, 2, 1],
  [2, 3, 1],
  [3, 0, 5],
  [3, 3, 5],
]);

/** Logits of a passing case; tests perturb single rows of it. */
const base: number[][] = [
  [0, LN2 + 0.1, -3, -2], // D = (0, 0.1): spread 0.1; margin max(-3, -2) - min(0, ln2 + 0.1) = -2
  [-1, 1, -0.5, -0.5], // single support: spread 0; margin -0.5 - 1 = -1.5
  [0.1, 0, 0.2, 0.05], // full support: spread 0.2, (R2) vacuous
  [0.3, -2, -5, 0], // spread 0.3 (ln 5 cancels); margin -2 - 0 = -2
];

function withRow(rows: number[][], i: number, row: number[]): number[][] {
  return rows.map((r, k) => (k === i ? row : r));
}

describe('verifyFactors on hand-made logits (C = Q exactly)', () => {
  it('passes, reporting the worst row and pair of each condition', () => {
    const v = verifyFactors(W, mat(base), K, precision);
    expect(v.status).toBe('pass');
    expect(v.pass).toBe(true);
    expect([v.r1, v.r2]).toEqual(['holds', 'holds']);
    expect(v.rows).toEqual({ r1: { failing: 0, inconclusive: 0 }, r2: { failing: 0, inconclusive: 0 } });
    // Worst spread: row 3, D_30 - D_33 = (0.3 - ln 5) - (0 - ln 5) = 0.3.
    expect(v.worstRatioRow).toMatchObject({ row: 3, j: 0, k: 3 });
    // tolerance: the verifier's own rigorous bound, which must itself be small: about
    // 4·gamma_{d+3}·||q_3||·max||k_j||/sqrt(d) = 4·(7u)·5.4·2/2 ≈ 1.7e-14, so below 1e-13
    expect(Math.abs(v.worstSpread - 0.3)).toBeLessThanOrEqual(v.worstRatioRow.errorBound);
    expect(v.worstRatioRow.errorBound).toBeLessThan(1e-13);
    // Worst margin: row 1, C_12 - C_11 = -0.5 - 1 = -1.5 (j = 2 is the first of the tied maxima).
    expect(v.worstZeroRow).toMatchObject({ row: 1, j: 2, k: 1, margin: -1.5 });
    // tolerance: 1e-15 relative, expm1/exp are accurate to about 1 ulp
    expect(v.achievedEpsilon).toBeCloseTo(Math.expm1(0.3), 15);
    expect(v.achievedGamma).toBeCloseTo(Math.exp(-1.5), 15);
    expect(v).toMatchObject({ epsilon: 0.5, gamma: 0.25, rho, logGamma, L: 4, d: 4, refinedRows: 0 });
    expect(v.reason).toBeUndefined();
  });

  it('fails (R1) only, at row 0 with the pair (1, 0)', () => {
    const v = verifyFactors(W, mat(withRow(base, 0, [0, LN2 + 0.5, -3, -2])), K, precision);
    expect(v.status).toBe('fail');
    expect([v.r1, v.r2]).toEqual(['fails', 'holds']);
    expect(v.rows.r1).toEqual({ failing: 1, inconclusive: 0 });
    expect(v.worstRatioRow).toMatchObject({ row: 0, j: 1, k: 0 });
    // tolerance: the reported rigorous bound (spread = (ln2 + 0.5 - ln 2) - 0)
    expect(Math.abs(v.worstSpread - 0.5)).toBeLessThanOrEqual(v.worstRatioRow.errorBound);
  });

  it('fails (R2) only, at row 3 with the pair (1, 3)', () => {
    const v = verifyFactors(W, mat(withRow(base, 3, [0.3, -1, -5, 0])), K, precision);
    expect(v.status).toBe('fail');
    expect([v.r1, v.r2]).toEqual(['holds', 'fails']);
    expect(v.rows.r2).toEqual({ failing: 1, inconclusive: 0 });
    // margin = max(C_31, C_32) - min(C_30, C_33) = -1 - 0, exact in floating point
    expect(v.worstZeroRow).toMatchObject({ row: 3, j: 1, k: 3, margin: -1 });
  });

  it('fails both conditions when both are violated, counting each failing row', () => {
    const logits = withRow(withRow(base, 0, [0, LN2 + 0.5, -3, -0.1]), 3, [0.3, -1, -5, 0]);
    const v = verifyFactors(W, mat(logits), K, precision);
    expect([v.status, v.r1, v.r2]).toEqual(['fail', 'fails', 'fails']);
    expect(v.rows.r1.failing).toBe(1);
    expect(v.rows.r2.failing).toBe(2); // rows 0 (margin -0.1) and 3 (margin -1)
    expect(v.worstZeroRow).toMatchObject({ row: 0, j: 3, k: 0, margin: -0.1 });
  });

  it('passes by a hair: spread = rho - 1e-9 and margin = ln(gamma) - 1e-9', () => {
    // Row 2 (all weights 1, ln W = 0): spread = C_22 - 0. Row 1: margin = C_13 - C_11 with C_11 = 0.
    let logits = withRow(base, 2, [0, 0, rho - 1e-9, 0]);
    logits = withRow(logits, 1, [-3, 0, -3, logGamma - 1e-9]);
    const v = verifyFactors(W, mat(logits), K, precision);
    expect(v.status).toBe('pass');
    expect(v.worstRatioRow).toMatchObject({ row: 2, j: 2, k: 0, spread: rho - 1e-9 });
    expect(v.worstZeroRow).toMatchObject({ row: 1, j: 3, k: 1, margin: logGamma - 1e-9 });
    expect(v.refinedRows).toBe(0); // decided by the first pass: 1e-9 is far above its bound
  });

  it('fails by a hair the other way: spread = rho + 1e-9, and separately margin = ln(gamma) + 1e-9', () => {
    const r1 = verifyFactors(W, mat(withRow(base, 2, [0, 0, rho + 1e-9, 0])), K, precision);
    expect([r1.status, r1.r1, r1.r2]).toEqual(['fail', 'fails', 'holds']);
    expect(r1.worstRatioRow).toMatchObject({ row: 2, spread: rho + 1e-9 });
    const r2 = verifyFactors(W, mat(withRow(base, 1, [-3, 0, -3, logGamma + 1e-9])), K, precision);
    expect([r2.status, r2.r1, r2.r2]).toEqual(['fail', 'holds', 'fails']);
    expect(r2.worstZeroRow).toMatchObject({ row: 1, j: 3, margin: logGamma + 1e-9 });
  });

  it('treats (R2) as vacuous for a full-support row, whatever its logits', () => {
    // Every row has full support, so there is no zero anywhere and (R2) has no pair to check.
    const full = SparseTarget.fromEntries(2, [
      [0, 0, 1],
      [0, 1, 3],
      [1, 0, 2],
      [1, 1, 2],
    ]);
    const Q = mat([
      [5, 5 + Math.log(3)],
      [-7, -7],
    ]);
    const v = verifyFactors(full, Q, twiceIdentity(2), precision);
    // d = 2: C = Q·(2I)/sqrt 2 = sqrt(2)·Q, so row 0's spread is (sqrt2 - 1)·ln 3 and row 1's is 0.
    expect(v.r2).toBe('holds');
    expect(v.worstZeroRow).toBeNull();
    expect(v.worstMargin).toBe(-Infinity);
    expect(v.achievedGamma).toBe(0);
    expect(v.rows.r2).toEqual({ failing: 0, inconclusive: 0 });
    expect(v.worstRatioRow).toMatchObject({ row: 0, j: 1, k: 0 });
    // tolerance: the reported rigorous bound plus 4u for the rounding of the expected value itself (SQRT2, log, two operations: < 3u)
    expect(Math.abs(v.worstSpread - (Math.SQRT2 - 1) * Math.log(3))).toBeLessThanOrEqual(
      v.worstRatioRow.errorBound + 4 * 2 ** -53,
    );
    expect(v.status).toBe((Math.SQRT2 - 1) * Math.log(3) <= rho ? 'pass' : 'fail');
  });

  it('agrees with the dense pairwise verifier on every hand-made case', () => {
    const cases = [base, withRow(base, 0, [0, LN2 + 0.5, -3, -2]), withRow(base, 3, [0.3, -1, -5, 0])];
    for (const logits of cases) {
      const s = verifyFactors(W, mat(logits), K, precision);
      const dense = denseVerifyFactors(W, mat(logits), K, precision);
      expect([dense.status, dense.r1, dense.r2]).toEqual([s.status, s.r1, s.r2]);
      expect(dense.worstRatioRow).toMatchObject({
        row: s.worstRatioRow.row,
        j: s.worstRatioRow.j,
        k: s.worstRatioRow.k,
      });
      expect(dense.worstZeroRow).toMatchObject({
        row: s.worstZeroRow!.row,
        j: s.worstZeroRow!.j,
        k: s.worstZeroRow!.k,
      });
    }
  });
});
