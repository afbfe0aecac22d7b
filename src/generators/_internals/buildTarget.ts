import { SparseTarget, type TargetEntry } from '../../targets/sparseTarget.js';
import type { NormalizedConstraints } from './normalizeConstraints.js';
import { patternSupport } from './patternSupport.js';
import {
  clampInt,
  FRACTION_ONE,
  KEEP_LEVELS,
  SCALE_STEPS_PER_DECADE,
  type RowRecipe,
  type TargetRecipe,
} from './targetRecipe.js';

/**
 * Maps a recipe to a valid target (the `.map` of every generator).
 *
 * `L` is the number of row recipes, at least `minL` (missing rows read as
 * all-default rows: fields 0 or false). Row `i` keeps slot 0 of its candidate
 * support and each other slot `s` iff `rows[i].keep[s-1] + keepLevel >= KEEP_LEVELS`;
 * the kept entry gets
 *
 *     W_ij = 10^(rows[i].scale / 1000) * kappa^(rows[i].fractions[s] / 2^30),
 *
 * computed as one `exp` of the summed logarithms. The fraction lies in
 * `[0, 1]`, so the row's dynamic range is at most `kappa` in exact arithmetic;
 * {@link clampRowRange} then makes it hold for the rounded doubles too, as
 * `SparseTarget` measures it (`Math.log(max) - Math.log(min) <= Math.log(kappa)`).
 *
 * Total: fields are read clamped into their domains, so every recipe
 * fast-check can produce while shrinking (and any hand-written one of the
 * right shape) gives a valid target. Complexity `O(L * S)` plus `O(L log L)`
 * per permutation, plus the `O(nnz log nnz)` validation of `SparseTarget.fromEntries`.
 *
 * @example
 * const c = normalizeConstraints({ S: 2, kappa: 4 });
 * buildTarget({ pattern: { kind: 'banded', width: 1, shift: 0 }, keepLevel: 4,
 *   rows: [{ keep: [0], fractions: [0, 2 ** 30], scale: 1000, keys: [], join: false }] }, c).entries();
 * // [[0, 0, 10.000000000000002], [0, 1, 40], [1, 1, 1]]
 * // (row 0 scaled by 10^1 = exp(ln 10), weights 1 and kappa; row 1 a default row)
 * @throws {InputRangeError} only if this module has a bug: the validation in
 *   `SparseTarget.fromEntries` is a safety net, not a filter.
 */
export function buildTarget(recipe: TargetRecipe, c: NormalizedConstraints): SparseTarget {
  const L = clampInt(recipe.rows.length, c.minL, c.maxL);
  const logKappa = Math.log(c.kappa);
  const maxScale = Math.round(c.rowScaleDecades * SCALE_STEPS_PER_DECADE);
  const keepLevel = clampInt(recipe.keepLevel, 0, KEEP_LEVELS);
  // Rows past the end of a short recipe read as default rows.
  const rows: readonly (RowRecipe | undefined)[] = recipe.rows;
  const support = patternSupport(recipe.pattern, rows, L, c);
  const entries: TargetEntry[] = [];
  const columns: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < L; i++) {
    const row = rows[i];
    const logScale = (clampInt(row?.scale, -maxScale, maxScale) / SCALE_STEPS_PER_DECADE) * Math.LN10;
    columns.length = 0;
    values.length = 0;
    const candidates = support[i]!;
    for (let s = 0; s < candidates.length; s++) {
      if (s > 0 && clampInt(row?.keep[s - 1], 0, KEEP_LEVELS - 1) + keepLevel < KEEP_LEVELS) continue;
      const fraction = clampInt(row?.fractions[s], 0, FRACTION_ONE) / FRACTION_ONE;
      columns.push(candidates[s]!);
      values.push(Math.exp(logScale + fraction * logKappa));
    }
    clampRowRange(values, logKappa);
    for (let t = 0; t < columns.length; t++) entries.push([i, columns[t]!, values[t]!]);
  }
  return SparseTarget.fromEntries(L, entries, { S: c.S, field: 'generated entries' });
}

/**
 * Makes `Math.log(max) - Math.log(min) <= logKappa` hold exactly for the
 * doubles in `values` (one row), changing nothing when it already holds.
 *
 * The exact values satisfy the bound; rounding in `exp` and `log` can exceed it
 * by a few ulps when a row spans exactly `kappa`. Offending values are lowered
 * by one relative ulp at a time; if that has not succeeded after a few rounds
 * (only conceivable for `kappa` within ulps of 1), the row is flattened to its
 * minimum, whose range 0 always satisfies the bound. `O(row length)`. Never throws.
 *
 * @example
 * const row = [2, 3, 1e10];
 * clampRowRange(row, 0); // row is now [2, 2, 2]
 */
export function clampRowRange(values: number[], logKappa: number): void {
  for (let round = 0; round < 8; round++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of values) {
      const l = Math.log(v);
      if (l < lo) lo = l;
      if (l > hi) hi = l;
    }
    if (hi - lo <= logKappa) return;
    for (let t = 0; t < values.length; t++)
      if (Math.log(values[t]!) - lo > logKappa) values[t] = values[t]! * (1 - Number.EPSILON);
  }
  const min = Math.min(...values);
  values.fill(min);
}
