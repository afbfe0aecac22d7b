import { describe, expect, it } from 'vitest';
import { denseMatrix } from '../../src/matrix/denseMatrix.js';
import { createRandom } from '../../src/random/randomSource.js';
import { SparseTarget, type TargetEntry } from '../../src/targets/sparseTarget.js';
import { verifyCertificate } from '../../src/verification/verifyCertificate.js';
import { verifyFactors } from '../../src/verification/verifyFactors.js';
import { SUM_INFLATION } from '../../src/verification/_internals/roundingBounds.js';
import type { Verdict } from '../../src/verification/verdict.js';
import { mat, nearTargetFactors, randomTarget, twiceIdentity, u } from './helpers.js';

const precision = { epsilon: 0.5, gamma: 0.25 };
const K4 = twiceIdentity(4); // C = Q exactly (see helpers)
const LN2 = Math.log(2);
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

describe('extreme magnitudes are decided in log space', () => {
  it('handles logits of magnitude 1e4: each row shifted by ±1e4 keeps its verdict', () => {
    const shift = [1e4, -1e4, 1e4, -1e4];
    const logits = [
      [0, LN2 + 0.1, -3, -2],
      [-1, 1, -0.5, -0.5],
      [0.1, 0, 0.2, 0.05],
      [0.3, -2, -5, 0],
    ];
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
    const Q = mat([
      [-1e4, -1e4 + LN2, 1e4, -1e4],
      [-1, 1, -0.5, -0.5],
      [0, 0, 0, 0],
      [0, -2, -5, 0],
    ]);
    const v = verifyFactors(W, Q, K4, precision);
    expect([v.status, v.r2]).toEqual(['fail', 'fails']);
    expect(v.worstZeroRow).toMatchObject({ row: 0, j: 2, k: 0, margin: 2e4 });
    expect(v.achievedGamma).toBe(Infinity);
    // A spread of 1e4 likewise: achievedEpsilon overflows, the spread does not.
    const v2 = verifyFactors(
      W,
      mat([
        [0, 1e4, -1e4, -1e4],
        [-1, 1, -0.5, -0.5],
        [0, 0, 0, 0],
        [0, -2, -5, 0],
      ]),
      K4,
      precision,
    );
    expect(v2.r1).toBe('fails');
    // tolerance: the rigorous bound (spread = 1e4 - ln 2, rounded once by the test's subtraction: half an ulp of 1e4)
    expect(Math.abs(v2.worstSpread - (1e4 - LN2))).toBeLessThanOrEqual(v2.worstRatioRow.errorBound + 2 ** -40);
    expect(v2.achievedEpsilon).toBe(Infinity);
  });

  it('handles weights from 1e-300 to 1e300 through their logarithms', () => {
    const target = SparseTarget.fromEntries(4, [
      [0, 0, 1e-300],
      [0, 1, 1e300],
      [1, 1, 1e-300],
      [1, 2, 3e-300],
      [2, 2, 1e300],
      [2, 3, 1.5e300],
      [3, 3, 1e-300],
      [3, 0, 1e300],
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
    const scaled = SparseTarget.fromEntries(
      12,
      base.entries().map(([i, j, w]): TargetEntry => [i, j, i % 2 === 0 ? w * 1e200 : w * 1e-200]),
    );
    const a = verifyFactors(base, Q, K, precision);
    const b = verifyFactors(scaled, Q, K, precision);
    expect(b.status).toBe(a.status);
    expect([b.r1, b.r2]).toEqual([a.r1, a.r2]);
    expect(b.rows).toEqual(a.rows);
    expect(b.worstRatioRow).toMatchObject({ row: a.worstRatioRow.row, j: a.worstRatioRow.j, k: a.worstRatioRow.k });
    // tolerance: each spread is within its own rigorous bound of the exact one; the exact spreads differ only
    // because w·1e200 was rounded (ln of each weight moves by <= 1.01u, so a spread by <= 4u).
    expect(Math.abs(b.worstSpread - a.worstSpread)).toBeLessThanOrEqual(
      a.worstRatioRow.errorBound + b.worstRatioRow.errorBound + 4 * u,
    );
    // (R2) does not involve the weights at all: identical logits give identical margins.
    expect(b.worstMargin).toBe(a.worstMargin);
    expect(b.worstZeroRow).toEqual(a.worstZeroRow);
  });
});

describe('overflow is reported as inconclusive, not as a verdict', () => {
  it('logits that overflow (1e200 · 1e200) make the verdict inconclusive with a reason', () => {
    const target = SparseTarget.fromEntries(2, [
      [0, 0, 1],
      [1, 1, 1],
    ]);
    const Q = denseMatrix(2, 1, Float64Array.from([1e200, -1e200]));
    const K = denseMatrix(2, 1, Float64Array.from([1e200, 1e200]));
    const v = verifyFactors(target, Q, K, precision);
    expect(v.status).toBe('inconclusive');
    expect(v.rows.r1.inconclusive + v.rows.r2.inconclusive).toBeGreaterThan(0);
    expect(v.reason).toMatch(/^2 of 2 rows too close to call; first: row 0: its logits may overflow/);
  });

  it('a definite failure in a finite row still gives fail when another row overflows', () => {
    const target = SparseTarget.fromEntries(2, [
      [0, 0, 1],
      [1, 1, 1],
    ]);
    // Row 0: q_0·k_0 = 1e400 overflows -> undecidable. Row 1: C_10 = 1e200 (off support) vs C_11 = -1: fails (R2).
    const Q = denseMatrix(2, 1, Float64Array.from([1e200, 1]));
    const K = denseMatrix(2, 1, Float64Array.from([1e200, -1]));
    const v = verifyFactors(target, Q, K, precision);
    expect([v.status, v.r2]).toEqual(['fail', 'fails']);
    expect(v.rows.r2).toEqual({ failing: 1, inconclusive: 1 });
    expect(v.worstZeroRow).toMatchObject({ row: 1, j: 0, k: 1, margin: 1e200 });
  });

  it('a row whose compensated re-check overflows stays undecided with its first-pass figures', () => {
    // q_0 = 1e301: the first pass's logits 1e301·2e-301 and 1e301·1e-301 are fine (||q_0||·max ||k|| = 2 is
    // far below the guard), but Dot2's splitting of 1e301 (times 2^27 + 1) overflows, so the re-check of
    // row 0, too close to call at rho = its spread, yields NaN and decides nothing. Row 1 (same query) holds
    // its (R2) in the first pass: margin C_11 − C_10 = −1 < ln 0.5.
    const target = SparseTarget.fromEntries(2, [
      [0, 0, 1],
      [0, 1, 1],
      [1, 0, 1],
    ]);
    const Q = denseMatrix(2, 1, Float64Array.from([1e301, 1e301]));
    const K = denseMatrix(2, 1, Float64Array.from([2e-301, 1e-301]));
    const spread = 1e301 * 2e-301 - 1e301 * 1e-301;
    const v = verifyFactors(target, Q, K, { epsilon: Math.expm1(spread), gamma: 0.5 });
    expect([v.status, v.r1, v.r2, v.refinedRows]).toEqual(['inconclusive', 'inconclusive', 'holds', 1]);
    expect(v.worstRatioRow).toMatchObject({ row: 0, j: 0, k: 1, spread });
    expect(v.reason).toMatch(
      /^1 of 2 rows too close to call; first: row 0: \(R1\) spread 1\.0000000000000002 is within its rounding-error bound/,
    );
  });

  it('a certificate whose X WQ overflows is inconclusive', () => {
    // q_0 = 1e200·1e200 = Infinity; row 1 (q_1 = 1, supp {0}) alone would pass: margin 1 - 1e200.
    const target = SparseTarget.fromEntries(2, [
      [0, 0, 1],
      [1, 0, 1],
    ]);
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

describe('rows whose logits may overflow decide only what holds whatever the logits', () => {
  // K = 2·I_4 (d = 4): the logits are Q exactly, and max_j ||k_j|| = 2, so a query row of norm > 2^999 is
  // past the overflow guard (||q_i||·max_j ||k_j|| <= 2^1000) although its logits are finite here.
  const big = 2 ** 1000;
  it('(R1) of a single-support row and (R2) of a full-support row still hold; the rest is undecided', () => {
    const target = SparseTarget.fromEntries(4, [
      [0, 0, 1], // single support: (R1) holds exactly, (R2) is undecided (its margin −2^1000 is not trusted)
      [1, 0, 1],
      [1, 1, 1],
      [1, 2, 1],
      [1, 3, 1], // full support: (R2) is vacuous, (R1) undecided (spread 2^1000 not trusted)
      [2, 2, 1],
      [3, 3, 1],
    ]);
    const Q = mat([
      [big, 0, 0, 0],
      [big, 0, 0, 0],
      [-9, -9, 0, -9],
      [-9, -9, -9, 0],
    ]);
    const v = verifyFactors(target, Q, K4, precision);
    expect(v.status).toBe('inconclusive');
    expect(v.rows).toEqual({ r1: { failing: 0, inconclusive: 1 }, r2: { failing: 0, inconclusive: 1 } });
    expect(v.reason).toBe(
      `2 of 4 rows too close to call; first: row 0: its logits may overflow or their rounding-error bound is not finite (||q_i||·max_j ||k_j|| = ${2 * big})`,
    );
  });

  it('the guard is inclusive: ||q_i||·max_j ||k_j|| = 2^1000 exactly is decided', () => {
    const target = SparseTarget.fromEntries(4, [
      [0, 0, 1],
      [0, 1, 1],
      [1, 1, 1],
      [2, 2, 1],
      [3, 3, 1],
    ]);
    // Row 0: ||q_0|| = 2^999, spread 2^999 between its two support entries: a definite (R1) failure, while its
    // margin −9 is within the logit bound (about 2^1000·8u) of ln(gamma) and stays undecided. Past the guard,
    // both would be undecided and the verdict inconclusive.
    const Q = mat([
      [2 ** 999, 0, -9, -9],
      [-9, 0, -9, -9],
      [-9, -9, 0, -9],
      [-9, -9, -9, 0],
    ]);
    const v = verifyFactors(target, Q, K4, precision);
    expect([v.status, v.r1, v.r2]).toEqual(['fail', 'fails', 'inconclusive']);
    expect(v.worstRatioRow).toMatchObject({ row: 0, spread: 2 ** 999 });
  });

  it('a certificate row whose radius overflows (X_0·WQ cancels to 0 from terms of 1e308) is undecided for that reason', () => {
    // q_0 = 1e308 − 1e308 = 0 exactly, but its rounding radius 2·gamma_2·(1e308 + 1e308) is Infinity; the
    // overflow guard on ||q_0||·max ||k|| = 0 alone would not catch it. Row 1 is decided: margin −1e308·2^-700.
    const target = SparseTarget.fromEntries(2, [
      [0, 0, 1],
      [1, 0, 1],
    ]);
    const cert = {
      X: denseMatrix(2, 2, Float64Array.from([1e308, 1e308, 1, 0])),
      WQ: denseMatrix(2, 1, Float64Array.from([1, -1])),
      WK: denseMatrix(2, 1, Float64Array.from([2 ** -700, 0])),
      d: 1,
    };
    const v = verifyCertificate(target, cert, precision);
    expect(v.status).toBe('inconclusive');
    expect(v.rows).toEqual({ r1: { failing: 0, inconclusive: 0 }, r2: { failing: 0, inconclusive: 1 } });
    expect(v.reason).toBe(
      '1 of 2 rows too close to call; first: row 0: its logits may overflow or their rounding-error bound is not finite (||q_i||·max_j ||k_j|| = 0)',
    );
  });
});

describe('worst rows are the first with the largest finite value, whatever overflowed', () => {
  // Logits of 2e308 (= Infinity) in every column: spread and margin Infinity − Infinity = NaN.
  const inf = [1e308, 1e308, 1e308, 1e308];
  it('a row of NaN values is never the worst while a finite one exists', () => {
    const target = SparseTarget.fromEntries(4, [
      [0, 0, 1],
      [0, 1, 1],
      [1, 0, 1],
      [1, 1, 1],
      [2, 2, 1],
      [2, 3, 1],
      [3, 3, 1],
    ]);
    const Q = mat([inf, [0, 0.25, -3, -3], [-3, -3, 0, 0.5], [-3, -2, -3, 0]]);
    const v = verifyFactors(target, Q, K4, { epsilon: 2, gamma: 0.5 });
    expect(v.status).toBe('inconclusive');
    expect(v.worstRatioRow).toMatchObject({ row: 2, j: 3, k: 2 });
    expect(v.worstRatioRow.spread).toBe(0.5);
    expect(v.worstZeroRow).toMatchObject({ row: 3, j: 1, k: 3 });
    expect(v.worstZeroRow!.margin).toBe(-2);
  });

  it('when every value is NaN: row 0 for (R1), the first row with an (R2) pair for (R2)', () => {
    // Row 0 has full support (no (R2) pair): the (R2) report falls to row 1, the first row that has one.
    const target = SparseTarget.fromEntries(4, [
      [0, 0, 1],
      [0, 1, 1],
      [0, 2, 1],
      [0, 3, 1],
      [1, 0, 1],
      [1, 1, 1],
      [2, 1, 1],
      [2, 2, 1],
      [3, 3, 1],
      [3, 2, 1],
    ]);
    const v = verifyFactors(target, mat([inf, inf, inf, inf]), K4, precision);
    expect(v.status).toBe('inconclusive');
    expect(v.worstRatioRow.row).toBe(0);
    expect(v.worstRatioRow.spread).toBeNaN();
    expect(v.worstZeroRow!.row).toBe(1);
    expect(v.worstZeroRow!.margin).toBeNaN();
    // Rows 0 and 1 both without a finite margin and both with (R2) pairs: the first of them.
    const partial = SparseTarget.fromEntries(4, [
      [0, 0, 1],
      [0, 1, 1],
      [1, 0, 1],
      [1, 1, 1],
      [2, 2, 1],
      [3, 3, 1],
    ]);
    const w = verifyFactors(partial, mat([inf, inf, [-9, -9, 0, -9], [-9, -9, -9, 0]]), K4, precision);
    expect(w.worstZeroRow).toMatchObject({ row: 2, margin: -9 });
    const x = verifyFactors(partial, mat([inf, inf, inf, inf]), K4, precision);
    expect(x.worstZeroRow!.row).toBe(0);
  });

  it('equal worst values: the first row wins; every row full: no worst zero row, worstMargin −Infinity', () => {
    const target = SparseTarget.fromEntries(4, [
      [0, 0, 1],
      [0, 1, 1],
      [0, 2, 1],
      [0, 3, 1],
      [1, 1, 1],
      [2, 2, 1],
      [3, 3, 1],
    ]);
    // Rows 1, 2 and 3 have the same margin −2; row 0 (full support) has none.
    const Q = mat([
      [0, 0.1, 0.2, 0.3],
      [-2, 0, -5, -5],
      [-5, -2, 0, -5],
      [-5, -5, -2, 0],
    ]);
    const v = verifyFactors(target, Q, K4, precision);
    expect(v.status).toBe('pass');
    expect(v.worstZeroRow).toMatchObject({ row: 1, j: 0, k: 1 });
    expect(v.worstZeroRow!.margin).toBe(-2);
    const full = SparseTarget.fromEntries(2, [
      [0, 0, 1],
      [0, 1, 1],
      [1, 0, 1],
      [1, 1, 1],
    ]);
    const f = verifyFactors(
      full,
      denseMatrix(2, 1, Float64Array.from([0, 0])),
      denseMatrix(2, 1, Float64Array.from([1, 1])),
      precision,
    );
    expect([f.status, f.worstZeroRow, f.worstMargin, f.achievedGamma]).toEqual(['pass', null, -Infinity, 0]);
  });
});

describe('the thresholds are rounded too: rho and ln(gamma) carry their own 2-ulp allowance', () => {
  // rho = log1p(epsilon) and ln(gamma) come from Math functions accurate to about an ulp, so a value past
  // the computed threshold by more than its own error bound, but by less than the threshold's allowance
  // 4u·|threshold| on top, may still be on the right side of the exact threshold: undecided, not a failure.
  // Large thresholds (|ln| ≈ 690.8, an ulp is 2^-43) make that allowance about 2.7 ulps wide.
  const ulp = 2 ** -43;
  const slack = (b: number, value: number, threshold: number, thresholdBound: number) =>
    (b + thresholdBound + 2 * u * (Math.abs(value) + Math.abs(threshold))) * SUM_INFLATION;

  /** The first value threshold + k·ulp past the slack an exact threshold would get, by at least one ulp, and its verdict. */
  function justPastExactSlack(
    threshold: number,
    verify: (value: number) => { v: Verdict; bound: number },
  ): { value: number; v: Verdict; bound: number } {
    for (let k = 0; k < 100; k++) {
      const value = threshold + k * ulp;
      const { v, bound } = verify(value);
      if (value - threshold >= slack(bound, value, threshold, 0) + ulp) return { value, v, bound };
    }
    throw new Error('no value found');
  }

  it('(R1): a spread just past rho = ln(1 + 1e300) by more than its bound is inconclusive; further out it fails', () => {
    const target = SparseTarget.fromEntries(4, [
      [0, 0, 1],
      [0, 1, 1],
      [0, 2, 1],
      [0, 3, 1],
      [1, 1, 1],
      [2, 2, 1],
      [3, 3, 1],
    ]);
    const precision = { epsilon: 1e300, gamma: 0.5 };
    const rho = Math.log1p(1e300);
    // Row 0 (full support, weights 1): spread = C_00 − 0 = value.
    const verify = (value: number) => {
      const v = verifyFactors(
        target,
        mat([
          [value, 0, 0, 0],
          [-9, 0, -9, -9],
          [-9, -9, 0, -9],
          [-9, -9, -9, 0],
        ]),
        K4,
        precision,
        { refine: false },
      );
      return { v, bound: v.worstRatioRow.errorBound };
    };
    const { value, v, bound } = justPastExactSlack(rho, verify);
    expect(v.worstRatioRow).toMatchObject({ row: 0, spread: value });
    expect(value - rho).toBeLessThanOrEqual(slack(bound, value, rho, 4 * u * rho) - ulp); // inside rho's allowance
    expect([v.status, v.r1]).toEqual(['inconclusive', 'inconclusive']);
    const far = verify(rho + 2 * slack(bound, value, rho, 4 * u * rho)).v;
    expect([far.status, far.r1]).toEqual(['fail', 'fails']);
  });

  it('(R2): a margin just past ln(1e-300) by more than its bound is inconclusive; further out it fails', () => {
    const target = SparseTarget.fromEntries(4, [
      [0, 0, 1],
      [0, 2, 1],
      [0, 3, 1],
      [1, 1, 1],
      [2, 2, 1],
      [3, 3, 1],
    ]);
    const precision = { epsilon: 0.5, gamma: 1e-300 };
    const logGamma = Math.log(1e-300);
    // Row 0: support logits 0, off-support logit C_01 = value: margin = value.
    const verify = (value: number) => {
      const v = verifyFactors(
        target,
        mat([
          [0, value, 0, 0],
          [-999, 0, -999, -999],
          [-999, -999, 0, -999],
          [-999, -999, -999, 0],
        ]),
        K4,
        precision,
        { refine: false },
      );
      return { v, bound: v.worstZeroRow!.errorBound };
    };
    const { value, v, bound } = justPastExactSlack(logGamma, verify);
    expect(v.worstZeroRow).toMatchObject({ row: 0, margin: value });
    expect(value - logGamma).toBeLessThanOrEqual(slack(bound, value, logGamma, 4 * u * -logGamma) - ulp);
    expect([v.status, v.r2]).toEqual(['inconclusive', 'inconclusive']);
    const far = verify(logGamma + 2 * slack(bound, value, logGamma, 4 * u * -logGamma)).v;
    expect([far.status, far.r2]).toEqual(['fail', 'fails']);
  });
});
