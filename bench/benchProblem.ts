import type { Certificate } from '../src/certificates/certificate.js';
import { construct } from '../src/construction/construct.js';
import type { DenseMatrix } from '../src/matrix/denseMatrix.js';
import { deriveSeed } from '../src/random/deriveSeed.js';
import { createRandom } from '../src/random/randomSource.js';
import { SparseTarget, type TargetEntry } from '../src/targets/sparseTarget.js';
import { projectInputs } from '../src/verification/_internals/inputProjection.js';

/**
 * A seeded valid target with at most `S` positive entries in every row and
 * column: the union of `S` random permutation patterns (row `i` gets column
 * `pi_s(i)` from each), weights `exp(U(−logSpread, logSpread))`, so
 * `kappa <= exp(2·logSpread)`. `O(S·L)`.
 */
export function benchTarget(L: number, S: number, seed: number, logSpread: number): SparseTarget {
  const seen = new Set<number>();
  const entries: TargetEntry[] = [];
  for (let s = 0; s < S; s++) {
    const random = createRandom(deriveSeed(seed, s));
    const perm = Int32Array.from({ length: L }, (_, i) => i);
    for (let i = L - 1; i > 0; i--) {
      const j = Math.floor(random.next() * (i + 1));
      const t = perm[i]!;
      perm[i] = perm[j]!;
      perm[j] = t;
    }
    for (let i = 0; i < L; i++) {
      const key = i * L + perm[i]!;
      if (seen.has(key)) continue;
      seen.add(key);
      entries.push([i, perm[i]!, logSpread === 0 ? 1 : Math.exp((2 * random.next() - 1) * logSpread)]);
    }
  }
  return SparseTarget.fromEntries(L, entries, { S });
}

/** A benchmark problem: target, certificate (projected layout) and the verifier's projections `Q`, `K` of it. */
export interface BenchProblem {
  readonly target: SparseTarget;
  readonly cert: Certificate;
  readonly Q: DenseMatrix;
  readonly K: DenseMatrix;
  readonly epsilon: number;
  readonly gamma: number;
  /** Seconds spent in `construct`. */
  readonly constructSeconds: number;
}

/** Builds the problem of size `L×L`, dimension `d`, from `seed`: `S` entries per row (default 4), `kappa <= e²`, `epsilon = gamma = 0.5`. */
export function benchProblem(L: number, d: number, seed: number, S = 4): BenchProblem {
  const epsilon = 0.5;
  const gamma = 0.5;
  const target = benchTarget(L, S, seed, 1);
  const started = performance.now();
  const cert = construct(target, { epsilon, gamma, d, seed: deriveSeed(seed, 1000), layout: 'projected' });
  const constructSeconds = (performance.now() - started) / 1000;
  const Q = projectInputs(cert.X, cert.WQ).product;
  const K = projectInputs(cert.X, cert.WK).product;
  return { target, cert, Q, K, epsilon, gamma, constructSeconds };
}
