import { describe, expect, it } from 'vitest';
import { denseMatrix, type DenseMatrix } from '../../src/matrix/denseMatrix.js';
import { deriveSeed } from '../../src/random/deriveSeed.js';
import { createRandom, type RandomSource } from '../../src/random/randomSource.js';
import { compensatedDot } from '../../src/verification/_internals/compensatedDot.js';
import { compensatedProjection } from '../../src/verification/_internals/compensatedProjection.js';
import { projectInputs, projectInputsTogether } from '../../src/verification/_internals/inputProjection.js';
import { sparseRows } from '../../src/verification/_internals/sparseRows.js';
import { projectionSetup } from '../../src/verification/_internals/projectionSetup.js';
import {
  gammaBound,
  TINY_PER_TERM,
  UNIT_ROUNDOFF,
  vectorNorm,
} from '../../src/verification/_internals/roundingBounds.js';
import { verifyCertificate } from '../../src/verification/verifyCertificate.js';
import type { Certificate } from '../../src/certificates/certificate.js';
import type { SparseTarget } from '../../src/targets/sparseTarget.js';
import {
  afterRecheck,
  compensatedLogits,
  epsilonAtWorstSpread,
  expectWorstRows,
  firstPassBound,
  plainLogits,
  rowFacts,
  type RowFacts,
} from './boundFormulas.js';
import { precisionLogs } from '../../src/precision/precision.js';
import { randomTarget } from './helpers.js';

// The projections X·WQ and X·WK of a certificate and their per-row radii are the documented formulas
// (src/verification/_internals/inputProjection.ts, compensatedProjection.ts): recomputed here in the documented order,
// they must agree bit for bit, and the verifier's first-pass bounds must fold the radii in as documented
// (checkRun.ts). Soundness of the radii against exact products is in certificate.test.ts.

/** A random L×m matrix with about a `density` share of nonzero entries (some rows all zero, some dense). */
function sparseMatrix(random: RandomSource, rows: number, cols: number, density: number): DenseMatrix {
  const M = denseMatrix(rows, cols);
  for (let p = 0; p < rows * cols; p++)
    if (random.next() < density) M.data[p] = (random.next() - 0.5) * 2 ** Math.floor(random.next() * 20 - 10);
  return M;
}

/** Column t of P as a contiguous vector. */
function column(P: DenseMatrix, t: number): Float64Array {
  return Float64Array.from({ length: P.rows }, (_, s) => P.data[s * P.cols + t]!);
}

/** The documented sums: row i of X·P accumulated over the nonzeros of X_i in order, and the weighted norm sum. */
function expected(X: DenseMatrix, P: DenseMatrix, i: number): { row: Float64Array; terms: number; weighted: number } {
  const row = new Float64Array(P.cols);
  let terms = 0;
  let weighted = 0;
  for (let s = 0; s < X.cols; s++) {
    const a = X.data[i * X.cols + s]!;
    if (a === 0) continue;
    terms++;
    weighted += Math.abs(a) * vectorNorm(P.data, s * P.cols, P.cols);
    for (let t = 0; t < P.cols; t++) if (P.data[s * P.cols + t] !== 0) row[t]! += a * P.data[s * P.cols + t]!;
  }
  return { row, terms, weighted };
}

/** A random certificate for a random target, with the first pass's facts of every row recomputed from the documented formulas. */
function certificateCase(random: RandomSource): {
  W: SparseTarget;
  cert: Certificate;
  scale: number;
  facts: RowFacts[];
} {
  const L = 3 + Math.floor(random.next() * 5);
  const m = 2 + Math.floor(random.next() * 6);
  const d = 1 + Math.floor(random.next() * 4);
  const W = randomTarget(random, L, 2, 3 * random.next());
  const cert = {
    X: sparseMatrix(random, L, m, 0.7),
    WQ: sparseMatrix(random, m, d, 0.8),
    WK: sparseMatrix(random, m, d, 0.8),
    d,
  };
  const q = projectInputs(cert.X, cert.WQ);
  const k = projectInputs(cert.X, cert.WK);
  const scale = 1 / Math.sqrt(d);
  const facts = Array.from({ length: L }, (_, i) =>
    rowFacts(
      W,
      i,
      plainLogits(q.product, k.product, i, scale),
      firstPassBound(q.product, k.product, i, scale, q.radius, k.radius),
    ),
  );
  return { W, cert, scale, facts };
}

describe('projections of a certificate and their radii, bit for bit', () => {
  const cases = Array.from({ length: 30 }, (_, trial) => {
    const random = createRandom(deriveSeed(6060, trial));
    const L = 2 + Math.floor(random.next() * 6);
    const m = 1 + Math.floor(random.next() * 8);
    // d up to 16: rows of P with a few nonzeros (at most d/4) take the sparse path of the projections,
    // the others the dense one; both must give the documented sums.
    const d = 1 + Math.floor(random.next() * 16);
    return {
      X: sparseMatrix(random, L, m, 0.2 + 0.7 * random.next()),
      P: sparseMatrix(random, m, d, 0.15 + 0.8 * random.next()),
    };
  });

  it('projectInputs: the zero-skipping product, radius 2·gamma_n·sum_s |X_is|·||P_s|| + sqrt(d)·(n + 1)·2^-1000', () => {
    for (const { X, P } of cases) {
      const { product, radius } = projectInputs(X, P);
      expect([product.rows, product.cols]).toEqual([X.rows, P.cols]);
      for (let i = 0; i < X.rows; i++) {
        const { row, terms, weighted } = expected(X, P, i);
        expect(Array.from(product.data.subarray(i * P.cols, (i + 1) * P.cols))).toEqual(Array.from(row));
        expect(radius[i]).toBe(2 * gammaBound(terms) * weighted + Math.sqrt(P.cols) * (terms + 1) * TINY_PER_TERM);
      }
    }
  });

  it('projectInputs (and projectInputsTogether) skip the rows of P without a nonzero (sparseRows.active) and still give the documented sums', () => {
    for (let trial = 0; trial < 20; trial++) {
      const random = createRandom(deriveSeed(6161, trial));
      const m = 4 + Math.floor(random.next() * 12);
      const d = 4 + Math.floor(random.next() * 12);
      const X = sparseMatrix(random, 3 + Math.floor(random.next() * 5), m, 0.3 + 0.7 * random.next());
      // Rows of P: all zero, one nonzero (sparse), or dense, at random; the projected layout's WQ = [I_d; 0] is of this kind.
      const P = denseMatrix(m, d);
      const kinds = Array.from({ length: m }, () => Math.floor(random.next() * 3));
      kinds.forEach((kind, s) => {
        if (kind === 1) P.data[s * d + Math.floor(random.next() * d)] = random.next() - 0.5;
        if (kind === 2) for (let t = 0; t < d; t++) P.data[s * d + t] = random.next() - 0.5;
      });
      expect(Array.from(sparseRows(P).active)).toEqual(kinds.flatMap((kind, s) => (kind === 0 ? [] : [s])));
      const { product, radius } = projectInputs(X, P);
      for (let i = 0; i < X.rows; i++) {
        const { row, terms, weighted } = expected(X, P, i);
        expect(Array.from(product.data.subarray(i * d, (i + 1) * d))).toEqual(Array.from(row));
        expect(radius[i]).toBe(2 * gammaBound(terms) * weighted + Math.sqrt(d) * (terms + 1) * TINY_PER_TERM);
      }
      // Both products of the verifier in one pass over X (sharing each row's nonzero count): the same bits.
      const P2 = denseMatrix(
        m,
        d,
        P.data.map((v, k) => (k % 3 === 0 ? 0 : v * 3 - 1 / (k + 1))),
      );
      const [first, second] = projectInputsTogether(X, [P, P2]);
      expect(first).toEqual({ product, radius }); // tolerance: none (Object.is per entry)
      for (let i = 0; i < X.rows; i++) {
        const { row, terms, weighted } = expected(X, P2, i);
        expect(Array.from(second.product.data.subarray(i * d, (i + 1) * d))).toEqual(Array.from(row)); // tolerance: none
        expect(second.radius[i]).toBe(2 * gammaBound(terms) * weighted + Math.sqrt(d) * (terms + 1) * TINY_PER_TERM);
      }
    }
  });

  it('compensatedProjection: Dot2 entries, radius 2·(u·||row|| + gamma_n²·sum_s |X_is|·||P_s||) + sqrt(d)·(n + 1)·2^-1000', () => {
    for (const { X, P } of cases) {
      const { product, radius } = compensatedProjection(X, P);
      expect(projectInputs(X, P, true)).toEqual({ product, radius });
      for (let i = 0; i < X.rows; i++) {
        const { terms, weighted } = expected(X, P, i);
        const xi = X.data.subarray(i * X.cols, (i + 1) * X.cols);
        // zero terms are exact in Dot2, so skipping them gives the same entries as the full compensated dot product
        const row = Float64Array.from({ length: P.cols }, (_, t) => compensatedDot(xi, 0, column(P, t), 0, X.cols));
        expect(Array.from(product.data.subarray(i * P.cols, (i + 1) * P.cols))).toEqual(Array.from(row));
        const g = gammaBound(terms);
        expect(radius[i]).toBe(
          2 * (UNIT_ROUNDOFF * vectorNorm(row, 0, P.cols) + g * g * weighted) +
            Math.sqrt(P.cols) * (terms + 1) * TINY_PER_TERM,
        );
      }
    }
  });

  it('the first pass of verifyCertificate folds the radii into its logit bounds as documented', () => {
    for (let trial = 0; trial < 30; trial++) {
      const random = createRandom(deriveSeed(6161, trial));
      const { W, cert, facts } = certificateCase(random);
      const v = verifyCertificate(
        W,
        cert,
        { epsilon: 0.2 + random.next(), gamma: 0.2 + 0.6 * random.next() },
        { refine: false, kernel: 'js' },
      );
      expectWorstRows(v, W, facts);
    }
  });

  it('the compensated re-check of verifyCertificate folds the compensated radii into its logit bounds as documented', () => {
    let refined = 0;
    for (let trial = 0; trial < 40; trial++) {
      const { W, cert, scale, facts: first } = certificateCase(createRandom(deriveSeed(6262, trial)));
      const epsilon = epsilonAtWorstSpread(first);
      if (epsilon === null) continue;
      const v = verifyCertificate(W, cert, { epsilon, gamma: 0.5 }, { kernel: 'js' });
      const qc = compensatedProjection(cert.X, cert.WQ);
      const kc = compensatedProjection(cert.X, cert.WK);
      const { close, after } = afterRecheck(first, precisionLogs({ epsilon, gamma: 0.5 }), (i) => {
        const { c, E } = compensatedLogits(qc.product, kc.product, i, scale, qc.radius, kc.radius);
        return rowFacts(W, i, c, E);
      });
      expect(v.refinedRows).toBe(close.length);
      expectWorstRows(v, W, after);
      if (close.length > 0) refined++;
    }
    expect(refined).toBeGreaterThan(20); // the control: most cases really go through the re-check
  });
});

describe('projectionSetup: the row norms of P', () => {
  it("are vectorNorm of each whole row, bit for bit, though a sparse row's are taken from its nonzeros alone", () => {
    const random = createRandom(7171);
    for (let trial = 0; trial < 30; trial++) {
      const m = 1 + Math.floor(random.next() * 20);
      const d = 1 + Math.floor(random.next() * 24);
      const P = denseMatrix(m, d);
      for (let s = 0; s < m; s++) {
        const count = Math.floor(random.next() * 3) === 0 ? d : Math.floor(random.next() * (d / 4 + 1));
        for (let n = 0; n < count; n++) {
          const scale = [1, 2 ** -1074, 2 ** -1060, 2 ** 1000, 2 ** -537][Math.floor(random.next() * 5)]!;
          P.data[s * d + Math.floor(random.next() * d)] = (random.next() < 0.1 ? -0 : random.next() - 0.5) * scale;
        }
      }
      const { pNorm, rows } = projectionSetup(denseMatrix(1, m), P);
      for (let s = 0; s < m; s++)
        expect(Object.is(pNorm[s], vectorNorm(P.data, s * d, d)), `trial ${trial}, row ${s}`).toBe(true);
      expect(rows.columns.length + rows.dense.filter((x) => x === 1).length).toBeGreaterThan(0);
    }
  });
});
