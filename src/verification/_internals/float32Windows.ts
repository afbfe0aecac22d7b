import type { DenseMatrix } from '../../matrix/denseMatrix.js';
import { vectorNorm } from './roundingBounds.js';

/** Unit roundoff of binary32, `u32 = 2^-24`. */
export const UNIT_ROUNDOFF_32 = 2 ** -24;

/** Largest `d` with a float32 first pass: `(d + 3)·u32 <= 1/4`, so `gamma32_{d+3} <= 1/3`. */
export const MAX_FLOAT32_DIMENSION = 2 ** 22 - 3;

/**
 * Entries of `Q` and `K` allowed in the float32 pass: zero, or a magnitude in
 * `[2^-60, 2^60]`. Rounded to float32 they stay normal (no subnormal
 * arithmetic, which is slow and has absolute errors) and finite, and their
 * products stay in `[2^-120, 2^120]`.
 */
export const FLOAT32_SAFE_MIN = 2 ** -60;
export const FLOAT32_SAFE_MAX = 2 ** 60;

/** Largest `||q_i||·max_j ||k_j||` for a row in the float32 pass: every partial sum then stays far below float32's `2^128`. */
export const FLOAT32_ROW_MAGNITUDE = 2 ** 100;

/** Absolute allowance per position `t` (see {@link float32Windows}): covers underflow in every rounding involved, `2^-87`. */
const ABSOLUTE_PER_TERM = 2 ** -87;

/** Higham's `gamma_n` for binary32: `n·u32 / (1 − n·u32)`. `O(1)`. */
function gamma32(n: number): number {
  const nu = n * UNIT_ROUNDOFF_32;
  return nu / (1 - nu);
}

/** Is every entry of `x[offset .. offset + length)` zero or of magnitude in `[2^-60, 2^60]`? */
function safeEntries(x: Float64Array, offset: number, length: number): boolean {
  for (let t = offset; t < offset + length; t++) {
    const a = Math.abs(x[t]!);
    if (a !== 0 && !(a >= FLOAT32_SAFE_MIN && a <= FLOAT32_SAFE_MAX)) return false;
  }
  return true;
}

/**
 * Per-row *windows* of the float32 first pass: `w_i` such that every column
 * `j` whose single-precision dot product `s_ij` lies below `max_j' s_ij' − w_i`
 * has a float64 logit `Ĉ_ij = fl(fl(q_i·k_j)·scale)` (today's kernel, any
 * summation order) strictly below the float64 logit of the column of that
 * maximum, so it can be neither the row's maximum nor a tie for it.
 *
 * With `q' = fl32(q)`, `k' = fl32(k)` and `s = fl32(q'·k')` (any order), and
 * `T = sum_t |q_t||k_t| <= ||q_i|| ||k_j||`:
 *
 * - rounding the inputs: `|q·k − q'·k'| <= ((1 + u32)² − 1)·T`;
 * - the float32 sum: `|q'·k' − s| <= gamma32_d·(1 + u32)²·T`;
 * - today's float64 logit: `|Ĉ/scale − q·k| <= (gamma64_d + 2u)·T`;
 *
 * and by Higham's Lemma 3.3 the three together are at most `gamma32_{d+3}·T`
 * (`gamma64_{d+2} <= u32` for `d <= 2^22`). Inputs lie in `[2^-60, 2^60]` or
 * are zero, so every float32 number involved is normal and finite; the
 * allowance `d·2^-87` covers what underflow could still cost (subnormal
 * results of a sum are exact, and the float64 side loses at most
 * `2^-1074` per rounding). So `|Ĉ_ij/scale − s_ij| <= e_i := gamma32_{d+3}·||q_i||·Kmax + d·2^-87`,
 * and a column below `m − 2e_i` is below the column of `m` after all.
 *
 * The window is `w_i = 4·gamma32_{d+3}·n̂_i·K̂max + 4d·2^-87`, with the
 * computed norms of {@link vectorNorm}: twice `2e_i`, which covers the
 * rounding of the norms and of this formula (relative `O(d·u)`), and leaves
 * `w_i − 2e_i >= 2·gamma32_{d+3}·N_i + 2d·2^-87`, far above the rounding
 * `u·|m − w_i|` of the threshold `fl(m − w_i)` the kernel compares with.
 *
 * `w_i = −1` (no float32 bound: the row goes to the float64 path whole) when
 * row `i` of `Q` has an entry outside the safe range or
 * `n̂_i·K̂max > 2^100` (its float32 sums could overflow). Returns `null`
 * (no float32 pass at all) when `d > 2^22 − 3` or an entry of `K` is outside
 * the safe range. `magnitudes[i]`, when given, is `n̂_i·K̂max` already
 * computed by the same {@link vectorNorm} (the verifier's {@link CheckRun}
 * has it). `O(L·d)`.
 *
 * @example
 * const w = float32Windows(denseMatrix(1, 2, new Float64Array([3, 4])), denseMatrix(1, 2, new Float64Array([1, 0])));
 * w[0]; // about 4·(5/2^24)·5·1 = 6.0e-6 (plus 8·2^-87)
 * @throws never (inputs trusted: finite, `L×d`).
 */
export function float32Windows(Q: DenseMatrix, K: DenseMatrix, magnitudes?: Float64Array): Float64Array | null {
  const d = Q.cols;
  if (d > MAX_FLOAT32_DIMENSION || !safeEntries(K.data, 0, K.rows * d)) return null;
  let kMax = 0;
  if (magnitudes === undefined) for (let j = 0; j < K.rows; j++) kMax = Math.max(kMax, vectorNorm(K.data, j * d, d));
  const g = 4 * gamma32(d + 3);
  const absolute = 4 * d * ABSOLUTE_PER_TERM;
  const windows = new Float64Array(Q.rows);
  for (let i = 0; i < Q.rows; i++) {
    const magnitude = magnitudes === undefined ? vectorNorm(Q.data, i * d, d) * kMax : magnitudes[i]!;
    windows[i] = magnitude <= FLOAT32_ROW_MAGNITUDE && safeEntries(Q.data, i * d, d) ? g * magnitude + absolute : -1;
  }
  return windows;
}
