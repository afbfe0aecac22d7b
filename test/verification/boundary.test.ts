import { describe, expect, it } from 'vitest';
import { denseMatrix } from '../../src/matrix/denseMatrix.js';
import { SparseTarget } from '../../src/targets/sparseTarget.js';
import { denseVerifyCertificate } from '../../src/verification/_internals/denseVerifier.js';
import { verifyCertificate } from '../../src/verification/verifyCertificate.js';
import { verifyFactors } from '../../src/verification/verifyFactors.js';
import { mat, twiceIdentity } from './helpers.js';

const precision = { epsilon: 0.5, gamma: 0.25 };
const rho = Math.log1p(0.5);
const logGamma = Math.log(0.25);
const K4 = twiceIdentity(4); // C = Q exactly (see helpers)

// supp: row 0 {0, 1}, row 1 {1}, row 2 everything, row 3 {0, 3}
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
const LN2 = Math.log(2);

describe('undecidable rows give an inconclusive verdict, never a guess', () => {
  it('a margin landing exactly on ln(gamma) is inconclusive, with a reason naming the row and condition', () => {
    const Q = mat([
      [0, LN2, -3, -3],
      [-3, 0, -3, logGamma],
      [0, 0, 0, 0],
      [0, -3, -3, 0],
    ]);
    for (const refine of [true, false]) {
      const v = verifyFactors(W, Q, K4, precision, { refine });
      expect([v.status, v.r1, v.r2]).toEqual(['inconclusive', 'holds', 'inconclusive']);
      expect(v.pass).toBe(false);
      expect(v.rows.r2).toEqual({ failing: 0, inconclusive: 1 });
      expect(v.worstZeroRow).toMatchObject({ row: 1, j: 3, k: 1, margin: logGamma });
      expect(v.reason).toMatch(/^1 of 4 rows too close to call; first: row 1: \(R2\) margin/);
      // The compensated re-check was tried (and could not help: ln(gamma) itself is only known to an ulp).
      expect(v.refinedRows).toBe(refine ? 1 : 0);
    }
  });

  it('a spread landing exactly on rho is inconclusive', () => {
    const Q = mat([
      [0, LN2, -3, -3],
      [-3, 0, -3, -3],
      [0, 0, rho, 0],
      [0, -3, -3, 0],
    ]);
    const v = verifyFactors(W, Q, K4, precision);
    expect([v.status, v.r1, v.r2]).toEqual(['inconclusive', 'inconclusive', 'holds']);
    expect(v.worstRatioRow).toMatchObject({ row: 2, j: 2, k: 0, spread: rho });
    expect(v.reason).toMatch(/row 2: \(R1\) spread/);
  });

  it('a definite failure elsewhere outranks an inconclusive row', () => {
    const Q = mat([
      [0, LN2 + 1, -3, -3],
      [-3, 0, -3, logGamma],
      [0, 0, 0, 0],
      [0, -3, -3, 0],
    ]);
    const v = verifyFactors(W, Q, K4, precision);
    expect([v.status, v.r1, v.r2]).toEqual(['fail', 'fails', 'inconclusive']);
    expect(v.reason).toBeUndefined();
  });

  // Heavy cancellation: q_0 = (M, M, 0, 0) and k_1 = (1, -1 + c/M, 0, 0) with M = 2^30,
  // so q_0·k_1 = c exactly (every product and sum below is exact in binary64), but the
  // first pass can only bound its error by about gamma_7·||q_0||·||k_1|| ≈ 1.7e-6.
  const M = 2 ** 30;
  // c/2 = ln(gamma) - 1e-6, rounded to a multiple of 2^-23 so that -1 + c/M is a double.
  const c = Math.round(2 * (logGamma - 1e-6) * 2 ** 22) / 2 ** 22;
  const W2 = SparseTarget.fromEntries(2, [
    [0, 0, 1],
    [1, 0, 1],
    [1, 1, 1],
  ]);
  const Q2 = denseMatrix(2, 4, Float64Array.from([M, M, 0, 0, 0, 0, 0, 0]));
  const K2 = denseMatrix(2, 4, Float64Array.from([0, 0, 0, 0, 1, -1 + c / M, 0, 0]));

  it('a margin 1e-6 below ln(gamma) but under the first-pass bound is inconclusive without the re-check', () => {
    expect(M * (-1 + c / M) + M).toBe(c); // the construction is exact: q_0·k_1 = c with no rounding
    const v = verifyFactors(W2, Q2, K2, precision, { refine: false });
    expect(v.status).toBe('inconclusive');
    // Margin of row 0 = C_01 - C_00 = c/2 - 0, computed exactly here.
    expect(v.worstZeroRow).toMatchObject({ row: 0, j: 1, k: 0, margin: c / 2 });
    expect(logGamma - c / 2).toBeGreaterThan(8e-7);
    expect(v.worstZeroRow!.errorBound).toBeGreaterThan(logGamma - c / 2);
  });

  it('... and the compensated re-check decides it: pass, with a far smaller bound', () => {
    const v = verifyFactors(W2, Q2, K2, precision);
    expect(v.status).toBe('pass');
    expect(v.refinedRows).toBe(1);
    expect(v.worstZeroRow).toMatchObject({ row: 0, j: 1, k: 0, margin: c / 2 });
    // Dot2's bound: about 2·gamma_4·|c/2| + 2·gamma_4²·||q||·||k||/2, i.e. ~1e-15
    expect(v.worstZeroRow!.errorBound).toBeLessThan(1e-12);
  });

  it('a certificate whose Q̂ = fl(X WQ) is wrong by cancellation is never misjudged', () => {
    // X_0 = (1e16, 1, -1e16), WQ = (1, 1, 1)^T: exact q_0 = 1, but fl gives (1e16 + 1) - 1e16 = 0.
    // WK = (0, 3, 0)^T: k_0 = 3, k_1 = 0 (X_1 = 0). Exact logits: C_00 = 3, C_01 = 0, row 1 all 0.
    // Row 0 (supp {0}): exact margin C_01 - C_00 = -3 <= ln(0.25) -> holds; from fl(Q) it would be 0 -> "fails".
    const target = SparseTarget.fromEntries(2, [
      [0, 0, 1],
      [1, 0, 1],
      [1, 1, 1],
    ]);
    const cert = {
      X: denseMatrix(2, 3, Float64Array.from([1e16, 1, -1e16, 0, 0, 0])),
      WQ: denseMatrix(3, 1, Float64Array.from([1, 1, 1])),
      WK: denseMatrix(3, 1, Float64Array.from([0, 3, 0])),
      d: 1,
    };
    // The naive dense product really does get it wrong (ml-matrix sums left to right):
    expect(denseVerifyCertificate(target, cert, precision).status).toBe('fail');
    const fast = verifyCertificate(target, cert, precision, { refine: false });
    expect(fast.status).toBe('inconclusive');
    const refined = verifyCertificate(target, cert, precision);
    expect(refined.status).toBe('pass');
    expect(refined.worstZeroRow).toMatchObject({ row: 0, j: 1, k: 0, margin: -3 });
  });
});
