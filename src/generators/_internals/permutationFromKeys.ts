/**
 * The permutation `p` of `0..L-1` with `p(i)` the rank of the pair
 * `(key(i), i)` in lexicographic order.
 *
 * Random keys give a random permutation (uniform when ties are negligible);
 * equal keys tie-break by index, so all-equal keys (the shrink target 0) give
 * the identity, and deleting an element keeps the relative order of the
 * others. Complexity `O(L log L)`.
 *
 * @example
 * permutationFromKeys(3, (i) => [30, 10, 20][i]); // Int32Array [2, 0, 1]
 * permutationFromKeys(3, () => 0);                // Int32Array [0, 1, 2]
 */
export function permutationFromKeys(L: number, key: (i: number) => number): Int32Array {
  const keys = Array.from({ length: L }, (_, i) => key(i));
  const order = Array.from({ length: L }, (_, i) => i).sort((a, b) => keys[a]! - keys[b]! || a - b);
  const p = new Int32Array(L);
  for (let rank = 0; rank < L; rank++) p[order[rank]!] = rank;
  return p;
}
