import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/random/randomSource.js';
import { deriveSeed } from '../../src/random/deriveSeed.js';
import { denseVerifyFactors } from '../../src/verification/_internals/denseVerifier.js';
import { verifyFactors } from '../../src/verification/verifyFactors.js';
import type { Verdict } from '../../src/verification/verdict.js';
import { gaussianMatrix, nearTargetFactors, randomTarget } from './helpers.js';

const TRIALS = 120;

describe('streaming verifier vs dense pairwise verifier (ml-matrix) on seeded random inputs', () => {
  it(`agree on status, failing-row counts, worst rows and pairs, and values within the error bounds (${TRIALS} trials)`, () => {
    const seen = { pass: 0, fail: 0, r1Only: 0, r2Only: 0, fullSupport: 0 };
    for (let trial = 0; trial < TRIALS; trial++) {
      const random = createRandom(deriveSeed(20240611, trial));
      const L = 2 + Math.floor(random.next() * 23);
      const S = 1 + Math.floor(random.next() * Math.min(L, 5));
      const W = randomTarget(random, L, S, 4 * random.next());
      const epsilon = 0.05 + 3 * random.next();
      const gamma = 0.02 + 0.9 * random.next();
      let Q, K;
      if (trial % 3 === 0) {
        // Near-construction logits (C = B + noise): passes and failures of either condition both occur.
        const delta = Math.log(1 / gamma) + Math.log1p(epsilon);
        ({ Q, K } = nearTargetFactors(random, W, delta, 0.3 * random.next() * Math.log1p(epsilon)));
      } else if (trial % 3 === 1) {
        // Same with 5 extra units of margin and more noise: (R2) holds, (R1) often fails.
        const delta = Math.log(1 / gamma) + Math.log1p(epsilon) + 5;
        ({ Q, K } = nearTargetFactors(random, W, delta, 0.6 * random.next() * Math.log1p(epsilon)));
      } else {
        // Unstructured random factors.
        const d = 1 + Math.floor(random.next() * 16);
        Q = gaussianMatrix(random, L, d, 2 * random.next());
        K = gaussianMatrix(random, L, d, 2 * random.next());
      }
      const precision = { epsilon, gamma };
      const dense = denseVerifyFactors(W, Q, K, precision);
      const streams: Verdict[] = [1, 3, L, 64].map((blockRows) => verifyFactors(W, Q, K, precision, { blockRows }));
      const s = streams[0]!;
      // Block size changes nothing: every logit is the same left-to-right dot product.
      for (const other of streams.slice(1)) expect(other).toEqual(s);

      expect(s.status).toBe(dense.status);
      expect([s.r1, s.r2]).toEqual([dense.r1, dense.r2]);
      expect(s.rows).toEqual(dense.rows);
      expect(s.worstRatioRow).toMatchObject({
        row: dense.worstRatioRow.row,
        j: dense.worstRatioRow.j,
        k: dense.worstRatioRow.k,
      });
      // tolerance: the streaming value is within its rigorous bound b of the exact spread; the dense value
      // (pairwise differences of the same logits, same rounding analysis) within 1.5·b; so 2.5·b in all.
      expect(Math.abs(s.worstSpread - dense.worstSpread)).toBeLessThanOrEqual(2.5 * s.worstRatioRow.errorBound);
      if (dense.worstZeroRow === null) {
        expect(s.worstZeroRow).toBeNull();
        seen.fullSupport++;
      } else {
        expect(s.worstZeroRow).toMatchObject({
          row: dense.worstZeroRow.row,
          j: dense.worstZeroRow.j,
          k: dense.worstZeroRow.k,
        });
        // tolerance: same argument, a difference of two logits on both sides
        expect(Math.abs(s.worstMargin - dense.worstMargin)).toBeLessThanOrEqual(2.5 * s.worstZeroRow!.errorBound);
      }
      if (s.status === 'pass') seen.pass++;
      if (s.status === 'fail') seen.fail++;
      if (s.r1 === 'fails' && s.r2 === 'holds') seen.r1Only++;
      if (s.r2 === 'fails' && s.r1 === 'holds') seen.r2Only++;
    }
    // The random inputs exercise every outcome, so the agreement above is not vacuous.
    expect(seen.pass).toBeGreaterThan(10);
    expect(seen.fail).toBeGreaterThan(10);
    expect(seen.r1Only).toBeGreaterThan(3);
    expect(seen.r2Only).toBeGreaterThan(3);
    expect(seen.fullSupport).toBeGreaterThan(0);
  });
});
