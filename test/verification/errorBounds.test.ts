import { describe, expect, it } from 'vitest';
import { denseMatrix, type DenseMatrix } from '../../src/matrix/denseMatrix.js';
import { precisionLogs } from '../../src/precision/precision.js';
import { deriveSeed } from '../../src/random/deriveSeed.js';
import { createRandom } from '../../src/random/randomSource.js';
import { SparseTarget } from '../../src/targets/sparseTarget.js';
import { compensatedDot } from '../../src/verification/compensatedDot.js';
import { gammaBound, SUM_INFLATION, TINY_PER_TERM, vectorNorm } from '../../src/verification/roundingBounds.js';
import { expectWorstRows, firstPassBound, plainLogits, rowFacts, u } from './boundFormulas.js';
import { verifyFactors } from '../../src/verification/verifyFactors.js';
import { gaussianMatrix, randomTarget } from './helpers.js';

// The error bounds the verifier reports are its documented formulas (src/verification/checkRun.ts), evaluated
// in the documented order: recomputed here from the factors, they must agree bit for bit with the bounds of
// the worst rows, for the first pass and for the compensated re-check. Their soundness (the exact logits lie
// within them) is checked against exact rational arithmetic in extremeNumerics.test.ts; this file pins the
// arithmetic itself, which a verdict alone rarely exposes (a bound a little larger or smaller changes a
// verdict only within a few ulps of a threshold).

/** The re-check's logits and bound: Dot2 logits, E_i = max_j 2·(gamma_4|c_ij| + gamma_d²||q_i|| ||k_j||/sqrt(d)) + tiny. */
function compensatedLogits(Q: DenseMatrix, K: DenseMatrix, i: number, scale: number): { c: Float64Array; E: number } {
  const d = Q.cols;
  const c = new Float64Array(K.rows);
  const g = gammaBound(d);
  const nq = vectorNorm(Q.data, i * d, d);
  let E = 0;
  for (let j = 0; j < K.rows; j++) {
    c[j] = compensatedDot(Q.data, i * d, K.data, j * d, d) * scale;
    const nk = vectorNorm(K.data, j * d, d);
    E = Math.max(E, 2 * (gammaBound(4) * Math.abs(c[j]!) + (g * g * nq * nk + 0 * nk + nq * 0) * scale) + (d + 8) * TINY_PER_TERM);
  }
  return { c, E };
}

describe('reported error bounds are the documented formulas, bit for bit', () => {
  it('first pass: spread and margin bounds of the worst rows, on seeded random factors (60 cases)', () => {
    let singleWorst = 0;
    for (let trial = 0; trial < 60; trial++) {
      const random = createRandom(deriveSeed(9090, trial));
      const L = 3 + Math.floor(random.next() * 5);
      const d = 1 + Math.floor(random.next() * 6);
      const W = randomTarget(random, L, 1 + Math.floor(random.next() * 3), 4 * random.next());
      const Q = gaussianMatrix(random, L, d, 0.5 + 3 * random.next());
      const K = gaussianMatrix(random, L, d, 1);
      const scale = 1 / Math.sqrt(d);
      const facts = Array.from({ length: L }, (_, i) => rowFacts(W, i, plainLogits(Q, K, i, scale), firstPassBound(Q, K, i, scale)));
      const v = verifyFactors(W, Q, K, { epsilon: 0.2 + random.next(), gamma: 0.2 + 0.6 * random.next() }, { refine: false, kernel: 'js' });
      expectWorstRows(v, W, facts);
      expect(v.refinedRows).toBe(0);
      if (v.worstRatioRow.spread === 0) singleWorst++;
    }
    // the control: most cases have a multi-entry worst row, so the spread formula is really exercised
    expect(singleWorst).toBeLessThan(30);
  });

  it('a zero query row: its logit bound is the underflow allowance (d + 8)·2^-1000 alone, and it shows', () => {
    // Row 0 has weights 1 and 1 and logits 0: D is 0 everywhere, so the spread bound is 2·E·(1 + 2^-20)
    // with E = (d + 8)·2^-1000 exactly; row 1 (single support) has margin 0 with bound 2·E·(1 + 2^-20).
    const W = SparseTarget.fromEntries(2, [[0, 0, 1], [0, 1, 1], [1, 1, 1]]);
    const d = 3;
    const Q = denseMatrix(2, d);
    const K = denseMatrix(2, d, Float64Array.from([1, 2, 3, 4, 5, 6]));
    const v = verifyFactors(W, Q, K, { epsilon: 0.5, gamma: 0.5 }, { refine: false, kernel: 'js' });
    const E = (d + 8) * TINY_PER_TERM;
    expect(v.worstRatioRow).toEqual({ row: 0, j: 0, k: 0, spread: 0, errorBound: 2 * E * SUM_INFLATION });
    expect(v.worstZeroRow).toEqual({ row: 1, j: 0, k: 1, margin: 0, errorBound: 2 * E * SUM_INFLATION });
    // margin 0 > ln(0.5): (R2) fails in row 1, far outside its tiny bound; (R1) holds exactly
    expect([v.status, v.r1, v.r2]).toEqual(['fail', 'holds', 'fails']);
  });

  it('the same bounds with the WebAssembly kernel and any block size (the bound does not depend on the kernel)', () => {
    const random = createRandom(4242);
    const W = randomTarget(random, 9, 3, 3);
    const Q = gaussianMatrix(random, 9, 5, 2);
    const K = gaussianMatrix(random, 9, 5, 1);
    const a = verifyFactors(W, Q, K, { epsilon: 0.5, gamma: 0.5 }, { refine: false, kernel: 'js' });
    for (const blockRows of [1, 4, 64]) expect(verifyFactors(W, Q, K, { epsilon: 0.5, gamma: 0.5 }, { refine: false, kernel: 'wasm', blockRows })).toEqual(a);
  });

  it('compensated re-check: a row made too close to call in the first pass is re-checked with the Dot2 bound', () => {
    let refined = 0;
    for (let trial = 0; trial < 40; trial++) {
      const random = createRandom(deriveSeed(7070, trial));
      const L = 3 + Math.floor(random.next() * 4);
      const d = 2 + Math.floor(random.next() * 5);
      const W = randomTarget(random, L, 2, 3 * random.next());
      const Q = gaussianMatrix(random, L, d, 2);
      const K = gaussianMatrix(random, L, d, 1);
      const scale = 1 / Math.sqrt(d);
      const first = Array.from({ length: L }, (_, i) => rowFacts(W, i, plainLogits(Q, K, i, scale), firstPassBound(Q, K, i, scale)));
      // epsilon with rho = the largest first-pass spread: that row sits on the threshold, within its bound
      const worstSpread = Math.max(...first.map((f) => f.spread));
      if (worstSpread === 0) continue;
      const epsilon = Math.expm1(worstSpread);
      const logs = precisionLogs({ epsilon, gamma: 0.5 });
      const v = verifyFactors(W, Q, K, { epsilon, gamma: 0.5 }, { kernel: 'js' });
      // rows whose (R1) or (R2) was within the first-pass bound of its threshold are re-checked
      const close = first.filter((f) => Math.abs(f.spread - logs.rho) <= f.spreadBound + 4 * u * logs.rho || Math.abs(f.margin - logs.logGamma) <= f.marginBound + 4 * u * Math.abs(logs.logGamma));
      expect(v.refinedRows).toBe(close.length);
      expect(v.refinedRows).toBeGreaterThan(0);
      refined++;
      // Every refined row's facts now come from the compensated logits and their bound; the others keep the first pass's.
      const after = first.map((f, i) => {
        if (!close.includes(f)) return f;
        const { c, E } = compensatedLogits(Q, K, i, scale);
        const g = rowFacts(W, i, c, E);
        const r1Close = Math.abs(f.spread - logs.rho) <= f.spreadBound + 4 * u * logs.rho;
        const r2Close = Math.abs(f.margin - logs.logGamma) <= f.marginBound + 4 * u * Math.abs(logs.logGamma);
        return {
          ...(r1Close ? { spread: g.spread, spreadBound: g.spreadBound, maxD: g.maxD, argMaxD: g.argMaxD, argMinD: g.argMinD } : { spread: f.spread, spreadBound: f.spreadBound, maxD: f.maxD, argMaxD: f.argMaxD, argMinD: f.argMinD }),
          ...(r2Close ? { margin: g.margin, marginBound: g.marginBound, argMaxOff: g.argMaxOff, argMinSupport: g.argMinSupport } : { margin: f.margin, marginBound: f.marginBound, argMaxOff: f.argMaxOff, argMinSupport: f.argMinSupport }),
        };
      });
      expectWorstRows(v, W, after);
      // the Dot2 bound is far tighter than the first pass's (gamma_d² against gamma_d)
      const worstRow = v.worstRatioRow.row;
      if (close.includes(first[worstRow]!)) expect(v.worstRatioRow.errorBound).toBeLessThan(first[worstRow]!.spreadBound);
    }
    expect(refined).toBeGreaterThan(20); // the control: the construction of near-threshold cases works
  });
});
