import { describe, expect, it } from 'vitest';
import { denseMatrix } from '../../src/matrix/denseMatrix.js';
import { createRandom } from '../../src/random/randomSource.js';
import { SparseTarget, type TargetEntry } from '../../src/targets/sparseTarget.js';
import { verifyCertificate } from '../../src/verification/verifyCertificate.js';
import { verifyFactors } from '../../src/verification/verifyFactors.js';
import { mat, nearTargetFactors, randomTarget, twiceIdentity, u } from './helpers.js';

const precision = { epsilon: 0.5, gamma: 0.25 };
const K4 = twiceIdentity(4); // C = Q exactly (see helpers)
const LN2 = Math.log(2);
const W = SparseTarget.fromEntries(4, [
  [0, 0, 1], [0, 1, 2],
  [1, 1, 1],
  [2, 0, 1], [2, 1, 1], [2, 2, 1], [2, 3, 1],
  [3, 0, 5], [3, 3, 5],
]);

describe('extreme magnitudes are decided in log space', () => {
  it('handles logits of magnitude 1e4: each row shifted by ±1e4 keeps its verdict', () => {
    const shift = [1e4, -1e4, 1e4, -1e4];
    const logits = [[0, LN2 + 0.1, -3, -2], [-1, 1, -0.5, -0.5], [0.1, 0, 0.2, 0.05], [0.3, -2, -5, 0]];
    const Q = mat(logits.map((row, i) => row.map((c) => c + shift[i]!)));
    const v = verifyFactors(W, Q, K4, precision);
    expect(v.status).toBe('pass');
    expect(v.worstRatioRow).toMatchObject({ row: 3, j: 0, k: 3 });
    expect(v.worstZeroRow).toMatchObject({ row: 1, j: 2, k: 1 });
    // tolerance: the rigorous bound, plus one half-ulp of 1e4 (2^-40) for each of the two
    // shifted inputs, which were themselves rounded when the test built them.
    expect(Math.abs(v.worstSpread - 0.3)).toBeLessThanOrEqual(v.worstRatioRow.errorBound + 2 * 2 ** -40);
    expect(Math.abs(v.worstMargin + 1.5)).toBeLessThanOrEqual(v.worstZeroRow!.errorBound + 2 * 2 ** -40);
  });

  it('a margin of 2e4 fails, with achievedGamma = exp(2e4) = Infinity but a finite worstMargin', () => {
    const Q = mat([[-1e4, -1e4 + LN2, 1e4, -1e4], [-1, 1, -0.5, -0.5], [0, 0, 0, 0], [0, -2, -5, 0]]);
    const v = verifyFactors(W, Q, K4, precision);
    expect([v.status, v.r2]).toEqual(['fail', 'fails']);
    expect(v.worstZeroRow).toMatchObject({ row: 0, j: 2, k: 0, margin: 2e4 });
    expect(v.achievedGamma).toBe(Infinity);
    // A spread of 1e4 likewise: achievedEpsilon overflows, the spread does not.
    const v2 = verifyFactors(W, mat([[0, 1e4, -1e4, -1e4], [-1, 1, -0.5, -0.5], [0, 0, 0, 0], [0, -2, -5, 0]]), K4, precision);
    expect(v2.r1).toBe('fails');
    // tolerance: the rigorous bound (spread = 1e4 - ln 2, rounded once by the test's subtraction: half an ulp of 1e4)
    expect(Math.abs(v2.worstSpread - (1e4 - LN2))).toBeLessThanOrEqual(v2.worstRatioRow.errorBound + 2 ** -40);
    expect(v2.achievedEpsilon).toBe(Infinity);
  });

  it('handles weights from 1e-300 to 1e300 through their logarithms', () => {
    const target = SparseTarget.fromEntries(4, [
      [0, 0, 1e-300], [0, 1, 1e300],
      [1, 1, 1e-300], [1, 2, 3e-300],
      [2, 2, 1e300], [2, 3, 1.5e300],
      [3, 3, 1e-300], [3, 0, 1e300],
    ]);
    const l = (x: number) => Math.log(x);
    // Logits matching ln W up to a per-row offset, plus a deviation of 0.1 on one entry of row 0.
    const Q = mat([
      [0, l(1e300) - l(1e-300) + 0.1, -2000, -2000],
      [-50, 7, 7 + l(3), -50],
      [-3, -3, 100, 100 + l(1.5)],
      [l(1e300) - l(1e-300), -2000, -2000, 0],
    ]);
    const v = verifyFactors(target, Q, K4, precision);
    expect(v.status).toBe('pass');
    expect(v.worstRatioRow).toMatchObject({ row: 0, j: 1, k: 0 });
    // tolerance: the rigorous bound plus the test's own rounding of ln(1e300) - ln(1e-300) + 0.1 (two
    // roundings near 1381.6, half an ulp = 2^-43 each) and of the logs (within 1 ulp of 690.8: 2^-43 each)
    expect(Math.abs(v.worstSpread - 0.1)).toBeLessThanOrEqual(v.worstRatioRow.errorBound + 4 * 2 ** -43);
    expect(v.worstRatioRow.errorBound).toBeLessThan(1e-10);
  });

  it('is invariant under rescaling rows of W by 1e200 and 1e-200', () => {
    const random = createRandom(2024);
    const base = randomTarget(random, 12, 3, 3);
    const { Q, K } = nearTargetFactors(random, base, Math.log(1 / 0.25) + Math.log1p(0.5), 0.05);
    const scaled = SparseTarget.fromEntries(12, base.entries().map(([i, j, w]): TargetEntry => [i, j, i % 2 === 0 ? w * 1e200 : w * 1e-200]));
    const a = verifyFactors(base, Q, K, precision);
    const b = verifyFactors(scaled, Q, K, precision);
    expect(b.status).toBe(a.status);
    expect([b.r1, b.r2]).toEqual([a.r1, a.r2]);
    expect(b.rows).toEqual(a.rows);
    expect(b.worstRatioRow).toMatchObject({ row: a.worstRatioRow.row, j: a.worstRatioRow.j, k: a.worstRatioRow.k });
    // tolerance: each spread is within its own rigorous bound of the exact one; the exact spreads differ only
    // because w·1e200 was rounded (ln of each weight moves by <= 1.01u, so a spread by <= 4u).
    expect(Math.abs(b.worstSpread - a.worstSpread)).toBeLessThanOrEqual(a.worstRatioRow.errorBound + b.worstRatioRow.errorBound + 4 * u);
    // (R2) does not involve the weights at all: identical logits give identical margins.
    expect(b.worstMargin).toBe(a.worstMargin);
    expect(b.worstZeroRow).toEqual(a.worstZeroRow);
  });
});

describe('overflow is reported as inconclusive, not as a verdict', () => {
  it('logits that overflow (1e200 · 1e200) make the verdict inconclusive with a reason', () => {
    const target = SparseTarget.fromEntries(2, [[0, 0, 1], [1, 1, 1]]);
    const Q = denseMatrix(2, 1, Float64Array.from([1e200, -1e200]));
    const K = denseMatrix(2, 1, Float64Array.from([1e200, 1e200]));
    const v = verifyFactors(target, Q, K, precision);
    expect(v.status).toBe('inconclusive');
    expect(v.rows.r1.inconclusive + v.rows.r2.inconclusive).toBeGreaterThan(0);
    expect(v.reason).toMatch(/^2 of 2 rows too close to call; first: row 0: its logits may overflow/);
  });

  it('a definite failure in a finite row still gives fail when another row overflows', () => {
    const target = SparseTarget.fromEntries(2, [[0, 0, 1], [1, 1, 1]]);
    // Row 0: q_0·k_0 = 1e400 overflows -> undecidable. Row 1: C_10 = 1e200 (off support) vs C_11 = -1: fails (R2).
    const Q = denseMatrix(2, 1, Float64Array.from([1e200, 1]));
    const K = denseMatrix(2, 1, Float64Array.from([1e200, -1]));
    const v = verifyFactors(target, Q, K, precision);
    expect([v.status, v.r2]).toEqual(['fail', 'fails']);
    expect(v.rows.r2).toEqual({ failing: 1, inconclusive: 1 });
    expect(v.worstZeroRow).toMatchObject({ row: 1, j: 0, k: 1, margin: 1e200 });
  });

  it('a certificate whose X WQ overflows is inconclusive', () => {
    // q_0 = 1e200·1e200 = Infinity; row 1 (q_1 = 1, supp {0}) alone would pass: margin 1 - 1e200.
    const target = SparseTarget.fromEntries(2, [[0, 0, 1], [1, 0, 1]]);
    const cert = {
      X: denseMatrix(2, 2, Float64Array.from([1e200, 0, 0, 1])),
      WQ: denseMatrix(2, 1, Float64Array.from([1e200, 1])),
      WK: denseMatrix(2, 1, Float64Array.from([1, 1])),
      d: 1,
    };
    const v = verifyCertificate(target, cert, precision);
    expect(v.status).toBe('inconclusive');
    expect(v.reason).toMatch(/^1 of 2 rows too close to call; first: row 0: its logits may overflow/);
  });
});
