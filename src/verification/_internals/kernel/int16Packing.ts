import { zeroPadding } from './tilePacking.js';

/** Smallest scale exponent of the int16 pass: a row whose entries are all below `2^-62·B` is quantised with `2^-62` (coarsely; its window says so). */
export const INT16_EXPONENT_MIN = -62;

/**
 * Pairs `(t, t+1)` per chunk of the int16 kernel: each chunk's integer sums
 * start from zero and are added, converted to singles, to the running
 * single-precision sums at its end (`flush` of the kernel's lane format), so
 * no `i32` sum runs over more than 64 pairs, whatever `d`.
 */
export const INT16_CHUNK = 64;

/**
 * Largest scale exponent of the int16 pass. The integer dot products are at
 * most `ceil(d/2)·2B² <= 2^9·2^31 = 2^40` in magnitude (`d <= 2^16`, at most
 * `2^31` per chunk of 64 pairs), and their single-precision sums `s̃` below
 * `2^41`; with `e_i, f_j` in `[−62, 43]`, every single of the scaling in
 * `settle`, `s̃·2^{e_i}` and then `·2^{f_j}`, lies in `[2^-124, 2^127]` or is
 * 0 (a nonzero sum of integers is at least 1): normal and finite, so both
 * products are exact.
 */
export const INT16_EXPONENT_MAX = 43;

/** Largest `d` with an int16 pass (the sums stay below `2^40`, see {@link INT16_EXPONENT_MAX}). */
export const MAX_INT16_DIMENSION = 2 ** 16;

/**
 * The largest integer magnitude `B` of a quantised entry at dimension `d`:
 * each `i32` lane of the kernel adds at most `P = min(ceil(d/2), 64)` pair
 * sums `ĩ_t k̃_t + ĩ_{t+1} k̃_{t+1}` (one chunk, {@link INT16_CHUNK}), each of
 * magnitude at most `2B²`, before it is flushed, so `P·2B² <= 2^31 − 1` keeps
 * every integer sum exact (no wrap-around), and `B <= 2^15 − 1` keeps each
 * entry a signed 16-bit integer. `O(1)`.
 *
 * @example
 * int16Bound(512); // 4095
 * int16Bound(1); // 32767
 * @throws never (`d >= 1`).
 */
export function int16Bound(d: number): number {
  // floor(sqrt) is exact here: no (2^31 − 1)/(2P), P = 1..64, lies within a rounding of a perfect square
  // (the tests check B and B + 1 for every P); and P = 1 gives floor(sqrt(2^30 − 1/2)) = 2^15 − 1.
  const pairs = Math.min(Math.ceil(d / 2), INT16_CHUNK);
  return Math.floor(Math.sqrt((2 ** 31 - 1) / (2 * pairs)));
}

/** What quantising the rows of a matrix gave, per row. */
export interface Int16Rows {
  /** `e_i`: row `i` is `2^{e_i}·ĩ_i + δ_i`; above {@link INT16_EXPONENT_MAX} when it could not be quantised (stored as zeros). */
  readonly exponents: Int32Array;
  /** `||q̃_i|| = 2^{e_i}·||ĩ_i||` (the integer sum of squares is exact; one rounding, of the square root). */
  readonly norms: Float64Array;
  /** An upper bound on `||δ_i||` up to a relative `gamma_d` (see {@link packInt16Pairs}). */
  readonly errors: Float64Array;
}

/**
 * Quantises the rows of a row-major `rows×d` matrix and packs them in pairs
 * for the int16 kernel: row `i` gets the power-of-two scale `2^{e_i}` of
 * {@link scaleExponent} and the integers `ĩ_t = round(x_t / 2^{e_i})` (to
 * nearest, ties to even), so `|ĩ_t| <= B` (`B` an integer) and
 * `x_t = 2^{e_i}·ĩ_t + δ_t` with `|δ_t| <= 2^{e_i − 1}`. The pair
 * `(ĩ_t, ĩ_{t+1})` of even `t` goes to the 32-bit slot
 * `(g·width)·P + (t/2)·width + r` of `dst` (`ĩ_t` in the low half, as the
 * kernel's little-endian loads read it; `P = ceil(d/2)`, row
 * `i = g·width + r`): the layout of {@link packRows} with pairs for entries;
 * an odd `d` pads each row's last pair with 0, and the padding rows of a last
 * short group are zeros. `scales[i]` gets `2^{e_i}` (0 for a row that cannot
 * be quantised, which is stored as zeros).
 *
 * Exactness: `x_t·2^{-e}` is exact (a power of two, the result normal or
 * `|x_t| < 2^-974`, then rounding to 0 anyway), and so are the rounding
 * `(y + 1.5·2^52) − 1.5·2^52` (`|y| <= B < 2^51`) and
 * `δ_t/2^e = x_t·2^{-e} − ĩ_t` (0 when `ĩ_t = 0`, else both numbers lie in
 * `[2^-1, 2^15]` and differ by at most 1/2). `sum ĩ_t²` is an exact integer
 * (below `2^53`). The sum of the `(δ_t/2^e)²` rounds by at most a relative
 * `gamma_d` and, through underflow, an absolute `d·2^-1074`, whose square
 * root `2^-529` (`d <= 2^16`) the added `2^-520` covers: so
 * `errors[i] = (sqrt(fl(sum (δ_t/2^e)²)) + 2^-520)·2^e >= ||δ_i||·(1 − gamma_d)`.
 * `O(rows·d)`.
 *
 * @example
 * const dst = new Int32Array(2); const scales = new Float32Array(1);
 * packInt16Pairs(new Float64Array([1, -0.5, 0.25]), 1, 3, dst, scales, 1, 4095).exponents[0]; // -11
 * // new Int16Array(dst.buffer) = [2048, -1024, 512, 0]; scales[0] = 2^-11
 * @throws never (`dst` must hold `ceil(rows/width)·width·ceil(d/2)` slots, `scales` `rows` singles).
 */
export function packInt16Pairs(
  src: Float64Array,
  rows: number,
  d: number,
  dst: Int32Array,
  scales: Float32Array,
  width: number,
  bound: number,
): Int16Rows {
  const packing = int16Packing(d, dst, scales, width, bound, rows, (bytes) => new Uint8Array(bytes));
  for (let i = 0; i < rows; i++) packInt16Row(src, i, packing);
  zeroPadding(dst, rows, Math.ceil(d / 2), width);
  return packing;
}

/**
 * Where {@link packInt16Row} puts the rows of one matrix it quantises: the
 * packed pairs `dst` and singles `scales` (as {@link packInt16Pairs}
 * documents them), each row's exponent, norm and residual bound (an
 * {@link Int16Rows}), and the constants of the quantisation.
 */
export interface Int16Packing extends Int16Rows {
  readonly d: number;
  readonly dst: Int32Array;
  readonly scales: Float32Array;
  /** Rows per group of the packed layout (the kernel's tile rows for `Q`, panel columns for `K`). */
  readonly width: number;
  /** `B`, the largest integer magnitude ({@link int16Bound}). */
  readonly bound: number;
  /** {@link INT16_EXPONENT_MIN} and {@link INT16_EXPONENT_MAX}. */
  readonly minExponent: number;
  readonly maxExponent: number;
}

/**
 * The {@link Int16Packing} of a `rows×d` matrix into `dst` and `scales`, its
 * per-row arrays in the bytes `allocate` gives (8-byte aligned; shared ones
 * when worker threads pack rows too, in the kernel's memory when its
 * WebAssembly projection packs them). `O(rows)`.
 *
 * @example
 * int16Packing(3, new Int32Array(2), new Float32Array(1), 1, 4095, 1, (b) => new Uint8Array(b)).exponents.length; // 1
 * @throws never.
 */
export function int16Packing(
  d: number,
  dst: Int32Array,
  scales: Float32Array,
  width: number,
  bound: number,
  rows: number,
  allocate: (bytes: number) => Uint8Array,
): Int16Packing {
  const bytesFor = (bytes: number): [ArrayBufferLike, number] => {
    const view = allocate(bytes);
    return [view.buffer, view.byteOffset];
  };
  return {
    d,
    dst,
    scales,
    width,
    bound,
    minExponent: INT16_EXPONENT_MIN,
    maxExponent: INT16_EXPONENT_MAX,
    exponents: new Int32Array(...bytesFor(4 * rows), rows),
    norms: new Float64Array(...bytesFor(8 * rows), rows),
    errors: new Float64Array(...bytesFor(8 * rows), rows),
  };
}

/**
 * Row `i` of `src` (`d` entries from `i·d`) quantised and packed as
 * {@link packInt16Pairs} documents, with its exponent, norm and residual
 * bound. The scale exponent is the least `e >= minExponent` with
 * `max_t |x_t| <= B·2^e` (a zero row: `minExponent`), above `maxExponent`
 * when the entries are too large (the row is then stored as zeros, scale 0,
 * error `Infinity`).
 *
 * Run by the calling thread for every row, or by worker threads for theirs
 * as they project them (see `projectRows`, which is handed this function), so
 * it must stay self-contained: no imports, no names but its parameters and
 * globals. `O(d)`.
 *
 * @example
 * const p = int16Packing(3, new Int32Array(2), new Float32Array(1), 1, 4095, 1, (b) => new ArrayBuffer(b));
 * packInt16Row(new Float64Array([1, -0.5, 0.25]), 0, p); p.exponents[0]; // -11
 * @throws never (the arrays must be as large as {@link packInt16Pairs} says).
 */
export function packInt16Row(src: Float64Array, i: number, packing: Int16Packing): void {
  const { d, dst, scales, width, bound, minExponent, maxExponent, exponents, norms, errors } = packing;
  const s = i * d;
  // The scale exponent: Math.log2 may be off by one either way, so e is then moved to the least one that fits
  // (m·2^-e is monotone in e, so the result does not depend on where the search starts). A row with an infinite or
  // NaN entry gets an exponent above maxExponent: it is not quantised.
  let m = 0;
  for (let t = s; t < s + d; t++) m = Math.max(m, Math.abs(src[t]!));
  let e = maxExponent + 1;
  if (m <= Number.MAX_VALUE) {
    e = Math.max(minExponent, Math.ceil(Math.log2(m / bound))); // a zero row: log2(0) = −Infinity
    while (e > minExponent && m * 2 ** (1 - e) <= bound) e--;
    while (m * 2 ** -e > bound) e++;
  }
  exponents[i] = e;
  const fits = e <= maxExponent;
  const down = fits ? 2 ** -e : 0;
  // Adding and subtracting 1.5·2^52 rounds a double of magnitude below 2^51 to the nearest integer (ties to even), exactly.
  const rounder = 1.5 * 2 ** 52;
  const r = i % width;
  const pairs = Math.ceil(d / 2);
  let squares = 0;
  let residuals = 0;
  let o = (i - r) * pairs + r;
  for (let t = 0; t < d; t += 2, o += width) {
    const x0 = src[s + t]! * down;
    const x1 = t + 1 < d ? src[s + t + 1]! * down : 0;
    const v0 = x0 + rounder - rounder;
    const v1 = x1 + rounder - rounder;
    dst[o] = (v0 & 0xffff) | (v1 << 16);
    squares += v0 * v0 + v1 * v1;
    residuals += (x0 - v0) * (x0 - v0) + (x1 - v1) * (x1 - v1);
  }
  scales[i] = fits ? 2 ** e : 0;
  norms[i] = fits ? Math.sqrt(squares) * 2 ** e : 0;
  errors[i] = fits ? (Math.sqrt(residuals) + 2 ** -520) * 2 ** e : Infinity;
}
