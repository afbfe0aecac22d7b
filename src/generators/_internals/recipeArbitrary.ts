import fc from 'fast-check';
import type { NormalizedConstraints } from './normalizeConstraints.js';
import {
  FRACTION_ONE,
  KEEP_LEVELS,
  SCALE_STEPS_PER_DECADE,
  type PatternKind,
  type PatternRecipe,
  type RowRecipe,
  type TargetRecipe,
} from './targetRecipe.js';

/** Largest sort key of a random permutation: 2^31 - 1, so ties among `maxL` keys are rare. */
const MAX_KEY = 0x7fffffff;

/**
 * Pattern families in the order `'mixed'` lists them. `fc.oneof` never
 * switches family while shrinking (no cross-shrink, which would jump to a
 * freshly generated, possibly larger, value); it does not need to, since every
 * family shrinks to the same minimum: the `minL × minL` identity with weights 1.
 */
const MIXED_ORDER: readonly PatternKind[] = [
  'permutation',
  'banded',
  'blockDiagonal',
  'strided',
  'random',
  'bandedPlusRandom',
];

/** Fixed-length array of `item`: fast-check shrinks its items, never its length. */
function fixedArray<T>(item: fc.Arbitrary<T>, length: number): fc.Arbitrary<T[]> {
  return length === 0 ? fc.constant([]) : fc.array(item, { minLength: length, maxLength: length });
}

/** Number of permutations (sort keys per row) a family needs. */
function permutationCount(kind: PatternKind, S: number): number {
  return kind === 'permutation' ? 1 : kind === 'random' ? S : kind === 'bandedPlusRandom' ? S - 1 : 0;
}

/**
 * Arbitrary of the whole-target part of a family's recipe. Record fields are
 * in shrink order: counts and widths first, since they decide how many
 * candidates each row has.
 */
function patternArbitrary(kind: PatternKind, c: NormalizedConstraints, full: boolean): fc.Arbitrary<PatternRecipe> {
  const S = c.slots;
  // Full form: every count and width at its largest, so each row gets S candidates
  // (fewer only where a window meets the edge, permutations coincide or offsets wrap).
  const count = (min: number, max: number): fc.Arbitrary<number> =>
    full ? fc.constant(max) : fc.integer({ min, max });
  switch (kind) {
    case 'permutation':
      return fc.constant({ kind });
    case 'random':
      return fc.record({ kind: fc.constant(kind), count: count(1, S) });
    case 'banded':
      return fc.record({ kind: fc.constant(kind), width: count(0, S - 1), shift: fc.integer({ min: 0, max: S - 1 }) });
    case 'blockDiagonal':
      return fc.constant({ kind });
    case 'strided':
      return fc.record({
        kind: fc.constant(kind),
        count: count(1, S),
        stride: fc.integer({ min: 1, max: Math.max(1, c.maxL - 1) }),
        start: fc.integer({ min: 0, max: c.maxL - 1 }),
      });
    case 'bandedPlusRandom': {
      // Window of width + 1 <= S - 1 columns leaves room for >= 1 permutation
      // (`count` is clamped to S - width - 1 when the target is built).
      const widest = Math.max(0, S - 2);
      return fc.record({
        kind: fc.constant(kind),
        width: count(0, widest),
        shift: fc.integer({ min: 0, max: widest }),
        count: count(Math.min(1, S - 1), Math.max(0, S - 1)),
      });
    }
  }
}

/**
 * Arbitrary of one row's recipe. Parts that cannot vary (`kappa = 1`,
 * `rowScaleDecades = 0`, thinning when `S = 1`, keys or joins the family does
 * not use) are constants, so shrinking spends no steps on them.
 */
function rowArbitrary(kind: PatternKind, c: NormalizedConstraints, full: boolean): fc.Arbitrary<RowRecipe> {
  const S = c.slots;
  const maxScale = Math.round(c.rowScaleDecades * SCALE_STEPS_PER_DECADE);
  return fc.record({
    // Full form keeps every slot (keepLevel = KEEP_LEVELS): the row's thinning values decide nothing.
    keep: full
      ? fc.constant(new Array<number>(S - 1).fill(0))
      : fixedArray(fc.integer({ min: 0, max: KEEP_LEVELS - 1 }), S - 1),
    fractions:
      c.kappa === 1
        ? fc.constant(new Array<number>(S).fill(0))
        : fixedArray(fc.integer({ min: 0, max: FRACTION_ONE }), S),
    scale: maxScale === 0 ? fc.constant(0) : fc.integer({ min: -maxScale, max: maxScale }),
    keys: fixedArray(fc.integer({ min: 0, max: MAX_KEY }), permutationCount(kind, S)),
    join: kind === 'blockDiagonal' && S > 1 ? (full ? fc.constant(true) : fc.boolean()) : fc.constant(false),
  });
}

/**
 * Arbitrary of whole recipes of one family. `L = max(minL, rows.length)`, the
 * length drawn like `fc.integer({ min: minL - 1, max: maxL })` (`size: 'max'`:
 * the whole range, biased towards small). Generation costs `O(L * S)`.
 *
 * Shrink order: pattern parameters (fewer permutations or offsets, narrower
 * windows), then `keepLevel` (fewer optional entries), then rows: deleting
 * rows (any of them: fast-check's array shrinker removes from the front and,
 * recursively, from every later position) towards `L = minL`, then each row's
 * thinning, weights (towards all 1), scale (towards 1), keys (towards the
 * identity) and block joins.
 */
function familyRecipeArbitrary(kind: PatternKind, c: NormalizedConstraints, full = false): fc.Arbitrary<TargetRecipe> {
  return fc.record({
    pattern: patternArbitrary(kind, c, full),
    // With S = 1 no row has an optional slot: thinning has nothing to decide.
    // Drawn in [0, 2 * KEEP_LEVELS] and read clamped to KEEP_LEVELS: about half
    // of the targets are unthinned (every candidate kept, rows as full as the
    // pattern allows, the hardest case of the theorem), the rest thinned.
    keepLevel:
      c.slots === 1 ? fc.constant(0) : full ? fc.constant(KEEP_LEVELS) : fc.integer({ min: 0, max: 2 * KEEP_LEVELS }),
    // minLength minL - 1, not minL: fast-check deletes rows after the first
    // one only down to a total of minLength + 1 (it shrinks the tail as an
    // array of the same minimal length), so with minL - 1 any row, wherever it
    // sits, can survive into a minL × minL counterexample. An array of
    // minL - 1 rows is padded with one default row.
    rows: fc.array(rowArbitrary(kind, c, full), { minLength: c.minL - 1, maxLength: c.maxL, size: 'max' }),
  });
}

/**
 * Arbitrary of recipes for normalized constraints (`'mixed'` = `fc.oneof` of
 * every family that fits `S`). With `fullRows = w > 0` (and `S >= 2`), a
 * recipe is drawn in *full form* with probability `w`: the same family, but
 * with every count and width at its largest, no thinning and blocks joined as
 * far as `S` allows (the one-permutation family, whose rows never fill, is
 * left out of the full mixture, and `pattern: 'permutation'` ignores `fullRows`). Full-form recipes are ordinary recipes, so
 * they map to valid targets; fast-check does not cross-shrink between the two
 * forms, so a counterexample found in full form shrinks (rows, weights, scales,
 * keys) with its rows kept full. `fullRows = 0` gives exactly the draws of
 * earlier versions. Generation `O(L * S)` per value. Never throws.
 *
 * @example
 * const c = normalizeConstraints({ pattern: 'permutation', maxL: 3 });
 * fc.sample(recipeArbitrary(c), { seed: 1, numRuns: 1 })[0].pattern; // { kind: 'permutation' }
 */
export function recipeArbitrary(c: NormalizedConstraints): fc.Arbitrary<TargetRecipe> {
  const plain = formArbitrary(c, false);
  const weight = Math.round(c.fullRows * FULL_ROWS_RESOLUTION);
  if (weight === 0 || c.slots === 1 || c.pattern === 'permutation') return plain;
  if (weight === FULL_ROWS_RESOLUTION) return formArbitrary(c, true);
  return fc.oneof(
    { arbitrary: formArbitrary(c, true), weight },
    { arbitrary: plain, weight: FULL_ROWS_RESOLUTION - weight },
  );
}

/** `fullRows` is read to this many steps (weights of `fc.oneof` are integers). */
const FULL_ROWS_RESOLUTION = 1000;

/** Recipes of the constraint's family (or the mixture), in plain or full form. */
function formArbitrary(c: NormalizedConstraints, full: boolean): fc.Arbitrary<TargetRecipe> {
  if (c.pattern !== 'mixed') return familyRecipeArbitrary(c.pattern, c, full);
  // The banded-plus-random mixture needs S >= 2 (a window and a permutation); a single permutation never fills a row.
  const kinds = MIXED_ORDER.filter((k) => (k !== 'bandedPlusRandom' || c.slots >= 2) && !(full && k === 'permutation'));
  return fc.oneof(...kinds.map((k) => familyRecipeArbitrary(k, c, full)));
}
