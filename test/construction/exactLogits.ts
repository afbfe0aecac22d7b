import type { Certificate } from '../../src/certificates/certificate.js';

/** A finite double as an exact BigInt numerator over 2^1100 (every finite double is such a dyadic rational). */
function toFixed(x: number): bigint {
  if (x === 0) return 0n;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = exponent === 0 ? fraction : fraction | (1n << 52n);
  const shift = BigInt((exponent === 0 ? 1 : exponent) - 1075 + 1100); // x = mantissa·2^(e − 1075)
  const value = mantissa << shift;
  return negative ? -value : value;
}

/** An exact fixed-point product sum, rounded once to the nearest double (ties aside). */
function toDouble(numerator: bigint, scale: bigint): number {
  const negative = numerator < 0n;
  let n = negative ? -numerator : numerator;
  let e = -Number(scale);
  // Keep 64 significant bits, then let Number() round (one rounding beyond 2^-60 relative).
  const excess = n.toString(2).length - 64;
  if (excess > 0) {
    n >>= BigInt(excess);
    e += excess;
  }
  const value = Number(n) * 2 ** e;
  return negative ? -value : value;
}

/**
 * The logits of a projected-layout certificate computed exactly from its
 * numbers: `C_ij = (sum_t X_it X_{j,d+t}) / sqrt(d)` with the sum done in BigInt
 * fixed point (no rounding at all), then one rounding to double and one
 * division by `sqrt(d)` (relative error below 2^-51). Independent of the
 * construction and of the verifier. `O(L²·d)` BigInt operations: small `L` only.
 */
export function exactLogits(cert: Certificate): number[][] {
  const { X, d } = cert;
  const m = X.cols;
  const L = X.rows;
  const q = Array.from({ length: L }, (_, i) => Array.from({ length: d }, (_, t) => toFixed(X.data[i * m + t]!)));
  const k = Array.from({ length: L }, (_, j) => Array.from({ length: d }, (_, t) => toFixed(X.data[j * m + d + t]!)));
  const sqrtD = Math.sqrt(d);
  return q.map((qi) =>
    k.map((kj) => {
      let sum = 0n;
      for (let t = 0; t < d; t++) sum += qi[t]! * kj[t]!;
      return toDouble(sum, 2200n) / sqrtD;
    }),
  );
}
