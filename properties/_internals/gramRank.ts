import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { chiSquareCdf } from '../../src/statistics/chiSquare.js';

/**
 * The `d`-th largest eigenvalue of a symmetric `L×L` Gram matrix `A = G Gᵀ`
 * (row-major), `G` being `L×d` with `d <= L`: zero exactly when `G` has fewer
 * than `d` independent columns. Symmetric eigen-decomposition (ml-matrix):
 * `O(L³)`, under a millisecond at `L = 64`; the eigenvalues are accurate to
 * about `1e-15·‖A‖`.
 *
 * @example
 * dthGramEigenvalue(Float64Array.from([1, 0, 0, 0]), 2, 2); // 0 (G = [[1], [0]] has rank 1 < 2)
 * @throws {RangeError} when `gram` is not `L×L` or `d` is not in `1..L`.
 */
export function dthGramEigenvalue(gram: Float64Array, L: number, d: number): number {
  if (gram.length !== L * L) throw new RangeError(`gram has ${gram.length} entries, expected ${L}×${L}`);
  if (!(Number.isInteger(d) && d >= 1 && d <= L)) throw new RangeError(`d must be an integer in 1..${L}, got ${d}`);
  const A = new Matrix(L, L);
  for (let i = 0; i < L; i++) for (let j = 0; j < L; j++) A.set(i, j, (gram[i * L + j]! + gram[j * L + i]!) / 2);
  const eigenvalues = new EigenvalueDecomposition(A, { assumeSymmetric: true }).realEigenvalues.sort((a, b) => b - a);
  return eigenvalues[d - 1]!;
}

/**
 * Upper bound of `P(λ_d(G Gᵀ) < tau)` for `G` an `L×d` matrix of independent
 * `N(0, 1/d)` entries, `d <= L`: `d · F_{χ²(L−d+1)}(d²·tau)`.
 *
 * Why: with `G = Z/sqrt(d)`, `λ_d(G Gᵀ) = σ_min(Z)²/d`. For a unit `x`, some
 * coordinate has `|x_k| >= 1/sqrt(d)`, and `‖Zx‖ >= |x_k|·dist(z_k, H_k)`
 * (`H_k` the span of the other columns), so
 * `σ_min(Z) >= min_k dist(z_k, H_k)/sqrt(d)`. Each `dist(z_k, H_k)²` is
 * `χ²(L − d + 1)` (a Gaussian vector's component orthogonal to an independent
 * `(d−1)`-dimensional subspace); a union bound over the `d` columns finishes.
 * `O(1)`.
 *
 * @example
 * rankDeficiencyBound(64, 32, 1e-3); // ≈ 3.6e-18
 * @throws {RangeError} when `d` is not in `1..L` or `tau <= 0`.
 */
export function rankDeficiencyBound(L: number, d: number, tau: number): number {
  if (!(Number.isInteger(d) && d >= 1 && d <= L)) throw new RangeError(`d must be an integer in 1..${L}, got ${d}`);
  if (!(tau > 0)) throw new RangeError(`tau must be positive, got ${tau}`);
  return Math.min(1, d * chiSquareCdf(d * d * tau, L - d + 1));
}
