import type fc from 'fast-check';
import type { SparseTarget } from '../targets/sparseTarget.js';
import { buildTarget } from './_internals/buildTarget.js';
import { normalizeConstraints } from './_internals/normalizeConstraints.js';
import { recipeArbitrary } from './_internals/recipeArbitrary.js';

/**
 * Sparsity pattern families, the shapes attention matrices really take:
 *
 * - `'random'`: union of up to `S` random permutations, then thinned;
 * - `'banded'`: local window `i - a <= j <= i + b` with `a + b + 1 <= S`
 *   (symmetric, causal `b = 0`, or off-centre), clipped at the edges;
 * - `'blockDiagonal'`: dense diagonal blocks of sizes `<= S`, then thinned;
 * - `'strided'`: dilated circulant `j = i + start + k*stride (mod L)`, `k < count <= S`;
 * - `'permutation'`: one permutation (the `S = 1` structure, valid for every `S`);
 * - `'bandedPlusRandom'`: a window of width `<= S - 1` plus random permutations
 *   (BigBird-like local + random attention, without global tokens, whose
 *   columns would break the column bound);
 * - `'mixed'`: `fc.oneof` of all of the above (the last one only when `S >= 2`).
 *
 * Thinning drops entries but never the row's first one (the diagonal for
 * windows and blocks, the first permutation's entry otherwise).
 */
export type TargetPattern =
  'random' | 'banded' | 'blockDiagonal' | 'strided' | 'permutation' | 'bandedPlusRandom' | 'mixed';

/** Constraints of {@link sparseTarget}. Every field is optional. */
export interface SparseTargetConstraints {
  /** Smallest sequence length, integer `>= 2`. Default `2`. */
  readonly minL?: number;
  /** Largest sequence length, integer `>= minL`. Default `max(minL, 64)`. */
  readonly maxL?: number;
  /** At most `S` positive entries in every row and every column, integer `>= 1`. Default `2`. */
  readonly S?: number;
  /**
   * Largest dynamic range `max_j W_ij / min_j W_ij` of a row, finite `>= 1`
   * (`1`: all support values of a row equal). Default `100`. Holds exactly
   * for the computed `rowLogKappa <= Math.log(kappa)`.
   */
  readonly kappa?: number;
  /** Pattern family. Default `'mixed'`. */
  readonly pattern?: TargetPattern;
  /**
   * Row `i` is multiplied by `10^u_i`, `u_i` uniform on a grid of step 0.001
   * in `[-rowScaleDecades, rowScaleDecades]` (with fast-check's usual bias
   * towards 0 and the ends). The theorem is invariant under row rescaling, so
   * this catches constructions that are not. `0` disables. Default `200`.
   * `rowScaleDecades + log10(kappa)` must be `<= 300` (values stay normal doubles).
   */
  readonly rowScaleDecades?: number;
  /**
   * Probability, in `[0, 1]`, that a target is drawn in *full form*: every
   * pattern's count or width at its largest, no thinning, blocks as large as
   * `S` allows, so that nearly every row has `S` entries (fewer only at a
   * window's edge, where permutations coincide or offsets wrap). The
   * theorem's hardest rows are full; the plain form has most rows of one
   * entry. Ignored when `S = 1` or `pattern` is `'permutation'`. `0` (the
   * default) draws exactly as before this option existed.
   */
  readonly fullRows?: number;
}

/**
 * Arbitrary of valid targets (SPEC §1) with at most `S` positive entries in
 * every row and every column, at least one per row, row dynamic range at most
 * `kappa`, and row scales spanning `±rowScaleDecades` orders of magnitude.
 * Every value is built and validated by `SparseTarget.fromEntries(L, entries, { S })`.
 *
 * Values are mapped from a plain integer recipe (pattern parameters, a
 * thinning level, and one record per row with its sort keys, thinning values,
 * weight fractions and scale exponent), so fast-check shrinks the recipe:
 * fewer permutations and narrower windows, fewer entries (one per row), rows
 * deleted anywhere down to `L = minL` (an offending row survives on its own),
 * identity permutations, all weights of a row equal to 1 and row scales 1.
 * Every recipe reachable while shrinking maps to a valid target (a full-form
 * target, see `fullRows`, shrinks within the full form: its rows stay full). The
 * projection's randomness is not part of the value.
 *
 * Complexity per generated value: `O(L * S)` recipe integers, then
 * `O(L * S + S * L log L)` to build the target.
 *
 * @example
 * const [W] = fc.sample(sparseTarget({ maxL: 5, S: 1, kappa: 1, rowScaleDecades: 0 }), { seed: 42, numRuns: 1 });
 * W.sparsity; // 1  (a permutation: one entry per row and column)
 * W.kappa;    // 1
 * @throws {InputTypeError} when `constraints` is not an object, has an unknown key, or a field of the wrong type.
 * @throws {InputRangeError} when a field is out of range (`minL < 2`, `maxL < minL`,
 *   `S < 1`, non-integer `minL`/`maxL`/`S`, `kappa < 1` or not finite, unknown
 *   `pattern`, `rowScaleDecades < 0`, `rowScaleDecades + log10(kappa) > 300`);
 *   the error names the field.
 */
export function sparseTarget(constraints: SparseTargetConstraints = {}): fc.Arbitrary<SparseTarget> {
  const c = normalizeConstraints(constraints);
  return recipeArbitrary(c).map((recipe) => buildTarget(recipe, c));
}
