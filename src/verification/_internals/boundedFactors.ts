import type { DenseMatrix } from '../../matrix/denseMatrix.js';

/**
 * Computed query and key matrices `Q̂`, `K̂` (`L×d`) together with rigorous
 * per-row radii around the exact ones: `||q̂_i − q_i||_2 <= qRadius[i]` and
 * `||k̂_j − k_j||_2 <= kRadius[j]`, where `q_i`, `k_j` are the rows of the
 * exact (real-arithmetic) `Q`, `K`. A `null` radius means the matrix is exact
 * (the verifier was handed `Q` and `K` themselves).
 */
export interface BoundedFactors {
  readonly Q: DenseMatrix;
  readonly K: DenseMatrix;
  readonly qRadius: Float64Array | null;
  readonly kRadius: Float64Array | null;
  /**
   * The rows' norms `vectorNorm(Q̂_i)` and `vectorNorm(K̂_j)` when they were
   * computed with the products (the parallel projection does it while each
   * row is in cache); absent, the check computes them, the same numbers.
   */
  readonly qNorm?: Float64Array;
  readonly kNorm?: Float64Array;
}

/**
 * Where the streaming check gets its factors: a fast version for the main
 * pass, and a more accurate one (computed on demand, at most once) for
 * re-checking the rows the fast pass could not decide.
 */
export interface FactorSource {
  readonly fast: BoundedFactors;
  readonly accurate: () => BoundedFactors;
}
