/**
 * Compensated dot product (Ogita, Rump & Oishi, "Accurate sum and dot
 * product", SIAM J. Sci. Comput. 26(6), 2005, Algorithm 5.3 "Dot2"): the
 * result is as accurate as if `x·y` were computed in twice the working
 * precision and then rounded, i.e. (their error bound for Dot2, without underflow)
 *
 *     |dot2(x, y) − x·y| <= u·|x·y| + gamma_n² · sum_t |x_t||y_t|.
 *
 * Every product is split into its rounded value and its exact error with
 * Dekker's TwoProduct (Veltkamp splitting, because JavaScript has no fused
 * multiply-add), every running sum with Knuth's TwoSum, and the errors are
 * accumulated separately and added back at the end.
 *
 * The splitting multiplies by `2^27 + 1`, so entries above about `2^995` in
 * magnitude overflow it; the result is then not finite and callers must treat
 * it as unusable (the verifier does).
 */

/** Veltkamp's splitting constant `2^27 + 1`. */
const SPLITTER = 134217729;

/**
 * `x[xOffset .. xOffset+n) · y[yOffset .. yOffset+n)` with compensated
 * summation (Dot2). `O(n)` time (about 25 flops per term), no allocation.
 *
 * @example
 * // 1e16 + 1 − 1e16 = 1 exactly; the plain loop returns 0.
 * compensatedDot(new Float64Array([1e16, 1, -1e16]), 0, new Float64Array([1, 1, 1]), 0, 3); // 1
 * @throws never (non-finite input or overflow gives a non-finite result).
 */
export function compensatedDot(x: Float64Array, xOffset: number, y: Float64Array, yOffset: number, n: number): number {
  let p = 0;
  let s = 0;
  for (let t = 0; t < n; t++) {
    const a = x[xOffset + t]!;
    const b = y[yOffset + t]!;
    // TwoProduct: h + r = a·b exactly.
    const h = a * b;
    let c = SPLITTER * a;
    const aHi = c - (c - a);
    const aLo = a - aHi;
    c = SPLITTER * b;
    const bHi = c - (c - b);
    const bLo = b - bHi;
    const r = aLo * bLo - (h - aHi * bHi - aLo * bHi - aHi * bLo);
    // TwoSum: sum + e = p + h exactly.
    const sum = p + h;
    const z = sum - p;
    const e = p - (sum - z) + (h - z);
    p = sum;
    s += e + r;
  }
  return p + s;
}
