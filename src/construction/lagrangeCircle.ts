import { centredResidue, type LagrangeGeometry, type LagrangeGrid } from './_internals/lagrangeGeometry.js';
import { lagrangeConstruction } from './_internals/lagrangeCertificate.js';

/**
 * The circle of SPEC §7.1: column `j` at angle `theta_j = 2π j / L`,
 * `g_s(theta) = 1 − cos(theta − theta_s)` (on the grid `2 sin²(π (j − s) / L)`,
 * with `j − s` reduced to `(−L/2, L/2]` in integers), frequencies `1 … S`.
 *
 * `M_i` is the largest `sum_t a_t / g_{s_t}(theta_j)` over the grid neighbours
 * `j = s_t ± 1` outside the support: between two consecutive support angles
 * each `1 / g_s` is convex, so their positive combination is too, and its largest
 * value on the grid points of that arc is at one of the arc's two ends.
 */
const circle: LagrangeGeometry = {
  baseDimension: (S) => 2 * S + 1,
  frequencies: (S) => Array.from({ length: S }, (_, k) => [k + 1, 0] as const),
  grid(L: number): LagrangeGrid {
    const g = (j: number, s: number): number => 2 * Math.sin((Math.PI * centredResidue(j - s, L)) / L) ** 2;
    return {
      g,
      factor(s) {
        const theta = (2 * Math.PI * centredResidue(s, L)) / L;
        const c = -0.5 * Math.cos(theta);
        const sn = 0.5 * Math.sin(theta);
        // 1 − ½ e^{i(θ − θ_s)} − ½ e^{−i(θ − θ_s)}: −½ e^{−iθ_s} at frequency +1, −½ e^{iθ_s} at −1.
        return [
          [0, 0, 1, 0],
          [1, 0, c, sn],
          [-1, 0, c, -sn],
        ];
      },
      suppression(support, a) {
        let M = -Infinity;
        for (const s of support)
          for (const j of [(s + 1) % L, (s + L - 1) % L]) {
            if (support.includes(j)) continue;
            M = Math.max(
              M,
              support.reduce((sum, u, t) => sum + a[t]! / g(j, u), 0),
            );
          }
        return M;
      },
      angle: (k1, _k2, j) => (2 * Math.PI * centredResidue(k1 * j, L)) / L,
    };
  },
};

/**
 * `lagrange-circle` (SPEC §7.1): a deterministic construction with
 * `d0 = 2S + 1` whatever `L` — each query is the coefficient vector of a
 * trigonometric polynomial of degree `S` that equals `b_t` at the support angles
 * and is at most `−Delta` at every other grid angle; the keys are the Fourier
 * features `(1, cos θ_j, sin θ_j, …, cos Sθ_j, sin Sθ_j)`. Exact in real
 * arithmetic; in float64 its numbers grow like `L²` (`L^(2c)` for `c` clustered
 * support columns), which sets its precision frontier (docs/beyond.md).
 * The seed is ignored; `d > d0` pads with zero columns. `O(L·d + nnz·S³)`.
 *
 * @example
 * const W = SparseTarget.fromEntries(4096, entries, { S: 2 });
 * lagrangeCircle.construct(W, { epsilon: 0.5, gamma: 0.5, d: lagrangeCircle.baseDimension(2) }).d; // 5
 * @throws {InputRangeError} for `d < 2S + 1`, layout `'fixed'`, a row of more than 16 entries, or a
 *   certificate over the size limit (naming the field); what `logitTarget` throws for a bad precision.
 */
export const lagrangeCircle = lagrangeConstruction('lagrange-circle', circle);
