import { describe, expect, it } from 'vitest';
import type { Certificate } from '../../src/certificates/certificate.js';
import { lagrangeTorus } from '../../src/construction/lagrangeTorus.js';
import { MAX_CERTIFICATE_NUMBERS } from '../../src/construction/construct.js';
import { InputRangeError } from '../../src/errors/inputError.js';
import { SparseTarget } from '../../src/targets/sparseTarget.js';
import { randomTarget } from './helpers.js';
import { checkLagrangeContract, lagrangeDeviation, PRECISION } from './lagrangeContract.js';

const build = (W: SparseTarget, d: number, extra: object = {}): Certificate =>
  lagrangeTorus.construct(W, { ...PRECISION, d, ...extra });

describe('lagrange-torus (SPEC §7.2)', () => {
  it('d0 = 2S² + 2S + 1: 5, 13, 25 for S = 1, 2, 3', () => {
    expect([1, 2, 3].map(lagrangeTorus.baseDimension)).toEqual([5, 13, 25]);
  });

  for (const pattern of ['random', 'blockDiagonal', 'mixed'] as const)
    it(`is exact on the support and at most −Delta elsewhere, from its own numbers (${pattern} targets, S <= 3, exact logits)`, () => {
      checkLagrangeContract(lagrangeTorus, { S: 3, maxL: 30, pattern, runs: 20, tolerance: 1e-7 });
    });

  it('works when L is not a square (n = ceil(sqrt L), part of the last grid row empty) and at L = 2', () => {
    for (const [L, S, seed] of [
      [2, 1, 1],
      [10, 2, 2],
      [17, 3, 3],
      [26, 2, 4],
    ] as const) {
      const W = randomTarget(L, S, seed);
      const dev = lagrangeDeviation(W, build(W, lagrangeTorus.baseDimension(W.maxRowCount)));
      expect(dev.support).toBeLessThanOrEqual(1e-9); // absolute, log space
      expect(dev.offSupport).toBeLessThanOrEqual(1e-9);
    }
  });

  it('S = 1: M = a/h is attained at the grid neighbours, so the largest off-support logit is −Delta (to 1e-9)', () => {
    const W = randomTarget(25, 1, 9);
    expect(Math.abs(lagrangeDeviation(W, build(W, 5)).slack)).toBeLessThanOrEqual(1e-9); // absolute, log space
  });

  it('ignores the seed', () => {
    const W = randomTarget(20, 2, 5);
    expect(
      Buffer.from(build(W, 13, { seed: 1 }).X.data.buffer).equals(
        Buffer.from(build(W, 13, { seed: 99 }).X.data.buffer),
      ),
    ).toBe(true);
  });

  it('refuses d below d0, and an S whose d0 would make the certificate too large (field S)', () => {
    const W = randomTarget(20, 3, 6);
    expect(() => build(W, 24)).toThrow(/lagrange-torus needs d >= 25 for rows of S = 3 entries, got 24/);
    // S = 16: d0 = 545; at L = 2^17 the projected certificate holds 2^17·1090 + 4·545² > 2^27 numbers.
    const L = 2 ** 17;
    const entries: Array<[number, number, number]> = [];
    for (let i = 0; i < L; i++) for (let t = 0; t < (i === 0 ? 16 : 1); t++) entries.push([i, (i + t * 4099) % L, 1]);
    const wide = SparseTarget.fromEntries(L, entries);
    expect(L * 1090 + 4 * 545 ** 2).toBeGreaterThan(MAX_CERTIFICATE_NUMBERS);
    try {
      build(wide, 545);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputRangeError);
      expect((error as InputRangeError).location.field).toBe('S');
      expect((error as Error).message).toMatch(/d0 = 545 for S = 16/);
    }
  });
});
