/**
 * A child seed for stream `index` of a run seeded with `seed`: each trial of a
 * property gets its own, independent of how many numbers other trials drew,
 * so a single trial replays from `(seed, index)` alone.
 *
 * Mixing is MurmurHash3's 32-bit finaliser over both words, with integer
 * arithmetic only (`Math.imul`), so it is bit-identical everywhere. The result
 * is an unsigned 32-bit integer.
 *
 * @example
 * deriveSeed(42, 0) === deriveSeed(42, 0); // true
 * deriveSeed(42, 0) !== deriveSeed(42, 1); // true
 * @throws {TypeError} when an argument is not a safe integer.
 */
export function deriveSeed(seed: number, index: number): number {
  if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(index))
    throw new TypeError(`deriveSeed needs safe integers, got ${seed} and ${index}`);
  let h = fmix(Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.floor(seed / 2 ** 32));
  h = fmix(h ^ Math.imul((index >>> 0) + 0x7f4a7c15, 0xcc9e2d51) ^ Math.floor(index / 2 ** 32));
  return h >>> 0;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}
