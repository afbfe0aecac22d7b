import type { Int16Rows } from './kernel/int16Packing.js';
import { INT16_CHUNK, INT16_EXPONENT_MAX } from './kernel/int16Packing.js';
import { UNIT_ROUNDOFF_32 } from './float32Windows.js';

/** Unit roundoff of binary64, `u = 2^-53`. */
const UNIT_ROUNDOFF = 2 ** -53;

/** Absolute allowance per position `t` (see {@link int16Windows}): covers underflow in the float64 logit, `2^-1000`. */
const ABSOLUTE_PER_TERM = 2 ** -1000;

/**
 * Per-row *windows* of the int16 first pass, from what quantising `Q` and
 * `K` gave ({@link packInt16Pairs}): `w_i` such that every column `j` whose
 * int16-pass logit `s_ij` lies below `max_j' s_ij' − w_i` has a float64
 * logit `Ĉ_ij = fl(fl(q_i·k_j)·scale)` (today's kernel, any summation order)
 * strictly below the float64 logit of the column of that maximum — the
 * property of {@link float32Windows}, for another first pass.
 *
 * Write `q = q̃ + δq` with `q̃ = 2^{e_i}·ĩ` (integers `|ĩ_t| <= B`), `k_j = k̃_j + δk_j`
 * likewise, `N_i = ||q̃_i||`, `R_i = ||δq_i||`, `K̃max = max_j ||k̃_j||`,
 * `δKmax = max_j ||δk_j||`, so `||q_i|| <= N_i + R_i` and
 * `max_j ||k_j|| <= K̃max + δKmax =: Kmax`. The int16 kernel computes the
 * integer dot product of each chunk of 64 pairs, `n_c = sum_{t in c} ĩ_t k̃_t`,
 * exactly (no overflow, by the choice of {@link int16Bound}), adds the `C`
 * chunks' `fl32(n_c)` in single precision into `s̃_ij`, and `settle` scales it:
 * `s_ij = s̃_ij·2^{e_i}·2^{f_j}` (two exact products, the exponents keeping
 * every single normal and finite). Then
 *
 * - quantisation: `q·k − q̃·k̃ = δq·k + q̃·δk`, so by Cauchy–Schwarz
 *   `|q·k − q̃·k̃| <= R_i·Kmax + N_i·δKmax`;
 * - the single-precision sum of `C` converted terms (`C` roundings each,
 *   Higham's bound): `|q̃·k̃ − s_ij| <= gamma32_C·2^{e_i+f_j}·sum_c |n_c|
 *   <= gamma32_C·sum_t |q̃_t||k̃_t| <= gamma32_C·N_i·K̃max`;
 * - today's float64 logit: `|Ĉ/scale − q·k| <= (gamma64_d + 2u)·(N_i + R_i)·Kmax`
 *   (the dot product's `gamma_d·sum_t |q_t||k_t|`, the scaling's rounding);
 *
 * so `|Ĉ_ij/scale − s_ij| <= e_i`, their sum, plus an absolute
 * `d·2^-1000` for underflow in the float64 logit (at most `2^-1074` per
 * rounding; the int16 side has none), and a column below `m − 2e_i` is
 * below the column of `m` after all. The window is `w_i = 4·ê_i` with
 * the computed norms: their rounding (one square root of an exact integer,
 * or a relative `gamma_d` on `R`) and that of this formula are relative
 * `O(d·u)`, so `w_i` is above `2e_i` with `2·e_i` to spare, far above the
 * rounding `u·|m − w_i|` of the threshold the kernel compares with (as in
 * {@link float32Windows}).
 *
 * With `B = 4095` (any `d >= 128`; scales within a factor 2 of
 * `max_t |q_t| / B`) Gaussian rows give `R_i` about `4e-4·||q_i||`, so `w_i`
 * is about `3e-3·||q_i||·Kmax`, whatever `d`: a few float64 candidates per row.
 *
 * `w_i = −1` (the row goes to the float64 path whole) when row `i` could not
 * be quantised (an exponent above {@link INT16_EXPONENT_MAX}). `O(L)`.
 *
 * @example
 * int16Windows(512, qRows, kRows)[0]; // about 6e-3·||q_0||·max_j ||k_j|| for Gaussian rows
 * @throws never.
 */
export function int16Windows(d: number, q: Int16Rows, k: Int16Rows): Float64Array {
  let kMax = 0;
  let dkMax = 0;
  for (let j = 0; j < k.norms.length; j++) {
    kMax = Math.max(kMax, k.norms[j]!);
    dkMax = Math.max(dkMax, k.errors[j]!);
  }
  const kBound = kMax + dkMax;
  const nu = d * UNIT_ROUNDOFF;
  const g64 = nu / (1 - nu) + 2 * UNIT_ROUNDOFF;
  const absolute = d * ABSOLUTE_PER_TERM;
  const chunks = Math.ceil(Math.ceil(d / 2) / INT16_CHUNK);
  const g32 = (chunks * UNIT_ROUNDOFF_32) / (1 - chunks * UNIT_ROUNDOFF_32);
  const windows = new Float64Array(q.norms.length);
  for (let i = 0; i < windows.length; i++) {
    const n = q.norms[i]!;
    const r = q.errors[i]!;
    const e = g64 * (n + r) * kBound + r * kBound + n * dkMax + g32 * n * kMax + absolute;
    windows[i] = q.exponents[i]! > INT16_EXPONENT_MAX ? -1 : 4 * e;
  }
  return windows;
}
