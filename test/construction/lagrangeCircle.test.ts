import { describe, expect, it } from 'vitest';
import type { Certificate } from '../../src/certificates/certificate.js';
import { lagrangeCircle } from '../../src/construction/lagrangeCircle.js';
import { InputRangeError } from '../../src/errors/inputError.js';
import { SparseTarget } from '../../src/targets/sparseTarget.js';
import { randomTarget } from './helpers.js';
import { checkLagrangeContract, lagrangeDeviation, PRECISION } from './lagrangeContract.js';

const build = (W: SparseTarget, d: number, extra: object = {}): Certificate =>
  lagrangeCircle.construct(W, { ...PRECISION, d, ...extra });

describe('lagrange-circle (SPEC §7.1)', () => {
  it('d0 = 2S + 1, whatever L', () => {
    expect([1, 2, 3, 4].map(lagrangeCircle.baseDimension)).toEqual([3, 5, 7, 9]);
    expect(build(randomTarget(512, 2, 3), 5).d).toBe(5);
  });

  for (const pattern of ['random', 'banded', 'mixed'] as const)
    it(`is exact on the support and at most −Delta elsewhere, from its own numbers (${pattern} targets, S <= 3, exact logits)`, () => {
      checkLagrangeContract(lagrangeCircle, { S: 3, maxL: 24, pattern, runs: 25, tolerance: 1e-7 });
    });

  it('M_i is the smallest constant that works: the largest off-support logit of every row is −Delta (to 1e-9)', () => {
    for (const [L, S, seed] of [
      [17, 1, 1],
      [40, 2, 2],
      [33, 3, 3],
    ] as const) {
      const W = randomTarget(L, S, seed);
      const dev = lagrangeDeviation(W, build(W, lagrangeCircle.baseDimension(W.maxRowCount)));
      expect(Math.abs(dev.slack)).toBeLessThanOrEqual(1e-9); // absolute, log space
    }
  });

  it('reaches the row values through row scales of 10^±250 (only ratios matter)', () => {
    const W = SparseTarget.fromEntries(8, [
      [0, 1, 1e-250],
      [0, 5, 3e-250],
      [1, 2, 1e250],
      [2, 3, 7],
      ...[3, 4, 5, 6, 7].map((i) => [i, (i + 1) % 8, 1] as const),
    ]);
    const dev = lagrangeDeviation(W, build(W, 5));
    expect(dev.support).toBeLessThanOrEqual(1e-12); // absolute, log space
    expect(dev.offSupport).toBeLessThanOrEqual(1e-12);
  });

  it('ignores the seed and pads d > d0 with zero columns, leaving the logits unchanged', () => {
    const W = randomTarget(30, 2, 5);
    const a = build(W, 5, { seed: 1 });
    const b = build(W, 5, { seed: 2 });
    expect(Buffer.from(a.X.data.buffer).equals(Buffer.from(b.X.data.buffer))).toBe(true);
    const wide = build(W, 8);
    const m = 16;
    for (let i = 0; i < 30; i++)
      for (let t = 0; t < 8; t++) {
        const [q, k] = [wide.X.data[i * m + t]!, wide.X.data[i * m + 8 + t]!];
        if (t >= 5) expect([q, k]).toEqual([0, 0]);
        else {
          expect(q / Math.sqrt(8)).toBeCloseTo(a.X.data[i * 10 + t]! / Math.sqrt(5), 9); // same query, rescaled by sqrt(d)
          expect(k).toBe(a.X.data[i * 10 + 5 + t]!); // same key, bit for bit
        }
      }
  });

  it('refuses d below d0, the fixed layout and rows over 16 entries, naming the field', () => {
    const W = randomTarget(30, 2, 6);
    expect(() => build(W, 4)).toThrow(InputRangeError);
    expect(() => build(W, 4)).toThrow(/lagrange-circle needs d >= 5 for rows of S = 2 entries, got 4/);
    expect(() => build(W, 5, { layout: 'fixed' })).toThrow(/projected layout only/);
    const dense = SparseTarget.fromEntries(
      17,
      Array.from({ length: 17 * 17 }, (_, k) => [Math.floor(k / 17), k % 17, 1] as const),
    );
    try {
      build(dense, 40);
      expect.unreachable();
    } catch (error) {
      expect((error as InputRangeError).location.field).toBe('S');
    }
  });
});
