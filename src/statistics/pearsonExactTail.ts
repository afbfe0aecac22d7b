import { assertFinite, assertInteger } from './validate.js';

/** A bracket `[lower, upper]` of an exact tail probability. */
export interface TailBracket {
  /** `<=` the exact tail. */
  readonly lower: number;
  /** `>=` the exact tail: a p-value with which a level-`alpha` test keeps its level exactly. */
  readonly upper: number;
  /** Width `w` of the grid the per-cell terms were floored to. */
  readonly binWidth: number;
}

/** Grid steps below the observed statistic: the bracket's width in the statistic is about `cells · x / STEPS`. */
const STEPS = 400;
/** DP states lighter than this are dropped; their mass (at most states · PRUNE, below 1e-18) is added to `upper`. */
const PRUNE = 1e-25;
/** Relative inflation of `upper` for the rounding of sums of positive terms (at most about 1e-11 relative). */
const ROUNDING = 1e-9;

/**
 * Exact tail `P(X² >= x)` of Pearson's statistic `X² = Σ_k (O_k − n p_k)² / (n p_k)`
 * when `(O_1..O_K)` is Multinomial(`n`, `p`), bracketed rigorously — no
 * chi-square approximation.
 *
 * Method: the counts are drawn cell by cell, `O_k | (r left) ~ Bin(r, p_k / Σ_{j>=k} p_j)`,
 * and a dynamic programme over (counts left, running sum) carries the law of
 * `Σ_k g_k` with `g_k = floor(f_k / w)`, `f_k` the cell's term and `w = x / 400`.
 * Since `w·g_k <= f_k < w·(g_k + 1)`:
 * `Σ g >= x/w` implies `X² >= x` (so its probability is `lower`), and
 * `X² >= x` implies `Σ g >= x/w − K + 1` (its probability is `upper`). A
 * partial sum that reaches `x/w` is absorbed at once (the terms are `>= 0`);
 * states lighter than 1e-25 are dropped and their mass added to `upper`, which
 * is finally inflated by a relative 1e-9 for floating-point rounding (every
 * quantity is a sum of positive terms; each binomial tail is summed from its
 * own end). So `lower <= P(X² >= x) <= upper` holds, and a test that rejects
 * when `upper <= alpha` has false-alarm rate at most `alpha` exactly.
 *
 * Complexity `O(K · R · 400 · I)` with `R` the counts-left values of
 * non-negligible mass (about 12 standard deviations of a cell count) and `I`
 * the width `2·sqrt(x·n p_k)` of a cell's surviving counts: a few hundred
 * milliseconds for `n = 1000`, `K = 15`. Memory `O(n · 400)`.
 *
 * @example
 * pearsonExactTail(4, [0.5, 0.5], 4); // { lower: 0.125, upper: 0.125.., binWidth: 0.01 } (both counts on one side)
 * @throws {TypeError} when an argument is not a number or an array of numbers.
 * @throws {RangeError} when `n` is not an integer `>= 1`, a probability is not
 *   in `(0, 1]`, they do not sum to 1 within 1e-9, or `x` is not finite.
 */
export function pearsonExactTail(n: number, probabilities: ArrayLike<number>, x: number): TailBracket {
  assertInteger('n', n, 1);
  assertFinite('x', x);
  const K = probabilities.length;
  let total = 0;
  for (let k = 0; k < K; k++) {
    const p = probabilities[k];
    assertFinite(`probabilities[${k}]`, p);
    if (!(p > 0 && p <= 1)) throw new RangeError(`probabilities[${k}] must be in (0, 1], got ${p}`);
    total += p;
  }
  if (K === 0 || Math.abs(total - 1) > 1e-9) throw new RangeError(`probabilities must sum to 1, got ${total}`);
  if (x <= 0 || K === 1) return { lower: K === 1 && x > 0 ? 0 : 1, upper: K === 1 && x > 0 ? 0 : 1, binWidth: 0 };

  const w = x / STEPS;
  const cap = STEPS; // Σ g >= cap  ⇒  X² >= x
  const upperFrom = cap - K + 1; // X² >= x  ⇒  Σ g >= upperFrom
  const lnFact = new Float64Array(n + 1);
  for (let m = 2; m <= n; m++) lnFact[m] = lnFact[m - 1]! + Math.log(m);

  let cur = new Float64Array((n + 1) * cap);
  let next = new Float64Array((n + 1) * cap);
  cur[n * cap] = 1;
  let absorbed = 0;
  let pruned = 0;
  let betweenBounds = 0;
  let tailLeft = 1;
  const pmf = new Float64Array(n + 1);
  const fromLeft = new Float64Array(n + 2);
  const fromRight = new Float64Array(n + 2);
  const g = new Int32Array(n + 1);

  for (let k = 0; k < K; k++) {
    const E = n * probabilities[k]!;
    const last = k === K - 1;
    const q = last ? 1 : Math.min(1, probabilities[k]! / tailLeft);
    tailLeft -= probabilities[k]!;
    for (let o = 0; o <= n; o++) g[o] = Math.min(cap, Math.floor((o - E) ** 2 / E / w));
    next.fill(0);
    for (let r = 0; r <= n; r++) {
      const row = r * cap;
      let any = false;
      for (let s = 0; s < cap; s++) {
        const mass = cur[row + s]!;
        if (mass === 0) continue;
        if (mass < PRUNE) {
          pruned += mass;
          cur[row + s] = 0;
        } else any = true;
      }
      if (!any) continue;
      if (last) {
        // The last cell takes every count left: O_K = r.
        for (let s = 0; s < cap; s++) {
          const mass = cur[row + s]!;
          if (mass === 0) continue;
          const total = s + g[r]!;
          if (total >= cap) absorbed += mass;
          else if (total >= upperFrom) betweenBounds += mass;
        }
        continue;
      }
      binomialPmf(r, q, lnFact, pmf);
      // Tail sums from each end, so that a tiny absorbed mass keeps its relative precision.
      fromLeft[0] = 0;
      for (let o = 0; o <= r; o++) fromLeft[o + 1] = fromLeft[o]! + pmf[o]!;
      fromRight[r + 1] = 0;
      for (let o = r; o >= 0; o--) fromRight[o] = fromRight[o + 1]! + pmf[o]!;
      for (let s = 0; s < cap; s++) {
        const mass = cur[row + s]!;
        if (mass === 0) continue;
        // Surviving counts: s + g(o) < cap, an interval around E (g grows with |o − E|).
        const room = cap - s;
        let lo = Math.max(0, Math.ceil(E - Math.sqrt(room * w * E)) - 1);
        let hi = Math.min(r, Math.floor(E + Math.sqrt(room * w * E)) + 1);
        while (lo <= hi && g[lo]! >= room) lo++;
        while (hi >= lo && g[hi]! >= room) hi--;
        if (lo > hi) {
          absorbed += mass;
          continue;
        }
        absorbed += mass * (fromLeft[lo]! + fromRight[hi + 1]!);
        for (let o = lo; o <= hi; o++) next[(r - o) * cap + s + g[o]!]! += mass * pmf[o]!;
      }
    }
    [cur, next] = [next, cur];
  }
  const lower = Math.min(1, absorbed);
  const upper = Math.min(1, (absorbed + betweenBounds + pruned) * (1 + ROUNDING) + Number.MIN_VALUE);
  return { lower, upper, binWidth: w };
}

/** `pmf[o] = P(Bin(r, q) = o)` for `o = 0..r`, from log-factorials (relative error about 1e-13). */
function binomialPmf(r: number, q: number, lnFact: Float64Array, pmf: Float64Array): void {
  if (q >= 1) {
    pmf.fill(0, 0, r + 1);
    pmf[r] = 1;
    return;
  }
  const lq = Math.log(q);
  const l1q = Math.log1p(-q);
  for (let o = 0; o <= r; o++) pmf[o] = Math.exp(lnFact[r]! - lnFact[o]! - lnFact[r - o]! + o * lq + (r - o) * l1q);
}
