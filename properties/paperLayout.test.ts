import { describe, expect, it } from 'vitest';
import { exactSupport } from '../src/construction/exactSupport.js';
import { logitTarget } from '../src/construction/logitTarget.js';
import { paperConstruction } from '../src/construction/paperConstruction.js';
import { sampleTarget } from '../src/harness/sampleTarget.js';
import { denseMatrix } from '../src/matrix/denseMatrix.js';
import { readPaperConstruction } from './_internals/paperLayout.js';
import { gaussianLawTests, isRademacher, rademacherLawTests } from './_internals/projectionLaws.js';

const precision = { epsilon: 3, gamma: 0.7 };
const target = sampleTarget({ minL: 12, maxL: 12, S: 2, kappa: 100, fullRows: 1, rowScaleDecades: 200 }, 5);
const B = logitTarget(target, precision);

describe('readPaperConstruction: the residual C − B against B(GGᵀ − I), in both layouts', () => {
  it.each(['projected', 'fixed'] as const)('reads G off the paper construction (%s layout) exactly', async (layout) => {
    const cert = await paperConstruction.construct(target, {
      ...precision,
      d: 8,
      seed: 3,
      layout,
      projection: 'gaussian',
    });
    const reading = readPaperConstruction(cert, B);
    expect(reading.ok && reading.layout).toBe(layout);
    const again = await paperConstruction.construct(target, {
      ...precision,
      d: 8,
      seed: 3,
      layout: layout === 'fixed' ? 'projected' : 'fixed',
      projection: 'gaussian',
    });
    const other = readPaperConstruction(again, B);
    // The same G whichever layout carries it (bit for bit: both copy the same draw).
    expect(reading.ok && other.ok && Array.from(reading.G.data)).toEqual(other.ok ? Array.from(other.G.data) : null);
  });

  it('names what differs: another logit target (a margin short by rho/2), another construction (exact-support), another layout', async () => {
    const cert = await paperConstruction.construct(target, {
      ...precision,
      d: 8,
      seed: 3,
      layout: 'fixed',
      projection: 'gaussian',
    });
    const short = { ...B, values: B.values.map((b) => b + Math.log1p(precision.epsilon) / 2) };
    const wrong = readPaperConstruction(cert, short);
    expect(!wrong.ok && wrong.reason).toMatch(/fixed layout, but X\[\d+\]\[\d+\] = .* is not the paper's B/);
    const projected = await paperConstruction.construct(target, {
      ...precision,
      d: 8,
      seed: 3,
      layout: 'projected',
      projection: 'gaussian',
    });
    expect(readPaperConstruction(projected, short)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/query \d+ is not √d·\(B G\)/),
    });
    const exact = await exactSupport.construct(target, { ...precision, d: 8, seed: 3 });
    expect(readPaperConstruction(exact, B).ok).toBe(false);
    const odd = { ...cert, X: denseMatrix(12, 5), WQ: denseMatrix(5, 8), WK: denseMatrix(5, 8) };
    expect(readPaperConstruction(odd, B)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/m = 5 is neither 2d = 16/),
    });
  });
});

describe('projection law tests', () => {
  it('accept the paper G and reject variance 2/d, unused columns and an unfair coin (p-values, tolerance: levels 1e-3 and 1e-7)', async () => {
    const draws = await Promise.all(
      [1, 2, 3, 4, 5, 6].map(async (seed) => {
        const cert = await paperConstruction.construct(target, {
          ...precision,
          d: 64,
          seed,
          layout: 'fixed',
          projection: 'gaussian',
        });
        const reading = readPaperConstruction(cert, B);
        if (!reading.ok) throw new Error(reading.reason);
        return reading.G;
      }),
    );
    for (const test of gaussianLawTests(draws)) expect(test.pValue).toBeGreaterThan(1e-3);
    const doubled = draws.map((G) =>
      denseMatrix(
        G.rows,
        G.cols,
        G.data.map((g) => g * Math.SQRT2),
      ),
    );
    expect(Math.min(...gaussianLawTests(doubled).map((t) => t.pValue))).toBeLessThan(1e-7);
    const used = Math.ceil(0.9 * 64);
    const ninety = draws.map((G) =>
      denseMatrix(
        G.rows,
        G.cols,
        G.data.map((g, t) => (t % 64 < used ? g * Math.sqrt(64 / used) : 0)),
      ),
    );
    expect(gaussianLawTests(ninety)[0]!.pValue).toBeLessThan(1e-7);
    const signs = denseMatrix(
      40,
      64,
      new Float64Array(40 * 64).map((_, t) => ((t * 7919) % 3 === 0 ? -1 : 1) / 8),
    );
    expect(isRademacher(signs)).toBe(true);
    expect(rademacherLawTests([signs])[0]!.pValue).toBeLessThan(1e-7);
    expect(isRademacher(draws[0]!)).toBe(false);
  });
});
