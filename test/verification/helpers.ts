import { denseMatrix, type DenseMatrix } from '../../src/matrix/denseMatrix.js';
import { fillGaussian } from '../../src/random/gaussian.js';
import type { RandomSource } from '../../src/random/randomSource.js';
import { SparseTarget, type TargetEntry } from '../../src/targets/sparseTarget.js';
import { webAssemblyApi, type WasmModuleHandle } from '../../src/verification/_internals/kernel/webAssemblyApi.js';

/** Unit roundoff, for tolerances stated in ulps. */
export const u = 2 ** -53;

/** A matrix from nested rows (test shorthand; no validation beyond shape). */
export function mat(rows: number[][]): DenseMatrix {
  const r = rows.length;
  const c = rows[0]!.length;
  return denseMatrix(r, c, Float64Array.from(rows.flat()));
}

/**
 * `K = 2·I_L` with `d = L`: then `C = Q K^T / sqrt(L)` equals `Q` exactly when
 * `L = 4` (scale 1/2, products by 2 and sums with zeros are exact), so the
 * logits of a hand-made case can be written down directly as `Q`.
 */
export function twiceIdentity(L: number): DenseMatrix {
  const m = denseMatrix(L, L);
  for (let i = 0; i < L; i++) m.data[i * L + i] = 2;
  return m;
}

/** A random `L×d` Gaussian matrix. */
export function gaussianMatrix(random: RandomSource, rows: number, cols: number, sd: number): DenseMatrix {
  return denseMatrix(rows, cols, fillGaussian(random, new Float64Array(rows * cols), sd));
}

/**
 * A random `L×d` Gaussian `K` whose odd rows are the even rows plus `eta`
 * times Gaussian noise: pairs of near-tied logits in every row, which a first
 * pass must tell apart in float64 (a too-small window cannot).
 */
export function nearTwins(random: RandomSource, L: number, d: number, eta: number): DenseMatrix {
  const K = gaussianMatrix(random, L, d, 1);
  const noise = gaussianMatrix(random, L, d, 1);
  for (let j = 1; j < L; j += 2)
    for (let t = 0; t < d; t++) K.data[j * d + t] = K.data[(j - 1) * d + t]! + eta * noise.data[j * d + t]!;
  return K;
}

/**
 * A module compiled now from `bytes` (not the process-wide cached one: a change in the emitter shows at
 * once) and the names of its exports, in order.
 */
export function compiledAfresh(bytes: Uint8Array): { module: WasmModuleHandle; exports: string[] } {
  const api = webAssemblyApi()!;
  const module = new api.Module(bytes);
  const listing = (api as unknown as { Module: { exports(m: unknown): { name: string }[] } }).Module.exports(module);
  return { module, exports: listing.map((e) => e.name) };
}

/** The `[L, d]` shapes of the afresh-compiled kernel tests: a single row tile, odd sizes, a full panel, several blocks. */
export const AFRESH_SHAPES = [
  [3, 1],
  [17, 7],
  [16, 3],
  [40, 9],
] as const;

/** A random valid target: every row gets 1..S entries at distinct random columns, weights `exp(U(-spread, spread))`. */
export function randomTarget(random: RandomSource, L: number, S: number, logSpread: number): SparseTarget {
  const entries: TargetEntry[] = [];
  for (let i = 0; i < L; i++) {
    const count = 1 + Math.floor(random.next() * Math.min(S, L));
    const cols = new Set<number>();
    while (cols.size < count) cols.add(Math.floor(random.next() * L));
    for (const j of cols) entries.push([i, j, Math.exp((2 * random.next() - 1) * logSpread)]);
  }
  return SparseTarget.fromEntries(L, entries);
}

/**
 * Factors whose logits are the construction's logit target `B` (SPEC §3 step 2,
 * written out independently here) plus Gaussian noise of size `noise`:
 * `d = L`, `K = sqrt(L)·I`, `Q = B + N`, so `C = Q K^T / sqrt(L) = B + N` up to rounding.
 */
export function nearTargetFactors(
  random: RandomSource,
  W: SparseTarget,
  delta: number,
  noise: number,
): { Q: DenseMatrix; K: DenseMatrix } {
  const L = W.L;
  const Q = gaussianMatrix(random, L, L, noise);
  for (const [i, j, w] of W.entries()) Q.data[i * L + j]! += delta + Math.log(w) - W.rowLogMin[i]!;
  const K = denseMatrix(L, L);
  for (let j = 0; j < L; j++) K.data[j * L + j] = Math.sqrt(L);
  return { Q, K };
}

/**
 * The certificate whose projections are exactly the given factors: `X = [Q | K]`,
 * `WQ = [I; 0]`, `WK = [0; I]`, so `X·WQ = Q` and `X·WK = K` (the products only copy).
 */
export function factorsAsCertificate(
  Q: DenseMatrix,
  K: DenseMatrix,
): { X: DenseMatrix; WQ: DenseMatrix; WK: DenseMatrix; d: number } {
  const L = Q.rows;
  const d = Q.cols;
  const X = denseMatrix(L, 2 * d);
  for (let i = 0; i < L; i++) {
    X.data.set(Q.data.subarray(i * d, (i + 1) * d), i * 2 * d);
    X.data.set(K.data.subarray(i * d, (i + 1) * d), i * 2 * d + d);
  }
  const WQ = denseMatrix(2 * d, d);
  const WK = denseMatrix(2 * d, d);
  for (let t = 0; t < d; t++) {
    WQ.data[t * d + t] = 1;
    WK.data[(d + t) * d + t] = 1;
  }
  return { X, WQ, WK, d };
}

/** A target with a full-support row 0, a single-support row 1 and 1–3 random entries in every other row. */
export function mixedTarget(random: RandomSource, L: number): SparseTarget {
  const entries: [number, number, number][] = [];
  for (let j = 0; j < L; j++) entries.push([0, j, Math.exp(random.next() - 0.5)]);
  entries.push([1, L - 1, 2]);
  for (let i = 2; i < L; i++) {
    const cols = new Set<number>();
    const count = 1 + Math.floor(random.next() * Math.min(3, L));
    while (cols.size < count) cols.add(Math.floor(random.next() * L));
    for (const j of cols) entries.push([i, j, Math.exp(2 * random.next() - 1)]);
  }
  return SparseTarget.fromEntries(L, entries);
}

/** A seeded check of any outcome: `L` in `2..maxL+1`, near-target factors (even trials) or Gaussian ones with `d <= 300`, a random precision and block size. */
export function randomCheckCase(
  random: RandomSource,
  trial: number,
  maxL: number,
): {
  W: SparseTarget;
  Q: DenseMatrix;
  K: DenseMatrix;
  precision: { epsilon: number; gamma: number };
  blockRows: number;
} {
  const L = 2 + Math.floor(random.next() * maxL);
  const W = randomTarget(random, L, 1 + Math.floor(random.next() * 4), 3 * random.next());
  const epsilon = 0.05 + 2 * random.next();
  const gamma = 0.05 + 0.9 * random.next();
  let Q: DenseMatrix, K: DenseMatrix;
  if (trial % 2 === 0)
    ({ Q, K } = nearTargetFactors(
      random,
      W,
      Math.log(1 / gamma) + Math.log1p(epsilon),
      0.4 * random.next() * Math.log1p(epsilon),
    ));
  else {
    const d = 1 + Math.floor(random.next() * 300);
    Q = gaussianMatrix(random, L, d, random.next());
    K = gaussianMatrix(random, L, d, random.next());
  }
  return { W, Q, K, precision: { epsilon, gamma }, blockRows: 1 + Math.floor(random.next() * 9) };
}
