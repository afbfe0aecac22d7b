import { describe, expect, it } from 'vitest';
import { l3ProjectionLaw } from './index.js';
import { paperConstruction } from '../src/construction/paperConstruction.js';
import { failureOf } from '../src/harness/theoremProperty.js';
import { ninetyPercentColumns, variance2OverD } from '../src/negativeControls/index.js';

/**
 * The projection law catches the variance and column bugs on the Gaussian
 * path alone (before the rank test, 90 % of the columns passed every Gaussian
 * sub-test and was caught only through the Rademacher lattice).
 */
describe('l3-projection-law on the Gaussian path', () => {
  it("ninety-percent-columns: the d-th Gram eigenvalue at d = 32 is at the rounding level, the paper's far above the threshold 1e-3", async () => {
    const broken = await l3ProjectionLaw.run({ construction: ninetyPercentColumns, seed: 42 });
    expect(broken.status).toBe('fail');
    expect(failureOf(broken)).toContain('gaussian projection, d = 32: G has fewer than d = 32 effective columns');
    // Rank 29 of 32: the 32nd eigenvalue is rounding (below 1e-12), not a small random value.
    expect(broken.figures['gaussian-d32 d-th Gram eigenvalue']).toBeLessThan(1e-12);
    const paper = await l3ProjectionLaw.run({ construction: paperConstruction, seed: 42 });
    // Typical (sqrt(64) − sqrt(32))²/32 ≈ 0.17; the threshold is 1e-3.
    expect(paper.figures['gaussian-d32 d-th Gram eigenvalue']).toBeGreaterThan(0.01);
  });

  it('variance-2-over-d (Gaussian only): the χ² law of d‖g‖² rejects at both dimensions', async () => {
    const outcome = await l3ProjectionLaw.run({ construction: variance2OverD, seed: 42 });
    expect(outcome.status).toBe('fail');
    expect(failureOf(outcome)).toContain('gaussian projection, d = 4: d·‖g‖² does not follow χ²(4)');
    expect(failureOf(outcome)).toContain('gaussian projection, d = 32: d·‖g‖² does not follow χ²(32)');
    expect(failureOf(outcome)).not.toContain('rademacher');
  });
});
