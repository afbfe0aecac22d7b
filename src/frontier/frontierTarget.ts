import { InputRangeError } from '../errors/inputError.js';
import { createRandom, type RandomSource } from '../random/randomSource.js';
import { SparseTarget, type TargetEntry } from '../targets/sparseTarget.js';

/** Support patterns of the frontier: `random` (spread out) or `clustered` (the Lagrange constructions' worst case). */
export const FRONTIER_PATTERNS = ['random', 'clustered'] as const;
export type FrontierPattern = (typeof FRONTIER_PATTERNS)[number];

/** Where support columns of a clustered row sit relative to its first: the geometry of the construction. */
export type ClusterGeometry = 'circle' | 'torus';

/** Offsets `(da, db)` of a torus cluster, nearest first: a 2×2 block for `S <= 4`, then further out. */
const TORUS_OFFSETS: ReadonlyArray<readonly [number, number]> = [
  [0, 0],
  [1, 0],
  [0, 1],
  [1, 1],
  [2, 0],
  [0, 2],
  [2, 1],
  [1, 2],
  [2, 2],
];

/**
 * A seeded `L×L` target with `S` entries in (almost) every row and at most `S` per
 * column, weights `exp(U·ln kappa)`:
 *
 * - `'random'`: row `i` holds `pi_t(i)` for `S` independent random permutations
 *   `pi_t` (a column drawn twice in a row is kept once);
 * - `'clustered'`: row `i` holds the `S` columns next to a random base `pi(i)`:
 *   `pi(i), pi(i)+1, …` on the circle, a 2×2 block `pi(i) + da + db·n` (`n = ceil(sqrt L)`)
 *   on the torus — where the Lagrange factors are smallest and the numbers largest.
 *
 * Each base pattern is a permutation and each row adds `S` distinct offsets to it,
 * so no column holds more than `S` entries. `O(L·S)`.
 *
 * @example
 * frontierTarget({ L: 1024, S: 2, pattern: 'clustered', geometry: 'circle', kappa: 2, seed: 1 }).maxRowCount; // 2
 * @throws {InputRangeError} for `S` above 9 on a torus cluster, or `S > L`.
 */
export function frontierTarget(spec: {
  L: number;
  S: number;
  pattern: FrontierPattern;
  geometry: ClusterGeometry;
  kappa: number;
  seed: number;
}): SparseTarget {
  const { L, S, pattern, geometry, kappa, seed } = spec;
  if (S > L) throw new InputRangeError(`must be at most L = ${L}, got ${S}`, { field: 'S' });
  if (pattern === 'clustered' && geometry === 'torus' && S > TORUS_OFFSETS.length)
    throw new InputRangeError(`a clustered torus target takes S <= ${TORUS_OFFSETS.length}, got ${S}`, { field: 'S' });
  const random = createRandom(seed);
  const n = Math.ceil(Math.sqrt(L));
  const offsets =
    geometry === 'circle'
      ? Array.from({ length: S }, (_, t) => t)
      : TORUS_OFFSETS.slice(0, S).map(([da, db]) => da + db * n);
  const permutations =
    pattern === 'random' ? Array.from({ length: S }, () => permutation(L, random)) : [permutation(L, random)];
  const logKappa = Math.log(kappa);
  const entries: TargetEntry[] = [];
  for (let i = 0; i < L; i++) {
    const columns =
      pattern === 'random' ? permutations.map((p) => p[i]!) : offsets.map((o) => (permutations[0]![i]! + o) % L);
    for (const j of new Set(columns)) entries.push([i, j, Math.exp(random.next() * logKappa)]);
  }
  return SparseTarget.fromEntries(L, entries, { S });
}

/** A uniformly random permutation of `0 … L−1` (Fisher–Yates). */
function permutation(L: number, random: RandomSource): Int32Array {
  const p = Int32Array.from({ length: L }, (_, i) => i);
  for (let i = L - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [p[i], p[j]] = [p[j]!, p[i]!];
  }
  return p;
}
