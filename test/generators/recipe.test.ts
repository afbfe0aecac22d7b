import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTarget, clampRowRange } from '../../src/generators/_internals/buildTarget.js';
import { normalizeConstraints, TARGET_PATTERNS } from '../../src/generators/_internals/normalizeConstraints.js';
import { permutationFromKeys } from '../../src/generators/_internals/permutationFromKeys.js';
import type { PatternRecipe, TargetRecipe } from '../../src/generators/_internals/targetRecipe.js';
import { validityProblems } from './helpers.js';

/** Any number at all, far outside every recipe domain included. */
const wild = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, -0, 2 ** 53));
const wildArray = fc.array(wild, { maxLength: 6 });

/** Recipes of the right shape but with arbitrary contents: out-of-range numbers, short or long arrays. */
const wildRecipe: fc.Arbitrary<TargetRecipe> = fc.record({
  pattern: fc.oneof(
    fc.constant<PatternRecipe>({ kind: 'permutation' }),
    fc.constant<PatternRecipe>({ kind: 'blockDiagonal' }),
    fc.record({ kind: fc.constant('random' as const), count: wild }),
    fc.record({ kind: fc.constant('banded' as const), width: wild, shift: wild }),
    fc.record({ kind: fc.constant('strided' as const), count: wild, stride: wild, start: wild }),
    fc.record({ kind: fc.constant('bandedPlusRandom' as const), width: wild, shift: wild, count: wild }),
  ),
  keepLevel: wild,
  rows: fc.array(
    fc.record({ keep: wildArray, fractions: wildArray, scale: wild, keys: wildArray, join: fc.boolean() }),
    { maxLength: 40 },
  ),
});

describe('buildTarget is total', () => {
  it('maps every recipe of the right shape, whatever its numbers, to a valid target', () => {
    const constraintSets = [
      { minL: 2, maxL: 30, S: 1, kappa: 1, pattern: 'mixed' as const },
      { minL: 3, maxL: 30, S: 2, kappa: 1 + 1e-15, pattern: 'mixed' as const },
      { minL: 2, maxL: 20, S: 3, kappa: 1e6, pattern: 'mixed' as const, rowScaleDecades: 294 },
      { minL: 5, maxL: 5, S: 9, kappa: 7, pattern: 'mixed' as const },
    ];
    fc.assert(
      fc.property(fc.constantFrom(...constraintSets), wildRecipe, (constraints, recipe) => {
        const c = normalizeConstraints(constraints);
        expect(validityProblems(buildTarget(recipe, c), c)).toEqual([]);
      }),
      { seed: 31, numRuns: 400 },
    );
  });

  it('the empty recipe is the minL × minL identity with weights 1', () => {
    for (const pattern of TARGET_PATTERNS.filter((p) => p !== 'mixed')) {
      const c = normalizeConstraints({ minL: 3, S: 2 });
      const W = buildTarget({ pattern: { kind: pattern } as PatternRecipe, keepLevel: 0, rows: [] }, c);
      expect(W.entries()).toStrictEqual([
        [0, 0, 1],
        [1, 1, 1],
        [2, 2, 1],
      ]);
    }
  });
});

describe('permutationFromKeys', () => {
  it('is the rank of (key, index)', () => {
    expect(Array.from(permutationFromKeys(3, (i) => [30, 10, 20][i]!))).toEqual([2, 0, 1]);
    expect(Array.from(permutationFromKeys(4, () => 0))).toEqual([0, 1, 2, 3]);
    expect(Array.from(permutationFromKeys(3, (i) => [5, 5, 1][i]!))).toEqual([1, 2, 0]);
  });

  it('always returns a permutation', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 30 }), (keys) => {
        const p = permutationFromKeys(keys.length, (i) => keys[i]!);
        expect([...p].sort((a, b) => a - b)).toEqual(keys.map((_, i) => i));
      }),
      { seed: 2, numRuns: 200 },
    );
  });
});

describe('clampRowRange', () => {
  it('leaves rows within range untouched', () => {
    const row = [1, 2, 3.5];
    clampRowRange(row, Math.log(4));
    expect(row).toEqual([1, 2, 3.5]);
  });

  it('pulls a value a few ulps past the bound back under it, exactly as SparseTarget measures', () => {
    // Rounding in exp and log can put a row that attains kappa a few ulps past
    // ln kappa (Math.log(Math.exp(l)) > l for some l); this row is such a case.
    const logKappa = Math.log(100);
    const row = [1, Math.exp(logKappa) * (1 + 4 * Number.EPSILON)];
    expect(Math.log(row[1]!) - Math.log(row[0]!)).toBeGreaterThan(logKappa);
    clampRowRange(row, logKappa);
    expect(Math.log(row[1]!) - Math.log(row[0]!)).toBeLessThanOrEqual(logKappa);
    // Moved by a few ulps only (tolerance 1e-14 relative: about 8 rounds of one ulp).
    expect(Math.abs(row[1]! / 100 - 1)).toBeLessThan(1e-14);
  });

  it('flattens a row it cannot fix by ulps (a range far beyond kappa)', () => {
    const row = [2, 3, 1e10];
    clampRowRange(row, 0);
    expect(row).toEqual([2, 2, 2]);
  });
});
