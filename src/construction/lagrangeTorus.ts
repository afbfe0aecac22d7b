import { centredResidue, type LagrangeGeometry, type LagrangeGrid } from './_internals/lagrangeGeometry.js';
import { lagrangeConstruction } from './_internals/lagrangeCertificate.js';

/** `n = ceil(sqrt(L))`, exactly (an integer search around the float estimate). */
function side(L: number): number {
  let n = Math.ceil(Math.sqrt(L));
  while (n * n < L) n++;
  while ((n - 1) * (n - 1) >= L) n--;
  return n;
}

/**
 * The torus of SPEC §7.2: `n = ceil(sqrt(L))`, column `j` at
 * `(a, b) = (j mod n, floor(j / n))`, angles `2π a/n`, `2π b/n`;
 * `g_s = 1 − ½cos(alpha − alpha_s) − ½cos(beta − beta_s)`, on the grid
 * `sin²(π Δa/n) + sin²(π Δb/n) >= h = sin²(π/n)` off `s`, so `M_i = sum_t a_t / h`.
 * Frequencies `H = {(k1, k2) : |k1| + |k2| <= S, k1 > 0 or (k1 = 0 and k2 > 0)}`.
 */
const torus: LagrangeGeometry = {
  baseDimension: (S) => 2 * S * S + 2 * S + 1,
  frequencies(S) {
    const H: Array<readonly [number, number]> = [];
    for (let k2 = 1; k2 <= S; k2++) H.push([0, k2]);
    for (let k1 = 1; k1 <= S; k1++) for (let k2 = -(S - k1); k2 <= S - k1; k2++) H.push([k1, k2]);
    return H;
  },
  grid(L: number): LagrangeGrid {
    const n = side(L);
    const sin2 = (r: number): number => Math.sin((Math.PI * centredResidue(r, n)) / n) ** 2;
    const h = Math.sin(Math.PI / n) ** 2;
    return {
      g: (j, s) => sin2((j % n) - (s % n)) + sin2(Math.floor(j / n) - Math.floor(s / n)),
      factor(s) {
        const alpha = (2 * Math.PI * centredResidue(s % n, n)) / n;
        const beta = (2 * Math.PI * centredResidue(Math.floor(s / n), n)) / n;
        const [ca, sa, cb, sb] = [
          -0.25 * Math.cos(alpha),
          0.25 * Math.sin(alpha),
          -0.25 * Math.cos(beta),
          0.25 * Math.sin(beta),
        ];
        // −¼ e^{∓i alpha_s} at (±1, 0), −¼ e^{∓i beta_s} at (0, ±1).
        return [
          [0, 0, 1, 0],
          [1, 0, ca, sa],
          [-1, 0, ca, -sa],
          [0, 1, cb, sb],
          [0, -1, cb, -sb],
        ];
      },
      // Off the support every g_{s_t} >= h, so sum_t a_t / g_{s_t} <= sum_t a_t / h.
      suppression: (support, a) => (support.length >= L ? -Infinity : a.reduce((sum, x) => sum + x, 0) / h),
      angle: (k1, k2, j) => (2 * Math.PI * centredResidue(k1 * (j % n) + k2 * Math.floor(j / n), n)) / n,
    };
  },
};

/**
 * `lagrange-torus` (SPEC §7.2): the Lagrange scheme on an `n×n` torus grid,
 * `n = ceil(sqrt(L))`, deterministic with `d0 = 2S² + 2S + 1` (5, 13, 25 for
 * `S = 1, 2, 3`). Grid neighbours are `2π/n` apart instead of `2π/L`, so its numbers
 * grow like `L` (`L^c` for `c` clustered support columns) rather than `L²`: it reaches
 * far larger `L` in float64 than the circle, for a larger `d0`. The seed is ignored;
 * `d > d0` pads with zero columns. `O(L·d + nnz·S⁴)`.
 *
 * @example
 * lagrangeTorus.baseDimension(3); // 25
 * lagrangeTorus.construct(W, { epsilon: 0.5, gamma: 0.5, d: 25 }).X.cols; // 50
 * @throws {InputRangeError} for `d < 2S² + 2S + 1`, layout `'fixed'`, a row of more than 16 entries, or a
 *   certificate over the size limit (naming the field); what `logitTarget` throws for a bad precision.
 */
export const lagrangeTorus = lagrangeConstruction('lagrange-torus', torus);
