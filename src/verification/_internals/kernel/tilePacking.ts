/**
 * Packs the rows of a row-major `rows×d` matrix in groups of `width` rows,
 * interleaved by position: `dst[g·width·d + t·width + r] = src[(g·width + r)·d + t]`,
 * so that the WebAssembly kernel loads entry `t` of `width` consecutive rows
 * with one contiguous (SIMD) load (into a `Float32Array`, each entry rounded
 * to nearest single). Writes only the entries of real rows; the
 * padding of a last, short group is {@link zeroPadding}'s. `O(rows·d)`.
 *
 * @example
 * const dst = new Float64Array(4);
 * packRows(new Float64Array([1, 2, 3, 4]), 2, 2, dst, 2); // dst = [1, 3, 2, 4]
 * @throws never (`dst` must hold `ceil(rows / width)·width·d` numbers; writes past its end are lost).
 */
export function packRows(
  src: Float64Array,
  rows: number,
  d: number,
  dst: Float64Array | Float32Array,
  width: number,
): void {
  for (let i = 0; i < rows; i++) {
    const r = i % width;
    let o = (i - r) * d + r;
    const s = i * d;
    for (let t = 0; t < d; t++, o += width) dst[o] = src[s + t]!;
  }
}

/**
 * Zeroes the padding of {@link packRows}' last group when `rows` is not a
 * multiple of `width`: positions `rows mod width .. width − 1` of every `t`.
 * The kernel computes logits for those padding rows but never reads them;
 * zeros keep a reused memory's contents deterministic and free of NaN or
 * subnormal garbage, which could slow the arithmetic. `O(width·d)`.
 *
 * @example
 * const dst = new Float64Array([1, 3, 9, 2, 4, 9]); // 2 rows packed in a group of 3, garbage 9 in the padding
 * zeroPadding(dst, 2, 2, 3); // dst = [1, 3, 0, 2, 4, 0]
 * @throws never.
 */
export function zeroPadding(
  dst: Float64Array | Float32Array | Int32Array,
  rows: number,
  d: number,
  width: number,
): void {
  const r0 = rows % width;
  if (r0 === 0) return;
  const base = (rows - r0) * d;
  for (let t = 0; t < d; t++) dst.fill(0, base + t * width + r0, base + (t + 1) * width);
}
