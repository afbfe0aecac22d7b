import type { NormalizedConstraints } from './normalizeConstraints.js';
import { permutationFromKeys } from './permutationFromKeys.js';
import { clampInt, type PatternRecipe, type RowRecipe } from './targetRecipe.js';

/**
 * Candidate support of each row, before thinning: `rows[i]` lists distinct
 * columns of row `i`, slot 0 first (slot 0 is never thinned away).
 *
 * Invariant, for every recipe of the right shape (fields are read clamped):
 * every row has between 1 and `slots` candidates and every column appears in
 * at most `slots` rows. Thinning only removes candidates other than slot 0, so
 * the thinned support keeps both bounds and every row non-empty. Each family
 * says below why its column bound holds. Complexity `O(L * slots)` plus
 * `O(L log L)` per permutation. Never throws.
 *
 * @example
 * // Causal window of width 1 (j = i - 1 .. i), S = 2, L = 3:
 * patternSupport({ kind: 'banded', width: 1, shift: 1 }, [], 3, normalizeConstraints({ S: 2 }));
 * // [[0], [1, 0], [2, 1]]
 */
export function patternSupport(
  pattern: PatternRecipe,
  rows: readonly (RowRecipe | undefined)[],
  L: number,
  c: NormalizedConstraints,
): number[][] {
  const S = c.slots;
  const keyOf = (k: number) => (i: number) => rows[i]?.keys[k] ?? 0;
  switch (pattern.kind) {
    case 'permutation': {
      // One permutation: exactly one entry per row and per column.
      return Array.from(permutationFromKeys(L, keyOf(0)), (j) => [j]);
    }
    case 'random': {
      // Each permutation puts one entry in every column, so a union of
      // `count <= S` of them has at most S per column (duplicates merge).
      return unionOfPermutations(emptyRows(L), clampInt(pattern.count, 1, S), keyOf, L);
    }
    case 'banded': {
      // Column j is hit by rows j - after .. j + before: width + 1 <= S of them.
      return window(L, clampInt(pattern.width, 0, S - 1), pattern.shift);
    }
    case 'blockDiagonal': {
      // A block of size b <= S is dense: b entries in each of its rows and columns.
      const support = emptyRows(L);
      for (let start = 0; start < L;) {
        let end = start + 1;
        while (end < L && end - start < S && rows[end]?.join === true) end++;
        for (let i = start; i < end; i++) {
          support[i]!.push(i);
          for (let j = start; j < end; j++) if (j !== i) support[i]!.push(j);
        }
        start = end;
      }
      return support;
    }
    case 'strided': {
      // Circulant: row i holds i + o (mod L) for each distinct offset o, so
      // every column holds exactly as many entries as every row (<= count <= S).
      const count = clampInt(pattern.count, 1, S);
      const stride = clampInt(pattern.stride, 1, Math.max(1, c.maxL - 1));
      const start = clampInt(pattern.start, 0, c.maxL - 1);
      const offsets: number[] = [];
      for (let k = 0; k < count; k++) {
        const o = (start + k * stride) % L;
        if (!offsets.includes(o)) offsets.push(o);
      }
      return Array.from({ length: L }, (_, i) => offsets.map((o) => (i + o) % L));
    }
    case 'bandedPlusRandom': {
      // Window of width + 1 <= S - 1 columns (at most that many per column)
      // plus at most S - width - 1 permutations (one per column each): <= S
      // per column. With S = 1 there is no room for both; the window is the
      // diagonal and no permutation is added.
      const width = clampInt(pattern.width, 0, Math.max(0, S - 2));
      const count = clampInt(pattern.count, 0, S - width - 1);
      return unionOfPermutations(window(L, width, pattern.shift), count, keyOf, L);
    }
  }
}

function emptyRows(L: number): number[][] {
  return Array.from({ length: L }, () => []);
}

/** Rows `i - a .. i - a + width` (`a = min(shift, width)`) clipped to `0..L-1`, the diagonal first. */
function window(L: number, width: number, shift: number): number[][] {
  const before = clampInt(shift, 0, width);
  const after = width - before;
  return Array.from({ length: L }, (_, i) => {
    const row = [i];
    for (let j = Math.max(0, i - before); j <= Math.min(L - 1, i + after); j++) if (j !== i) row.push(j);
    return row;
  });
}

/** Appends to `support` the entries of permutations `0 .. count-1`, merging duplicates. */
function unionOfPermutations(
  support: number[][],
  count: number,
  keyOf: (k: number) => (i: number) => number,
  L: number,
): number[][] {
  for (let k = 0; k < count; k++) {
    const p = permutationFromKeys(L, keyOf(k));
    for (let i = 0; i < L; i++) if (!support[i]!.includes(p[i]!)) support[i]!.push(p[i]!);
  }
  return support;
}
