import { describe, expect, it } from 'vitest';
import type { Certificate } from '../../src/certificates/certificate.js';
import { exactSupport } from '../../src/construction/exactSupport.js';
import { paperConstruction } from '../../src/construction/paperConstruction.js';
import { certificateNumbers, MAX_CERTIFICATE_NUMBERS } from '../../src/construction/construct.js';
import { projectionMatrix } from '../../src/construction/projectionMatrix.js';
import { InputRangeError, InputTypeError } from '../../src/errors/inputError.js';
import { createRandom } from '../../src/random/randomSource.js';
import { SparseTarget as Target } from '../../src/targets/sparseTarget.js';
import { exactLogits } from './exactLogits.js';
import { randomTarget } from './helpers.js';
import { PRECISION, DELTA } from './lagrangeContract.js';

const build = (W: Target, d: number, extra: object = {}): Certificate =>
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
  it('its keys are the rows of the seeded projection G (createRandom(seed), Gaussian), each scaled to unit length (to 1e-15)', () => {
    const [L, d] = [9, 5];
    const c = build(randomTarget(L, 2, 5), d);
    const G = projectionMatrix(L, d, 'gaussian', createRandom(3)).data;
    for (let j = 0; j < L; j++) {
      const row = Array.from(G.subarray(j * d, (j + 1) * d));
      const norm = Math.hypot(...row);
      // projected layout: key j is the second half of row j of X
      row.forEach((g, t) => expect(Math.abs(c.X.data[j * 2 * d + d + t]! - g / norm)).toBeLessThanOrEqual(1e-15));
    }
  });

  it('keeps a zero row of G (a degenerate RandomSource) as a zero key, without NaN', () => {
    // Every Gaussian pair from this source is (0, v): with d = 1, the keys of even columns are 0.
    const values = [0.5, 0.75];
    let k = 0;
    const random = { next: (): number => values[k++ % 2]! };
    const W = Target.fromEntries(
      4,
      Array.from({ length: 4 }, (_, i) => [i, (i + 1) % 4, 1] as const),
    );
    const c = exactSupport.construct(W, { ...PRECISION, d: 1, random });
    expect(Array.from(c.X.data).every(Number.isFinite)).toBe(true);
    expect([0, 2].map((j) => c.X.data[j * 2 + 1])).toEqual([0, 0]);
  });

  it('records the seed it drew from, and none when a RandomSource was given', () => {
    const W = randomTarget(8, 1, 2);
    expect(build(W, 4).seed).toBe(3);
    const c = exactSupport.construct(W, { ...PRECISION, d: 4, random: createRandom(3) });
    expect(Object.hasOwn(c, 'seed')).toBe(false);
    expect(Array.from(c.X.data)).toEqual(Array.from(build(W, 4).X.data)); // the same draw
  });

  it('refuses a target that is not a SparseTarget, and a certificate over the size limit (field d) before drawing it', () => {
    const notTarget = { L: 4 } as unknown as Target;
    expect(() => exactSupport.construct(notTarget, { ...PRECISION, d: 4, seed: 1 })).toThrow(
      new TypeError('exact-support needs a SparseTarget (build one with SparseTarget.fromEntries)'),
    );
    const W = randomTarget(8, 1, 3);
    expect(certificateNumbers(8, 6000, 'projected')).toBeGreaterThan(MAX_CERTIFICATE_NUMBERS);
    try {
      build(W, 6000);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputRangeError);
      expect((error as InputRangeError).location.field).toBe('d');
      expect((error as InputRangeError).problem).toMatch(
        /^a projected certificate for L = 8 and d = 6000 would hold 1\.441e\+8 numbers, more than the 134217728 attnproof builds$/,
      );
    }
  });
});
