import type { Certificate } from '../../certificates/certificate.js';
import { denseMatrix } from '../../matrix/denseMatrix.js';

/**
 * The projected layout of SPEC §7 for given factors: queries `Q` and keys `K`
 * (both `L×d`, row-major), so that the logits are `C = Q K^T`:
 * `X = [ sqrt(d)·Q | K ]` (`L×2d`), `WQ = [ I_d ; 0 ]`, `WK = [ 0 ; I_d ]`.
 * Columns of `Q` and `K` a construction does not use are zero. `O(L·d + d²)`.
 */
export function factorCertificate(L: number, d: number, Q: Float64Array, K: Float64Array): Certificate {
  const m = 2 * d;
  const sqrtD = Math.sqrt(d);
  const X = denseMatrix(L, m);
  for (let i = 0; i < L; i++) {
    for (let t = 0; t < d; t++) X.data[i * m + t] = sqrtD * Q[i * d + t]!;
    X.data.set(K.subarray(i * d, (i + 1) * d), i * m + d);
  }
  const WQ = denseMatrix(m, d);
  const WK = denseMatrix(m, d);
  for (let t = 0; t < d; t++) {
    WQ.data[t * d + t] = 1;
    WK.data[(d + t) * d + t] = 1;
  }
  return { X, WQ, WK, d, layout: 'projected' };
}
