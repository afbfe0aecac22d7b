import type { Certificate } from '../certificates/certificate.js';

/**
 * Selected logits `C_ij = (X WQ)_i · (X WK)_j / sqrt(d)` of a certificate,
 * straight from the definition in plain floating point (for statistics on a
 * few entries, not for verdicts: the verifier is the exact path). Computes
 * only the rows of `Q` and `K` the pairs need: `O(rows·m·d + pairs·d)`.
 *
 * @example
 * certificateLogits(cert, [[0, 0], [0, 1]]); // Float64Array [C_00, C_01]
 */
export function certificateLogits(cert: Certificate, pairs: ReadonlyArray<readonly [number, number]>): Float64Array {
  const { X, WQ, WK, d } = cert;
  const m = X.cols;
  const project = (i: number, W: typeof WQ): Float64Array => {
    const out = new Float64Array(d);
    for (let t = 0; t < m; t++) {
      const x = X.data[i * m + t]!;
      if (x === 0) continue;
      for (let k = 0; k < d; k++) out[k]! += x * W.data[t * d + k]!;
    }
    return out;
  };
  const queries = new Map<number, Float64Array>();
  const keys = new Map<number, Float64Array>();
  const scale = 1 / Math.sqrt(d);
  return Float64Array.from(pairs, ([i, j]) => {
    let q = queries.get(i);
    if (q === undefined) queries.set(i, (q = project(i, WQ)));
    let k = keys.get(j);
    if (k === undefined) keys.set(j, (k = project(j, WK)));
    let dot = 0;
    for (let t = 0; t < d; t++) dot += q[t]! * k[t]!;
    return dot * scale;
  });
}
