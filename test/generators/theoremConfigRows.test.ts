import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sparseTarget } from '../../src/generators/index.js';
import { InputRangeError } from '../../src/errors/inputError.js';
import { THEOREM_CONFIGS } from '../../properties/_internals/theoremConfigs.js';
import type { SparseTarget } from '../../src/targets/sparseTarget.js';

/** Fractions of rows with `S` entries and with one entry, over `samples` targets of `arb`. */
function rowShares(
  arb: fc.Arbitrary<SparseTarget>,
  S: number,
  samples: number,
  seed: number,
): { full: number; single: number } {
  let rows = 0;
  let full = 0;
  let single = 0;
  for (const W of fc.sample(arb, { seed, numRuns: samples })) {
    for (let i = 0; i < W.L; i++) {
      const n = W.rowCount(i);
      rows++;
      if (n === S) full++;
      if (n === 1) single++;
    }
  }
  return { full: full / rows, single: single / rows };
}

describe('the theorem configurations exercise full rows and the ratio part', () => {
  // Over 1000 targets the measured shares (55–75 % full, 20–28 % single) have a
  // standard error below 1 %, so these bounds hold with a wide margin.
  it.each(THEOREM_CONFIGS.filter((c) => c.S >= 2).map((c) => [c.name, c] as const))(
    '%s: at least half of the rows have S entries, and rows of one entry remain',
    (_name, config) => {
      const shares = rowShares(sparseTarget(config.targets), config.S, 1000, 11);
      expect(shares.full).toBeGreaterThanOrEqual(0.5);
      expect(shares.single).toBeGreaterThanOrEqual(0.1);
      expect(config.kappa).toBeGreaterThan(1);
    },
  );

  it('the dynamic ranges span 2 to 100', () => {
    const kappas = THEOREM_CONFIGS.map((c) => c.kappa);
    expect(Math.min(...kappas.filter((k) => k > 1))).toBe(2);
    expect(Math.max(...kappas)).toBeGreaterThanOrEqual(100);
  });
});

describe('fullRows', () => {
  it('fills rows: at fullRows = 1 most rows of every S >= 2 family have S entries; at 0 far fewer', () => {
    for (const pattern of ['random', 'banded', 'blockDiagonal', 'strided', 'bandedPlusRandom'] as const) {
      const full = rowShares(sparseTarget({ minL: 2, maxL: 16, S: 2, pattern, fullRows: 1 }), 2, 300, 5).full;
      const plain = rowShares(sparseTarget({ minL: 2, maxL: 16, S: 2, pattern }), 2, 300, 5).full;
      // Measured: 0.84–0.91 in full form (windows clipped at the edges, permutations that coincide), 0.3–0.5 plain.
      expect(full, pattern).toBeGreaterThanOrEqual(0.75);
      expect(plain, pattern).toBeLessThan(full - 0.2);
    }
  });

  it('fullRows = 0 draws exactly as without the option', () => {
    const a = fc.sample(sparseTarget({ S: 3, maxL: 20 }), { seed: 3, numRuns: 50 }).map((W) => W.entries());
    const b = fc
      .sample(sparseTarget({ S: 3, maxL: 20, fullRows: 0 }), { seed: 3, numRuns: 50 })
      .map((W) => W.entries());
    expect(b).toEqual(a);
  });

  it('a permutation pattern ignores it (one entry per row)', () => {
    for (const W of fc.sample(sparseTarget({ S: 3, maxL: 20, pattern: 'permutation', fullRows: 1 }), {
      seed: 3,
      numRuns: 30,
    }))
      expect(W.sparsity).toBe(1);
  });

  it.each([-0.1, 1.5, Number.NaN])('refuses fullRows = %s, naming the field', (fullRows) => {
    expect(() => sparseTarget({ fullRows })).toThrow(InputRangeError);
    expect(() => sparseTarget({ fullRows })).toThrow(/fullRows/);
  });
});
