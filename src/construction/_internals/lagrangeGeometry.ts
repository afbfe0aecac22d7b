import type { FourierTerm } from './trigPolynomial.js';

/**
 * What distinguishes the two Lagrange constructions of SPEC §7 (circle and
 * torus): where column `j` sits, the factor `g_s` that vanishes at column `s`
 * only, and the suppression constant `M_i`. The scheme built on it
 * ({@link lagrangeCertificate}) is shared.
 */
export interface LagrangeGeometry {
  /** `d0 = 1 + 2·|H|` for rows of at most `S` entries. */
  baseDimension(S: number): number;
  /** The frequencies `H` (one of each `±k` pair, `k != 0`) in key order, for rows of at most `S` entries. */
  frequencies(S: number): ReadonlyArray<readonly [number, number]>;
  /** Prepares the grid for sequence length `L`. */
  grid(L: number): LagrangeGrid;
}

/** The geometry at one sequence length. */
export interface LagrangeGrid {
  /** `g_s` at column `j`, evaluated from integers (`>= 0`, and `0` only at `j = s`). */
  g(j: number, s: number): number;
  /** Fourier terms of `g_s`. */
  factor(s: number): readonly FourierTerm[];
  /**
   * `M_i`: an upper bound on `sum_t a_t / g_{s_t}(j)` over every column `j` outside
   * the support (`-Infinity` when the support holds every column).
   */
  suppression(support: readonly number[], a: readonly number[]): number;
  /** The angle `k1·alpha_j + k2·beta_j`, reduced modulo the grid in integers before it is scaled to radians. */
  angle(k1: number, k2: number, j: number): number;
}

/**
 * `r mod n` as the representative in `(-n/2, n/2]`: the angle `2π·r/n` then has
 * magnitude at most `π`, where `Math.cos` and `Math.sin` are most accurate. `O(1)`.
 */
export function centredResidue(r: number, n: number): number {
  let x = r % n;
  if (x < 0) x += n;
  return x > n / 2 ? x - n : x;
}
