import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sparseTarget, type TargetPattern } from '../../src/generators/index.js';
import type { SparseTarget } from '../../src/targets/sparseTarget.js';
import { expectValid, offsets } from './helpers.js';

const S = 3;
const bounds = { minL: 2, maxL: 40, S, kappa: 100 };
const sampleOf = (pattern: TargetPattern, s = S, seed = 99): SparseTarget[] =>
  fc.sample(sparseTarget({ pattern, S: s, maxL: bounds.maxL }), { seed, numRuns: 150 });

/** Offsets `(j - i) mod L` of a target's entries, as a set. */
const circularOffsets = (W: SparseTarget): Set<number> => new Set(W.entries().map(([i, j]) => (j - i + W.L) % W.L));
const hasDiagonal = (W: SparseTarget): boolean => Array.from({ length: W.L }, (_, i) => W.has(i, i)).every(Boolean);
const columnCounts = (W: SparseTarget): number[] => {
  const counts = new Array<number>(W.L).fill(0);
  for (const [, j] of W.entries()) counts[j]!++;
  return counts;
};
const isRegular = (W: SparseTarget, degree: number): boolean =>
  Array.from({ length: W.L }, (_, i) => W.rowCount(i)).every((n) => n === degree) &&
  columnCounts(W).every((n) => n === degree);

describe('pattern families produce their structure', () => {
  it('permutation: exactly one entry per row and per column, whatever S', () => {
    const sample = sampleOf('permutation');
    for (const W of sample) {
      expectValid(W, bounds);
      expect(isRegular(W, 1)).toBe(true);
    }
    // Not only the identity.
    expect(sample.some((W) => !hasDiagonal(W))).toBe(true);
  });

  it('banded: the diagonal plus a window [i - a, i + b] with a + b + 1 <= S', () => {
    const sample = sampleOf('banded');
    for (const W of sample) {
      expectValid(W, bounds);
      expect(hasDiagonal(W)).toBe(true);
      const o = offsets(W);
      expect(Math.max(...o) - Math.min(...o) + 1).toBeLessThanOrEqual(S);
    }
    const windows = sample.map((W) => [Math.min(...offsets(W)), Math.max(...offsets(W))] as const);
    // Symmetric, causal (look-back only) and look-ahead-only windows all occur.
    expect(windows.some(([lo, hi]) => lo === -1 && hi === 1)).toBe(true);
    expect(windows.some(([lo, hi]) => lo === -2 && hi === 0)).toBe(true);
    expect(windows.some(([lo, hi]) => lo === 0 && hi === 2)).toBe(true);
  });

  it('blockDiagonal: the diagonal, and all entries inside contiguous blocks of size <= S', () => {
    const sample = sampleOf('blockDiagonal');
    for (const W of sample) {
      expectValid(W, bounds);
      expect(hasDiagonal(W)).toBe(true);
      // Merge the index intervals [min(i,j), max(i,j)] spanned by entries:
      // the merged intervals are the finest blocks containing every entry.
      const reach = Array.from({ length: W.L }, (_, k) => k);
      for (const [i, j] of W.entries()) reach[Math.min(i, j)] = Math.max(reach[Math.min(i, j)]!, Math.max(i, j));
      for (let start = 0; start < W.L;) {
        let end = reach[start]!;
        for (let k = start; k <= end; k++) end = Math.max(end, reach[k]!);
        expect(end - start + 1).toBeLessThanOrEqual(S);
        start = end + 1;
      }
    }
    // Full blocks of size S (unthinned) occur.
    expect(sample.some((W) => W.maxRowCount === S && W.maxColumnCount === S)).toBe(true);
  });

  it('strided: a circulant with at most S distinct offsets (j - i) mod L', () => {
    const sample = sampleOf('strided');
    for (const W of sample) {
      expectValid(W, bounds);
      expect(circularOffsets(W).size).toBeLessThanOrEqual(S);
    }
    // Unthinned circulants are S-regular: as many entries in every column as in every row.
    expect(sample.some((W) => W.L > 2 * S && isRegular(W, S))).toBe(true);
    // Dilated (stride > 1) and shifted (diagonal absent) circulants occur.
    expect(
      sample.some(
        (W) =>
          W.L > 2 * S && [...circularOffsets(W)].every((o) => o !== 1 && o !== W.L - 1) && circularOffsets(W).size > 1,
      ),
    ).toBe(true);
    expect(sample.some((W) => !hasDiagonal(W))).toBe(true);
  });

  it('random: unions of up to S permutations, unstructured (the circulant check above rejects them)', () => {
    const sample = sampleOf('random');
    for (const W of sample) expectValid(W, bounds);
    // Dense unions occur: most rows full (independent permutations collide in
    // about L/L = 1 row per pair, so a union is rarely exactly S-regular).
    const fullRows = (W: SparseTarget) =>
      Array.from({ length: W.L }, (_, i) => W.rowCount(i)).filter((n) => n === S).length;
    expect(sample.some((W) => W.L >= 10 && fullRows(W) >= W.L / 2 && W.maxColumnCount === S)).toBe(true);
    // Large random targets are neither circulant nor banded: the structure
    // checks of the other families are not vacuous.
    const large = sample.filter((W) => W.L >= 10 && W.nnz > W.L);
    expect(large.length).toBeGreaterThan(10);
    const circulant = large.filter((W) => circularOffsets(W).size <= S).length;
    expect(circulant).toBeLessThan(large.length / 10);
  });

  it('bandedPlusRandom: the diagonal (from the window) in every row, plus off-window entries', () => {
    const sample = sampleOf('bandedPlusRandom');
    for (const W of sample) {
      expectValid(W, bounds);
      expect(hasDiagonal(W)).toBe(true);
    }
    expect(sample.some((W) => offsets(W).some((o) => Math.abs(o) > S))).toBe(true);
  });

  it('S = 1: every family degenerates to a permutation', () => {
    for (const pattern of ['random', 'banded', 'blockDiagonal', 'strided', 'bandedPlusRandom', 'mixed'] as const)
      for (const W of sampleOf(pattern, 1, 5).slice(0, 40)) expect(isRegular(W, 1)).toBe(true);
  });

  it('mixed: draws from several families', () => {
    const sample = sampleOf('mixed');
    for (const W of sample) expectValid(W, bounds);
    const permutations = sample.filter((W) => isRegular(W, 1) && !hasDiagonal(W)).length;
    const windows = sample.filter((W) => W.nnz > W.L && Math.max(...offsets(W).map(Math.abs)) < S).length;
    const scattered = sample.filter((W) => W.nnz > W.L && circularOffsets(W).size > S).length;
    expect(permutations).toBeGreaterThan(0);
    expect(windows).toBeGreaterThan(0);
    expect(scattered).toBeGreaterThan(0);
  });
});
