import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { construct, sparseTarget, verifyCertificate, negativeControls } from '../../src/index.js';

describe('the library as the README shows it', () => {
  it('checks the theorem on generated targets in three lines', () => {
    fc.assert(
      fc.property(
        sparseTarget({ maxL: 16, S: 2, kappa: 4 }),
        (W) =>
          verifyCertificate(W, construct(W, { epsilon: 0.5, gamma: 0.5, d: 4096, seed: 1, layout: 'fixed' }), {
            epsilon: 0.5,
            gamma: 0.5,
          }).pass,
      ),
      { seed: 7, numRuns: 20 },
    );
  });

  it('exports the negative controls, which the same three lines catch', async () => {
    const noMargin = negativeControls.find((c) => c.name === 'negative:no-margin')!;
    const details = await fc.check(
      fc.asyncProperty(
        sparseTarget({ maxL: 16, S: 2, kappa: 4 }),
        async (W) =>
          verifyCertificate(
            W,
            await noMargin.construct(W, { epsilon: 0.5, gamma: 0.5, d: 4096, seed: 1, layout: 'fixed' }),
            { epsilon: 0.5, gamma: 0.5 },
          ).pass,
      ),
      { seed: 7, numRuns: 20 },
    );
    expect(details.failed).toBe(true);
  });
});
