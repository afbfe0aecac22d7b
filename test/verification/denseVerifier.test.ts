import { describe, expect, it } from 'vitest';
import { denseMatrix } from '../../src/matrix/denseMatrix.js';
import { SparseTarget } from '../../src/targets/sparseTarget.js';
import { denseVerifyCertificate, denseVerifyFactors } from '../../src/verification/_internals/denseVerifier.js';
import { factorsAsCertificate, mat, twiceIdentity } from './helpers.js';

// The dense pairwise verifier is the oracle of the cross-checks (crossCheck.test.ts): its own
// definitions are pinned here on hand-made logits. With K = 2·I_4 and d = 4 the logits are Q exactly
// (helpers.twiceIdentity), so every value below is exact and compared with toBe (tolerance 0).
const K4 = twiceIdentity(4);

describe('denseVerifyFactors decides SPEC §2 pair by pair', () => {
  it('a spread exactly rho and a margin exactly ln(gamma) hold: both conditions are "<=", not "<"', () => {
    const epsilon = 0.5;
    const gamma = 0.25;
    const rho = Math.log1p(epsilon);
    const logGamma = Math.log(gamma);
    const W = SparseTarget.fromEntries(4, [
      [0, 0, 1],
      [0, 1, 1],
      [1, 1, 1],
      [2, 2, 1],
      [3, 3, 1],
    ]);
    // Row 0: C_00 − C_01 = rho (weights equal); C_02 − C_01 = ln gamma is the worst off-support logit.
    const Q = mat([
      [rho, 0, logGamma, -50],
      [-50, 0, -50, -50],
      [-50, -50, 0, -50],
      [-50, -50, -50, 0],
    ]);
    const v = denseVerifyFactors(W, Q, K4, { epsilon, gamma });
    expect([v.status, v.pass, v.r1, v.r2]).toEqual(['pass', true, 'holds', 'holds']);
    expect(v.worstSpread).toBe(rho);
    expect(v.worstMargin).toBe(logGamma);
    // One ulp further, each condition fails, and only that one.
    const Q1 = mat([
      [rho + 2 ** -52, 0, logGamma, -50],
      [-50, 0, -50, -50],
      [-50, -50, 0, -50],
      [-50, -50, -50, 0],
    ]);
    const v1 = denseVerifyFactors(W, Q1, K4, { epsilon, gamma });
    expect([v1.status, v1.pass, v1.r1, v1.r2]).toEqual(['fail', false, 'fails', 'holds']);
    const Q2 = mat([
      [rho, 0, logGamma + 2 ** -52, -50],
      [-50, 0, -50, -50],
      [-50, -50, 0, -50],
      [-50, -50, -50, 0],
    ]);
    const v2 = denseVerifyFactors(W, Q2, K4, { epsilon, gamma });
    expect([v2.status, v2.pass, v2.r1, v2.r2]).toEqual(['fail', false, 'holds', 'fails']);
  });

  it('reports the first pair in lexicographic order and the first row among equal worst values', () => {
    const W = SparseTarget.fromEntries(4, [
      [0, 0, 1],
      [0, 1, 1],
      [0, 2, 1],
      [1, 0, 1],
      [1, 1, 1],
      [1, 2, 1],
      [2, 2, 1],
      [3, 3, 1],
    ]);
    // Rows 0 and 1: spread 1 attained by the pairs (0, 2) and (1, 2); rows 2 and 3 share the worst margin -2.
    const Q = mat([
      [1, 1, 0, -9],
      [1, 1, 0, -9],
      [-2, -2, 0, -5],
      [-5, -2, -5, 0],
    ]);
    const v = denseVerifyFactors(W, Q, K4, { epsilon: 2, gamma: 0.5 });
    expect(v.status).toBe('pass');
    expect(v.worstRatioRow).toEqual({ row: 0, j: 0, k: 2, spread: 1, errorBound: 0 });
    expect(v.worstZeroRow).toEqual({ row: 2, j: 0, k: 2, margin: -2, errorBound: 0 });
  });

  it('a target with every row full has no (R2) pair: worstMargin −Infinity, achievedGamma 0, no worst zero row', () => {
    const W = SparseTarget.fromEntries(2, [
      [0, 0, 1],
      [0, 1, 2],
      [1, 0, 1],
      [1, 1, 1],
    ]);
    const Q = denseMatrix(2, 1, Float64Array.from([Math.log(2), 0]));
    const K = denseMatrix(2, 1, Float64Array.from([0, 1]));
    // C_0 = (0, ln 2) matches ln W_0 = (0, ln 2) and C_1 = (0, 0) matches ln W_1: both spreads are 0.
    const v = denseVerifyFactors(W, Q, K, { epsilon: 0.1, gamma: 0.5 });
    expect(v.worstMargin).toBe(-Infinity);
    expect(v.achievedGamma).toBe(0);
    expect(v.worstZeroRow).toBeNull();
    expect([v.status, v.r1, v.r2, v.worstSpread]).toEqual(['pass', 'holds', 'holds', 0]);
  });

  it('refuses factors whose shapes disagree with L or with each other (RangeError)', () => {
    const W = SparseTarget.fromEntries(3, [
      [0, 0, 1],
      [1, 1, 1],
      [2, 2, 1],
    ]);
    const ok = denseMatrix(3, 2);
    const message = /must both be L×d with L = 3/;
    expect(() => denseVerifyFactors(W, denseMatrix(2, 2), ok, { epsilon: 0.5, gamma: 0.5 })).toThrow(message);
    expect(() => denseVerifyFactors(W, ok, denseMatrix(4, 2), { epsilon: 0.5, gamma: 0.5 })).toThrow(RangeError);
    expect(() => denseVerifyFactors(W, ok, denseMatrix(3, 3), { epsilon: 0.5, gamma: 0.5 })).toThrow(/K \(3×3\)/);
    expect(denseVerifyFactors(W, ok, denseMatrix(3, 2), { epsilon: 0.5, gamma: 0.5 }).d).toBe(2);
  });
});

describe('denseVerifyCertificate', () => {
  it('decides the factors X·WQ and X·WK as denseVerifyFactors does', () => {
    const W = SparseTarget.fromEntries(4, [
      [0, 0, 1],
      [0, 1, 2],
      [1, 1, 1],
      [2, 2, 1],
      [3, 3, 1],
    ]);
    const Q = mat([
      [0.5, 0.5 + Math.log(2), -9, -9],
      [-9, 0, -9, -9],
      [-9, -9, 0, -9],
      [-9, -9, -9, 0],
    ]);
    const fromFactors = denseVerifyFactors(W, Q, K4, { epsilon: 0.5, gamma: 0.25 });
    const fromCertificate = denseVerifyCertificate(W, factorsAsCertificate(Q, K4), { epsilon: 0.5, gamma: 0.25 });
    expect(fromCertificate).toEqual(fromFactors);
    expect(fromCertificate.status).toBe('pass');
  });

  it('refuses a certificate whose shapes disagree, whichever matrix is wrong (RangeError)', () => {
    const W = SparseTarget.fromEntries(2, [
      [0, 0, 1],
      [1, 1, 1],
    ]);
    const good = { X: denseMatrix(2, 3), WQ: denseMatrix(3, 2), WK: denseMatrix(3, 2), d: 2 };
    const precision = { epsilon: 0.5, gamma: 0.5 };
    expect(denseVerifyCertificate(W, good, precision).d).toBe(2);
    const message = /certificate shapes disagree/;
    expect(() => denseVerifyCertificate(W, { ...good, X: denseMatrix(3, 3) }, precision)).toThrow(message);
    expect(() => denseVerifyCertificate(W, { ...good, WQ: denseMatrix(4, 2) }, precision)).toThrow(message);
    expect(() => denseVerifyCertificate(W, { ...good, WK: denseMatrix(2, 2) }, precision)).toThrow(message);
    expect(() => denseVerifyCertificate(W, { ...good, WK: denseMatrix(3, 1) }, precision)).toThrow(RangeError);
  });
});
