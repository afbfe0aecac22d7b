import { describe, expect, it } from 'vitest';
import type { Certificate } from '../src/certificates/certificate.js';
import type { Construction } from '../src/construction/construction.js';
import { lagrangeCircle } from '../src/construction/lagrangeCircle.js';
import { lagrangeTorus } from '../src/construction/lagrangeTorus.js';
import { paperConstruction } from '../src/construction/paperConstruction.js';
import { denseMatrix } from '../src/matrix/denseMatrix.js';
import { exactness } from './exactness.property.js';
import { propertiesFor } from './index.js';

/** A deterministic construction that aims at a weaker zero level (gamma 0.99): its zeros sit too high. */
const weakMargin: Construction = {
  ...lagrangeCircle,
  name: 'negative:lagrange-weak-margin',
  construct: (target, params) => lagrangeCircle.construct(target, { ...params, gamma: 0.99 }),
};

/** The circle's certificate with one query coefficient of row 0 off by 1e-7: it still passes the verifier, but is not exact. */
const inexact: Construction = {
  ...lagrangeCircle,
  name: 'negative:lagrange-inexact',
  construct: (target, params) => {
    const cert = lagrangeCircle.construct(target, params);
    const X = denseMatrix(cert.X.rows, cert.X.cols, Float64Array.from(cert.X.data));
    X.data[1] = X.data[1]! * (1 + 1e-7) + 1e-7;
    return { ...cert, X } satisfies Certificate;
  },
};

describe('exactness (deterministic constructions)', () => {
  it.each([lagrangeCircle, lagrangeTorus].map((c) => [c.name, c] as const))(
    'holds for %s',
    async (_name, construction) => {
      const outcome = await exactness.run({ construction, seed: 7, runs: 60 });
      expect(outcome.status).toBe('pass');
    },
  );

  it.each([weakMargin, inexact].map((c) => [c.name, c] as const))('catches %s', async (_name, construction) => {
    const outcome = await exactness.run({ construction, seed: 7, runs: 60 });
    expect(outcome.status).toBe('fail');
  });

  it('is skipped for a random construction, which gets the probabilistic properties instead', async () => {
    expect((await exactness.run({ construction: paperConstruction, seed: 1, runs: 5 })).status).toBe('skipped');
    expect(propertiesFor(lagrangeTorus).map((p) => p.name)).toEqual(['fixed-parameters', 'exactness']);
    expect(propertiesFor(paperConstruction).map((p) => p.name)).toContain('l3-projection-law');
  });
});
