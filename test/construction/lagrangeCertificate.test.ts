import { describe, expect, it } from 'vitest';
import { MAX_CERTIFICATE_NUMBERS, certificateNumbers } from '../../src/construction/construct.js';
import { lagrangeCircle } from '../../src/construction/lagrangeCircle.js';
import { lagrangeTorus } from '../../src/construction/lagrangeTorus.js';
import { InputRangeError, InputTypeError } from '../../src/errors/inputError.js';
import { SparseTarget } from '../../src/targets/sparseTarget.js';
import { randomTarget } from './helpers.js';
import { PRECISION } from './lagrangeContract.js';

/** The error `run` throws (the test fails when it returns). */
function refusal(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  return expect.unreachable('expected a refusal');
}

const field = (error: Error): string | undefined => (error as InputRangeError).location.field;
/** The L×L identity pattern (one entry a row): S = 1, d0 = 3 on the circle. */
const diagonal = (L: number): SparseTarget =>
  SparseTarget.fromEntries(
    L,
    Array.from({ length: L }, (_, i) => [i, i, 1] as const),
  );

describe('the input checks shared by the Lagrange constructions (lagrangeCertificate)', () => {
  it('refuses a target that is not a SparseTarget and parameters that are not an object, naming the construction', () => {
    const notTarget = { L: 4, maxRowCount: 1 } as unknown as SparseTarget;
    const e = refusal(() => lagrangeTorus.construct(notTarget, { ...PRECISION, d: 5 }));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe('lagrange-torus needs a SparseTarget (build one with SparseTarget.fromEntries)');
    const W = randomTarget(12, 2, 1);
    for (const params of [null, 5, 'd=5', undefined]) {
      const p = refusal(() => lagrangeCircle.construct(W, params as never));
      expect(p).toBeInstanceOf(InputTypeError);
      expect(p.message).toBe('construction parameters must be an object');
    }
  });

  it('refuses a d that is not an integer (InputTypeError, field d), whether or not it is below d0', () => {
    const W = randomTarget(12, 2, 2);
    for (const d of [5.5, 7.25, '7', Number.NaN, 2 ** 60, undefined]) {
      const e = refusal(() => lagrangeCircle.construct(W, { ...PRECISION, d } as never));
      expect(e).toBeInstanceOf(InputTypeError);
      expect((e as InputTypeError).problem).toBe(`must be an integer, got ${String(d)}`);
      expect(field(e)).toBe('d');
    }
  });

  it('names the field of every refusal: d below d0 (d), a layout other than projected (layout), a row over 16 entries (S)', () => {
    const W = randomTarget(12, 2, 3);
    expect(field(refusal(() => lagrangeCircle.construct(W, { ...PRECISION, d: 4 })))).toBe('d');
    const layout = refusal(() => lagrangeCircle.construct(W, { ...PRECISION, d: 5, layout: 'fixed' }));
    expect(layout).toBeInstanceOf(InputRangeError);
    expect(field(layout)).toBe('layout');
    const dense = SparseTarget.fromEntries(
      17,
      Array.from({ length: 17 * 17 }, (_, k) => [Math.floor(k / 17), k % 17, 1] as const),
    );
    const wide = refusal(() => lagrangeCircle.construct(dense, { ...PRECISION, d: 40 }));
    expect((wide as InputRangeError).problem).toBe(
      'lagrange-circle takes rows of at most 16 entries; this target has a row of 17',
    );
    expect(field(wide)).toBe('S');
  });

  it("accepts layout 'projected' given explicitly, with the same certificate as without", () => {
    const W = randomTarget(12, 2, 4);
    const a = lagrangeCircle.construct(W, { ...PRECISION, d: 5, layout: 'projected' });
    const b = lagrangeCircle.construct(W, { ...PRECISION, d: 5 });
    expect(a.layout).toBe('projected');
    expect(Array.from(a.X.data)).toEqual(Array.from(b.X.data)); // bit for bit
  });

  it('refuses a d > d0 whose certificate would be too large with field d (S names a d0 itself too large)', () => {
    const big = refusal(() => lagrangeCircle.construct(diagonal(8), { ...PRECISION, d: 6000 }));
    expect(big).toBeInstanceOf(InputRangeError);
    expect(field(big)).toBe('d');
  });

  it('allows a certificate of exactly MAX_CERTIFICATE_NUMBERS numbers (the size check passes; the bad epsilon checked next refuses)', () => {
    // 2·8192·4096 + 4·4096² = 2^27 exactly.
    expect(certificateNumbers(8192, 4096, 'projected')).toBe(MAX_CERTIFICATE_NUMBERS);
    const e = refusal(() => lagrangeCircle.construct(diagonal(8192), { epsilon: -1, gamma: 0.5, d: 4096 }));
    expect(field(e)).toBe('epsilon');
    // Sized by the projected layout (2d numbers a row), not the fixed one (2L a row, over the limit here).
    expect(certificateNumbers(8192, 3, 'fixed')).toBeGreaterThan(MAX_CERTIFICATE_NUMBERS);
    const f = refusal(() => lagrangeCircle.construct(diagonal(8192), { epsilon: -1, gamma: 0.5, d: 3 }));
    expect(field(f)).toBe('epsilon');
  });
});
