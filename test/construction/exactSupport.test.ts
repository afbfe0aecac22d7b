import { describe, expect, it } from 'vitest';
import type { Certificate } from '../../src/certificates/certificate.js';
import { exactSupport } from '../../src/construction/exactSupport.js';
import { paperConstruction } from '../../src/construction/paperConstruction.js';
import { InputTypeError } from '../../src/errors/inputError.js';
import type { SparseTarget } from '../../src/targets/sparseTarget.js';
import { exactLogits } from './exactLogits.js';
import { randomTarget } from './helpers.js';
import { PRECISION, DELTA } from './lagrangeContract.js';

const build = (W: SparseTarget, d: number, extra: object = {}): Certificate =>
  exactSupport.construct(W, { ...PRECISION, d, seed: 3, ...extra });

describe('exact-support (SPEC §7.3)', () => {
  it('puts every support logit exactly at Delta + ln(W/min W) (exact logits of its numbers, to 1e-12), whatever d >= S', () => {
    for (const [L, S, d] of [
      [12, 1, 1],
      [20, 2, 2],
      [24, 3, 4],
      [16, 3, 40],
    ] as const) {
      const W = randomTarget(L, S, L + d);
      const C = exactLogits(build(W, d));
      for (let i = 0; i < L; i++) {
        const vals = Array.from(W.values.subarray(W.rowPtr[i]!, W.rowPtr[i + 1]!));
        const min = Math.min(...vals);
        Array.from(W.colIdx.subarray(W.rowPtr[i]!, W.rowPtr[i + 1]!)).forEach(
          (j, t) => expect(Math.abs(C[i]![j]! - (DELTA + Math.log(vals[t]! / min)))).toBeLessThanOrEqual(1e-12), // absolute, log space
        );
      }
    }
  });

  it('draws its keys from the seed: same seed, same certificate; another seed, other keys; both layouts give the same logits', () => {
    const W = randomTarget(16, 2, 7);
    const a = build(W, 6);
    expect(Buffer.from(a.X.data.buffer).equals(Buffer.from(build(W, 6).X.data.buffer))).toBe(true);
    expect(Buffer.from(a.X.data.buffer).equals(Buffer.from(build(W, 6, { seed: 4 }).X.data.buffer))).toBe(false);
    const fixed = build(W, 6, { layout: 'fixed' });
    const keys = (c: Certificate, i: number): number[] =>
      Array.from({ length: 6 }, (_, t) =>
        c.layout === 'fixed' ? c.WK.data[(16 + i) * 6 + t]! : c.X.data[i * 12 + 6 + t]!,
      );
    for (let i = 0; i < 16; i++) {
      const k = keys(a, i);
      expect(k).toEqual(keys(fixed, i));
      expect(Math.hypot(...k)).toBeCloseTo(1, 14); // unit keys
    }
  });

  it('needs a seed like the paper construction', () => {
    expect(() => exactSupport.construct(randomTarget(8, 1, 1), { ...PRECISION, d: 4 })).toThrow(InputTypeError);
    expect(paperConstruction.kind).toBe('random');
    expect(exactSupport.kind).toBe('random');
  });
});
