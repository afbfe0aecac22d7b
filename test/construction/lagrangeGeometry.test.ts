import { describe, expect, it } from 'vitest';
import { centredResidue } from '../../src/construction/_internals/lagrangeGeometry.js';

describe('centredResidue (the reduced angles of the Lagrange grids)', () => {
  it('is r mod n in (-n/2, n/2], for negative and positive r, odd and even n (exact integers)', () => {
    for (const n of [1, 2, 3, 4, 7, 10]) {
      for (let r = -3 * n; r <= 3 * n; r++) {
        const x = centredResidue(r, n);
        expect(Number.isInteger(x)).toBe(true);
        expect(x > -n / 2 && x <= n / 2).toBe(true);
        expect((((x - r) % n) + n) % n).toBe(0);
      }
    }
  });

  it('keeps n/2 itself for even n and maps the multiples of n to 0', () => {
    expect(centredResidue(5, 10)).toBe(5);
    expect(centredResidue(-5, 10)).toBe(5);
    expect(centredResidue(6, 10)).toBe(-4);
    expect(centredResidue(-6, 10)).toBe(4);
    expect(centredResidue(3, 7)).toBe(3);
    expect(centredResidue(4, 7)).toBe(-3);
    expect(Math.abs(centredResidue(-20, 10))).toBe(0); // -0 from the remainder: the same angle
    expect(centredResidue(0, 10)).toBe(0);
  });
});
