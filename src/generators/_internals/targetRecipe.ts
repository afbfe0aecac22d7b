/**
 * The plain "recipe" a generated target is built from.
 *
 * fast-check shrinks the recipe, never the target: every field is a bounded
 * integer, a boolean, or an array of them, whose shrink target (0, false, or
 * the lower bound) means "simplest": one entry per row, identity
 * permutations, weights all equal, row scale 1. {@link buildTarget} maps EVERY
 * recipe of the right shape to a valid target, so no shrink can leave the
 * valid set.
 *
 * `L` is the number of row recipes (at least `minL`), and everything specific to a row (its
 * scale, weights, thinning, sort keys) lives in that row's recipe. So when
 * fast-check deletes a row while shrinking (anywhere in the array, not only
 * at the end), the other rows keep their data: a counterexample caused by
 * row 13 can shrink to a 2×2 target that still contains that row.
 */

/** Weight fractions are integers in `[0, FRACTION_ONE]`, read as `k / 2^30` (exact in binary). */
export const FRACTION_ONE = 2 ** 30;

/**
 * Thinning resolution: optional slot `s >= 1` of a row is kept iff
 * `keep[s - 1] + keepLevel >= KEEP_LEVELS`, with `keep` values in
 * `[0, KEEP_LEVELS - 1]` and `keepLevel` read clamped to `[0, KEEP_LEVELS]`. Both shrink
 * towards 0, i.e. towards dropping: `keepLevel = KEEP_LEVELS` keeps every
 * candidate, `keepLevel = 0` only the mandatory slot 0 of each row.
 */
export const KEEP_LEVELS = 4;

/** Row scale exponents are integers in millidecades: row `i` is multiplied by `10^(scale / 1000)`. */
export const SCALE_STEPS_PER_DECADE = 1000;

/** Pattern families (the discriminant of {@link PatternRecipe}). */
export type PatternKind = PatternRecipe['kind'];

/**
 * Whole-target parameters of a pattern family (read clamped into range when
 * the target is built). Permutations come from the rows' sort keys: the
 * permutation `k` maps row `i` to the rank of `(rows[i].keys[k], i)`, so
 * all-zero keys give the identity.
 */
export type PatternRecipe =
  /** One permutation (the S = 1 structure). */
  | { readonly kind: 'permutation' }
  /** Union of `count` permutations. */
  | { readonly kind: 'random'; readonly count: number }
  /** Window `i - a <= j <= i - a + width` with `a = min(shift, width)`, clipped to the matrix (no wrap). */
  | { readonly kind: 'banded'; readonly width: number; readonly shift: number }
  /** Dense diagonal blocks: row `i` continues the block of row `i - 1` iff `rows[i].join` and the block has room. */
  | { readonly kind: 'blockDiagonal' }
  /** Circulant `j = i + start + k*stride (mod L)`, `k < count`. */
  | { readonly kind: 'strided'; readonly count: number; readonly stride: number; readonly start: number }
  /** A window (as in `banded`, `width <= S - 2`) plus `count` random permutations: BigBird-like local + random. */
  | { readonly kind: 'bandedPlusRandom'; readonly width: number; readonly shift: number; readonly count: number };

/** Everything specific to one row. */
export interface RowRecipe {
  /** Thinning values of the optional slots `1 .. S-1`, in `[0, KEEP_LEVELS - 1]`. */
  readonly keep: readonly number[];
  /** Weight fraction of each slot `0 .. S-1`, in `[0, FRACTION_ONE]`: `W = scale * kappa^(fraction / FRACTION_ONE)`. */
  readonly fractions: readonly number[];
  /** Row scale exponent in millidecades. */
  readonly scale: number;
  /** This row's sort key in each permutation of the pattern (empty when the family has none). */
  readonly keys: readonly number[];
  /** `blockDiagonal`: continue the previous row's block. */
  readonly join: boolean;
}

/** A full recipe. Field order is fast-check's shrink order: pattern, thinning, then rows. */
export interface TargetRecipe {
  readonly pattern: PatternRecipe;
  /** Global thinning level (values above `KEEP_LEVELS` read as `KEEP_LEVELS`: keep everything). */
  readonly keepLevel: number;
  /** One recipe per row: `L = max(minL, rows.length)`; missing rows are default rows (all fields 0 / false). */
  readonly rows: readonly RowRecipe[];
}

/**
 * `value` truncated to an integer and clamped into `[lo, hi]`. `undefined`,
 * NaN and infinities read as 0 (then clamped), the shrink target of every
 * integer field, so a missing field means "simplest". `O(1)`.
 *
 * @example
 * clampInt(7.9, 0, 5);        // 5
 * clampInt(undefined, -3, 3); // 0
 * clampInt(NaN, 1, 4);        // 1
 */
export function clampInt(value: number | undefined, lo: number, hi: number): number {
  const v = value === undefined || !Number.isFinite(value) ? 0 : Math.trunc(value);
  return v < lo ? lo : v > hi ? hi : v;
}
