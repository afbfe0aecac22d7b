import { describe, expect, it } from 'vitest';
import { factorCertificate } from '../../src/construction/_internals/factorCertificate.js';

describe('factorCertificate (the projected layout of Q and K)', () => {
  it('X = [sqrt(d)·Q | K], WQ = [I; 0], WK = [0; I], exactly (so the logits are Q Kᵀ)', () => {
    for (const d of [1, 2, 3, 5]) {
      const L = 3;
      const Q = Float64Array.from({ length: L * d }, (_, k) => k + 1);
      const K = Float64Array.from({ length: L * d }, (_, k) => -(k + 1) / 8);
      const c = factorCertificate(L, d, Q, K);
      expect([c.X.rows, c.X.cols, c.d, c.layout]).toEqual([L, 2 * d, d, 'projected']);
      for (let i = 0; i < L; i++)
        for (let t = 0; t < d; t++) {
          expect(c.X.data[i * 2 * d + t]).toBe(Math.sqrt(d) * Q[i * d + t]!);
          expect(c.X.data[i * 2 * d + d + t]).toBe(K[i * d + t]);
        }
      for (let r = 0; r < 2 * d; r++)
        for (let t = 0; t < d; t++) {
          expect(c.WQ.data[r * d + t]).toBe(r === t ? 1 : 0);
          expect(c.WK.data[r * d + t]).toBe(r === d + t ? 1 : 0);
        }
    }
  });
});
