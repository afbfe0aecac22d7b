import type { Certificate } from '../certificates/certificate.js';

/**
 * The size of the numbers a certificate's logits are made of:
 * `max_i sum_t |Q_it| · max_j |K_jt|` with `Q = X WQ / sqrt(d)`, `K = X WK` (so
 * `C = Q K^T`), an upper bound on `max_ij sum_t |Q_it K_jt|` that is reached
 * within a factor `d` (for the Lagrange keys, whose first coordinate is 1 and whose
 * others reach ±1 on the grid, within a factor 2). A logit of size `O(1)` computed from
 * such terms loses about `bits = log2` of it out of float64's 53: the precision
 * frontier of SPEC §7 is where `bits` nears 50. `O(L·m·d)` (the two products),
 * skipping zero entries of `X`.
 *
 * @example
 * certificateMagnitude(lagrangeCircle.construct(W, { epsilon: 0.5, gamma: 0.5, d: 3 })); // about L²/(2π²)·(Delta + ln kappa)
 * @throws never for a certificate whose shapes agree.
 */
export function certificateMagnitude(cert: Certificate): number {
  const { X, WQ, WK, d } = cert;
  const L = X.rows;
  const m = X.cols;
  const kMax = new Float64Array(d);
  const row = new Float64Array(d);
  const project = (i: number, W: typeof WQ): Float64Array => {
    row.fill(0);
    for (let s = 0; s < m; s++) {
      const x = X.data[i * m + s]!;
      if (x !== 0) for (let t = 0; t < d; t++) row[t]! += x * W.data[s * d + t]!;
    }
    return row;
  };
  for (let j = 0; j < L; j++) project(j, WK).forEach((k, t) => (kMax[t] = Math.max(kMax[t]!, Math.abs(k))));
  const scale = 1 / Math.sqrt(d);
  let magnitude = 0;
  for (let i = 0; i < L; i++) {
    const q = project(i, WQ);
    let sum = 0;
    for (let t = 0; t < d; t++) sum += Math.abs(q[t]!) * kMax[t]!;
    magnitude = Math.max(magnitude, sum * scale);
  }
  return magnitude;
}
