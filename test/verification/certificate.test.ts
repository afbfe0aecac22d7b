import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import type { Certificate } from '../../src/certificates/certificate.js';
import { denseMatrix, type DenseMatrix } from '../../src/matrix/denseMatrix.js';
import { createRandom } from '../../src/random/randomSource.js';
import { deriveSeed } from '../../src/random/deriveSeed.js';
import type { RandomSource } from '../../src/random/randomSource.js';
import { SparseTarget } from '../../src/targets/sparseTarget.js';
import { compensatedProjection } from '../../src/verification/_internals/compensatedProjection.js';
import { denseVerifyCertificate } from '../../src/verification/_internals/denseVerifier.js';
import { projectInputs } from '../../src/verification/_internals/inputProjection.js';
import { sparseRows } from '../../src/verification/_internals/sparseRows.js';
import { verifyCertificate } from '../../src/verification/verifyCertificate.js';
import { verifyFactors } from '../../src/verification/verifyFactors.js';
import { factorsAsCertificate, gaussianMatrix, mat, randomTarget, u } from './helpers.js';
import { trials } from '../helpers/mutationBudget.js';

function mlProduct(a: DenseMatrix, b: DenseMatrix): DenseMatrix {
  const p = Matrix.from1DArray(a.rows, a.cols, a.data).mmul(Matrix.from1DArray(b.rows, b.cols, b.data));
  return denseMatrix(p.rows, p.columns, Float64Array.from(p.to1DArray()));
}

describe('verifyCertificate on a hand-made certificate', () => {
  // X = [A | I_3], WK = [0; 2·[I_3 | 0]] so K = X WK = 2·[I_3 | 0] with d = 4 (scale 1/2),
  // hence C_ij = Q_ij. WQ = [M; N], Q = A M + N, all binary fractions: every product is exact.
  // A = [[1, 0], [0, 0], [2, 1]],  M = [[0.5, 0, 0, 0], [0, 0, -1, 0]],
  // N = [[0, 1, -2, 0], [-1, 0.25, -3, 0], [0, 0, 1, 0]]
  // => Q rows: (0.5, 1, -2, 0), (-1, 0.25, -3, 0), (1, 0, 0, 0);  C = [[0.5, 1, -2], [-1, 0.25, -3], [1, 0, 0]].
  const cert: Certificate = {
    X: mat([
      [1, 0, 1, 0, 0],
      [0, 0, 0, 1, 0],
      [2, 1, 0, 0, 1],
    ]),
    WQ: mat([
      [0.5, 0, 0, 0],
      [0, 0, -1, 0],
      [0, 1, -2, 0],
      [-1, 0.25, -3, 0],
      [0, 0, 1, 0],
    ]),
    WK: mat([
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [2, 0, 0, 0],
      [0, 2, 0, 0],
      [0, 0, 2, 0],
    ]),
    d: 4,
  };
  // row 0: supp {0, 1}, W = (1, 2): D = (0.5, 1 - ln 2): spread 0.5 - (1 - ln 2) = ln 2 - 0.5; margin -2 - 0.5 = -2.5
  // row 1: supp {1}: spread 0; margin max(-1, -3) - 0.25 = -1.25
  // row 2: full support, W = (3, 1, 1): D = (1 - ln 3, 0, 0): spread ln 3 - 1; (R2) vacuous
  const W = SparseTarget.fromEntries(3, [
    [0, 0, 1],
    [0, 1, 2],
    [1, 1, 1],
    [2, 0, 3],
    [2, 1, 1],
    [2, 2, 1],
  ]);

  it('computes Q = X WQ and K = X WK exactly here, skipping zeros', () => {
    expect(Array.from(projectInputs(cert.X, cert.WQ).product.data)).toEqual([
      0.5, 1, -2, 0, -1, 0.25, -3, 0, 1, 0, 0, 0,
    ]);
    expect(Array.from(projectInputs(cert.X, cert.WK).product.data)).toEqual([2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0]);
  });

  it('passes with gamma = 0.3 (ln 0.3 = -1.204 >= -1.25), reporting the worst rows', () => {
    const v = verifyCertificate(W, cert, { epsilon: 0.5, gamma: 0.3 });
    expect(v.status).toBe('pass');
    expect(v.worstRatioRow).toMatchObject({ row: 0, j: 0, k: 1 });
    // tolerance: the rigorous bound plus 2u for the expected value's own rounding (ln 2 and one subtraction)
    expect(Math.abs(v.worstSpread - (Math.LN2 - 0.5))).toBeLessThanOrEqual(v.worstRatioRow.errorBound + 2 * u);
    expect(v.worstZeroRow).toMatchObject({ row: 1, j: 0, k: 1, margin: -1.25 }); // exact: -1 - 0.25
  });

  it('fails (R2) at row 1 with gamma = 0.25 (ln 0.25 = -1.386 < -1.25)', () => {
    const v = verifyCertificate(W, cert, { epsilon: 0.5, gamma: 0.25 });
    expect([v.status, v.r1, v.r2]).toEqual(['fail', 'holds', 'fails']);
    expect(v.rows.r2.failing).toBe(1);
  });

  it('agrees with verifyFactors on the same Q and K, and with the dense verifier', () => {
    const Q = mat([
      [0.5, 1, -2, 0],
      [-1, 0.25, -3, 0],
      [1, 0, 0, 0],
    ]);
    const K = mat([
      [2, 0, 0, 0],
      [0, 2, 0, 0],
      [0, 0, 2, 0],
    ]);
    for (const gamma of [0.25, 0.3]) {
      const a = verifyCertificate(W, cert, { epsilon: 0.5, gamma });
      const b = verifyFactors(W, Q, K, { epsilon: 0.5, gamma });
      const c = denseVerifyCertificate(W, cert, { epsilon: 0.5, gamma });
      for (const other of [b, c]) {
        expect([other.status, other.r1, other.r2]).toEqual([a.status, a.r1, a.r2]);
        expect(other.worstRatioRow).toMatchObject({
          row: a.worstRatioRow.row,
          j: a.worstRatioRow.j,
          k: a.worstRatioRow.k,
        });
        expect(other.worstZeroRow).toMatchObject({
          row: a.worstZeroRow!.row,
          j: a.worstZeroRow!.j,
          k: a.worstZeroRow!.k,
        });
      }
      // Same computed logits (the products are exact), so the same numbers; only the bounds differ.
      expect(b.worstSpread).toBe(a.worstSpread);
      expect(b.worstMargin).toBe(a.worstMargin);
      expect(a.worstRatioRow.errorBound).toBeGreaterThanOrEqual(b.worstRatioRow.errorBound);
    }
  });
});

/** Projected-layout certificate of SPEC §3, built here independently of src/construction. */
function projectedCertificate(random: RandomSource, W: SparseTarget, d: number, delta: number): Certificate {
  const L = W.L;
  const G = gaussianMatrix(random, L, d, 1 / Math.sqrt(d));
  const B = denseMatrix(L, L);
  for (const [i, j, w] of W.entries()) B.data[i * L + j] = delta + Math.log(w) - W.rowLogMin[i]!;
  const BG = mlProduct(B, G);
  // X = [sqrt(d)·B G | G], WQ = [I; 0], WK = [0; I]: the certificate whose projections are sqrt(d)·B G and G.
  return factorsAsCertificate(
    denseMatrix(
      L,
      d,
      BG.data.map((v) => Math.sqrt(d) * v),
    ),
    G,
  );
}

/** Fixed-module-layout certificate of SPEC §3: X = [B | I_L], WQ = [sqrt(d) G; 0], WK = [0; G]. */
function fixedCertificate(random: RandomSource, W: SparseTarget, d: number, delta: number): Certificate {
  const L = W.L;
  const G = gaussianMatrix(random, L, d, 1 / Math.sqrt(d));
  const X = denseMatrix(L, 2 * L);
  for (const [i, j, w] of W.entries()) X.data[i * 2 * L + j] = delta + Math.log(w) - W.rowLogMin[i]!;
  for (let i = 0; i < L; i++) X.data[i * 2 * L + L + i] = 1;
  const WQ = denseMatrix(2 * L, d);
  const WK = denseMatrix(2 * L, d);
  for (let s = 0; s < L; s++)
    for (let t = 0; t < d; t++) {
      WQ.data[s * d + t] = Math.sqrt(d) * G.data[s * d + t]!;
      WK.data[(L + s) * d + t] = G.data[s * d + t]!;
    }
  return { X, WQ, WK, d };
}

describe('verifyCertificate on random certificates', () => {
  const eps = 0.5;
  const gamma = 0.5;
  const delta = Math.log(1 / gamma) + Math.log1p(eps);
  const builders = { projected: projectedCertificate, fixed: fixedCertificate };
  for (const [layout, build] of Object.entries(builders)) {
    it(`${layout} layout: agrees with verifyFactors on ml-matrix's X WQ, X WK and with the dense verifier`, () => {
      const statuses = new Set<string>();
      for (let trial = 0; trial < trials(16, 4); trial++) {
        const random = createRandom(deriveSeed(layout === 'fixed' ? 11 : 12, trial));
        const L = 6 + Math.floor(random.next() * 10);
        const W = randomTarget(random, L, 2, 0.5);
        const d = [4, 16, 256, 512][trial % 4]!;
        const cert = build(random, W, d, delta);
        const a = verifyCertificate(W, cert, { epsilon: eps, gamma });
        const b = verifyFactors(W, mlProduct(cert.X, cert.WQ), mlProduct(cert.X, cert.WK), { epsilon: eps, gamma });
        const c = denseVerifyCertificate(W, cert, { epsilon: eps, gamma });
        statuses.add(a.status);
        for (const other of [b, c]) {
          expect([other.status, other.r1, other.r2]).toEqual([a.status, a.r1, a.r2]);
          expect(other.rows).toEqual(a.rows);
          expect(other.worstRatioRow).toMatchObject({
            row: a.worstRatioRow.row,
            j: a.worstRatioRow.j,
            k: a.worstRatioRow.k,
          });
          expect(other.worstZeroRow).toMatchObject({
            row: a.worstZeroRow!.row,
            j: a.worstZeroRow!.j,
            k: a.worstZeroRow!.k,
          });
        }
        // tolerance: a's value is within a's bound of the exact spread of X WQ, X WK; b's is within b's bound of
        // the exact spread of ml-matrix's rounded products, which differ from the exact ones by at most the
        // product-rounding part of a's bound (same gamma_{nnz} analysis); so 2·a + b.
        const tolSpread = 2 * a.worstRatioRow.errorBound + b.worstRatioRow.errorBound;
        expect(Math.abs(a.worstSpread - b.worstSpread)).toBeLessThanOrEqual(tolSpread);
        const tolMargin = 2 * a.worstZeroRow!.errorBound + b.worstZeroRow!.errorBound;
        expect(Math.abs(a.worstMargin - b.worstMargin)).toBeLessThanOrEqual(tolMargin);
      }
      // The trials cover both outcomes (small d fails, large d passes), so the agreement is not vacuous.
      expect(statuses).toEqual(new Set(['pass', 'fail']));
    });
  }
});

describe('projectInputs (zero-skipping X·P)', () => {
  it('matches the exact product on a sparse integer X', () => {
    const random = createRandom(5);
    const X = denseMatrix(7, 9);
    for (let p = 0; p < X.data.length; p++) if (random.next() < 0.25) X.data[p] = Math.floor(random.next() * 21) - 10;
    const P = denseMatrix(
      9,
      3,
      Float64Array.from({ length: 27 }, () => Math.floor(random.next() * 21) - 10),
    );
    // Small integers: every product and sum is exact in binary64, so ml-matrix's product is the exact one.
    expect(Array.from(projectInputs(X, P).product.data)).toEqual(Array.from(mlProduct(X, P).data));
    // Same with P's rows made sparse (one or no nonzero per row, like WQ = [I; 0]), in both variants.
    const sparseP = denseMatrix(9, 12);
    for (let s = 0; s < 9; s++) if (s % 3 !== 2) sparseP.data[s * 12 + ((5 * s) % 12)] = s - 4;
    for (let t = 0; t < 12; t++) sparseP.data[2 * 12 + t] = t - 6; // one dense row among them
    const exact = Array.from(mlProduct(X, sparseP).data);
    expect(Array.from(projectInputs(X, sparseP).product.data)).toEqual(exact);
    expect(Array.from(compensatedProjection(X, sparseP).product.data)).toEqual(exact);
  });

  it('sparseRows lists the nonzero columns of sparse rows and flags dense ones', () => {
    const r = sparseRows(
      mat([
        [0, 3, 0, 0, 0, 0, 0, 0],
        [1, 2, 3, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0, 0],
      ]),
    );
    expect(Array.from(r.dense)).toEqual([0, 1, 0]);
    expect(Array.from(r.start)).toEqual([0, 1, 1, 1]);
    expect(Array.from(r.columns)).toEqual([1]);
  });

  it('stays within its radius of a compensated (nearly exact) product on random sparse data', () => {
    const random = createRandom(6);
    const X = denseMatrix(20, 40);
    for (let p = 0; p < X.data.length; p++)
      if (random.next() < 0.2) X.data[p] = (2 * random.next() - 1) * 10 ** (4 * random.next() - 2);
    const P = gaussianMatrix(random, 40, 8, 3);
    const fast = projectInputs(X, P);
    const accurate = compensatedProjection(X, P);
    for (let i = 0; i < 20; i++) {
      let sq = 0;
      for (let t = 0; t < 8; t++) sq += (fast.product.data[i * 8 + t]! - accurate.product.data[i * 8 + t]!) ** 2;
      // tolerance: both radii are rigorous bounds on the distance to the same exact row; 1 + 8u covers the test's own norm
      expect(Math.sqrt(sq)).toBeLessThanOrEqual((fast.radius[i]! + accurate.radius[i]!) * (1 + 8 * u));
      expect(accurate.radius[i]!).toBeLessThanOrEqual(fast.radius[i]!);
    }
  });

  it('gives rows of X with one nonzero a radius of a single rounding', () => {
    const X = mat([
      [0, 3, 0],
      [0, 0, 0],
    ]);
    const P = mat([
      [1, 1],
      [0.1, 0.2],
      [5, 5],
    ]);
    const { product, radius } = projectInputs(X, P);
    expect(Array.from(product.data)).toEqual([3 * 0.1, 3 * 0.2, 0, 0]);
    // gamma_1 = u/(1-u); radius = 2·gamma_1·3·||(0.1, 0.2)|| (+ negligible underflow allowance)
    expect(radius[0]!).toBeLessThan(3 * 3 * Math.hypot(0.1, 0.2) * u);
    expect(radius[1]!).toBeLessThan(1e-290);
  });
});
