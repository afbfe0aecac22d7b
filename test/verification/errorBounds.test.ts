import { describe, expect, it } from 'vitest';
import { denseMatrix } from '../../src/matrix/denseMatrix.js';
import { precisionLogs } from '../../src/precision/precision.js';
import { deriveSeed } from '../../src/random/deriveSeed.js';
import { createRandom } from '../../src/random/randomSource.js';
import { SparseTarget } from '../../src/targets/sparseTarget.js';
import { SUM_INFLATION, TINY_PER_TERM } from '../../src/verification/_internals/roundingBounds.js';
import {
  afterRecheck,
  compensatedLogits,
  epsilonAtWorstSpread,
  gammaAtWorstMargin,
  expectWorstRows,
  firstPassBound,
  plainLogits,
  rowFacts,
} from './boundFormulas.js';
import { verifyFactors } from '../../src/verification/verifyFactors.js';
import { gaussianMatrix, randomTarget } from './helpers.js';

// The error bounds the verifier reports are its documented formulas (src/verification/_internals/checkRun.ts), evaluated
// in the documented order: recomputed here from the factors, they must agree bit for bit with the bounds of
// the worst rows, for the first pass and for the compensated re-check. Their soundness (the exact logits lie
// within them) is checked against exact rational arithmetic in extremeNumerics.test.ts; this file pins the
// arithmetic itself, which a verdict alone rarely exposes (a bound a little larger or smaller changes a
// verdict only within a few ulps of a threshold).

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
      const facts = Array.from({ length: L }, (_, i) =>
        rowFacts(W, i, plainLogits(Q, K, i, scale), firstPassBound(Q, K, i, scale)),
      );
      const v = verifyFactors(
        W,
        Q,
        K,
        { epsilon: 0.2 + random.next(), gamma: 0.2 + 0.6 * random.next() },
        { refine: false, kernel: 'js' },
      );
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
    const W = SparseTarget.fromEntries(2, [
      [0, 0, 1],
      [0, 1, 1],
      [1, 1, 1],
    ]);
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

  it('the compensated re-check of a zero query row: the same underflow allowance, so a spread of 0 against rho = 1e-300 stays undecided', () => {
    // epsilon = 1e-300: rho = 1e-300 is below the row's bound 2·(d + 8)·2^-1000 ≈ 2e-300 in both passes.
    const W = SparseTarget.fromEntries(2, [
      [0, 0, 1],
      [0, 1, 1],
      [1, 1, 1],
    ]);
    const d = 3;
    const v = verifyFactors(
      W,
      denseMatrix(2, d),
      denseMatrix(2, d, Float64Array.from([1, 2, 3, 4, 5, 6])),
      { epsilon: 1e-300, gamma: 0.5 },
      { kernel: 'js' },
    );
    expect(v.refinedRows).toBe(1);
    expect(v.worstRatioRow).toEqual({
      row: 0,
      j: 0,
      k: 0,
      spread: 0,
      errorBound: 2 * (d + 8) * TINY_PER_TERM * SUM_INFLATION,
    });
    expect([v.status, v.r1, v.r2]).toEqual(['fail', 'inconclusive', 'fails']);
  });

  it('the same bounds with the WebAssembly kernel and any block size (the bound does not depend on the kernel)', () => {
    const random = createRandom(4242);
    const W = randomTarget(random, 9, 3, 3);
    const Q = gaussianMatrix(random, 9, 5, 2);
    const K = gaussianMatrix(random, 9, 5, 1);
    const a = verifyFactors(W, Q, K, { epsilon: 0.5, gamma: 0.5 }, { refine: false, kernel: 'js' });
    for (const blockRows of [1, 4, 64])
      expect(
        verifyFactors(W, Q, K, { epsilon: 0.5, gamma: 0.5 }, { refine: false, kernel: 'wasm', blockRows }),
      ).toEqual(a);
  });

  it('compensated re-check: a row made too close to call in the first pass is re-checked with the Dot2 bound, only in the undecided condition', () => {
    const refined = { rho: 0, logGamma: 0 };
    let keptR1 = 0;
    for (let trial = 0; trial < 40; trial++) {
      const random = createRandom(deriveSeed(7070, trial));
      const L = 3 + Math.floor(random.next() * 4);
      const d = 2 + Math.floor(random.next() * 5);
      const W = randomTarget(random, L, 2, 3 * random.next());
      const Q = gaussianMatrix(random, L, d, 2);
      const K = gaussianMatrix(random, L, d, 1);
      const scale = 1 / Math.sqrt(d);
      const first = Array.from({ length: L }, (_, i) =>
        rowFacts(W, i, plainLogits(Q, K, i, scale), firstPassBound(Q, K, i, scale)),
      );
      // Put one row on the (R1) threshold (rho at the largest spread), then, separately, one on the (R2)
      // threshold (ln gamma at the largest negative margin, with (R1) decided far from its threshold).
      const epsilon = epsilonAtWorstSpread(first);
      const gamma = gammaAtWorstMargin(first);
      const settings = [
        ...(epsilon === null ? [] : [{ on: 'rho' as const, precision: { epsilon, gamma: 0.5 } }]),
        ...(gamma === null ? [] : [{ on: 'logGamma' as const, precision: { epsilon: 1e3, gamma } }]),
      ];
      for (const { on, precision } of settings) {
        const logs = precisionLogs(precision);
        const v = verifyFactors(W, Q, K, precision, { kernel: 'js' });
        // rows whose (R1) or (R2) was within the first-pass bound of its threshold are re-checked, and
        // only their undecided condition takes the re-check's figures
        const { close, after } = afterRecheck(first, logs, (i) => {
          const { c, E } = compensatedLogits(Q, K, i, scale);
          return rowFacts(W, i, c, E);
        });
        expect(v.refinedRows).toBe(close.length);
        expect(v.refinedRows).toBeGreaterThan(0);
        refined[on]++;
        expectWorstRows(v, W, after);
        // the Dot2 bound is far tighter than the first pass's (gamma_d² against gamma_d)
        const worstRow = v.worstRatioRow.row;
        if (on === 'rho' && close.includes(worstRow))
          expect(v.worstRatioRow.errorBound).toBeLessThan(first[worstRow]!.spreadBound);
        // a re-checked row whose (R1) was decided keeps its first-pass spread and bound
        if (on === 'logGamma' && close.includes(worstRow) && v.worstRatioRow.spread > 0) {
          expect(v.worstRatioRow.errorBound).toBe(first[worstRow]!.spreadBound);
          keptR1++;
        }
      }
    }
    // the controls: the construction of near-threshold cases works for both thresholds, and the worst (R1)
    // row is often one re-checked for (R2) alone
    expect(refined.rho).toBeGreaterThan(20);
    expect(refined.logGamma).toBeGreaterThan(20);
    expect(keptR1).toBeGreaterThan(1);
  });
});
