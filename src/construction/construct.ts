import type { Certificate } from '../certificates/certificate.js';
import { SparseTarget } from '../targets/sparseTarget.js';
import { validateConstructionParams, type ConstructionParams } from './constructionParams.js';
import { assembleCertificate } from './assembleCertificate.js';
import { logitTarget } from './logitTarget.js';
import { projectionMatrix } from './projectionMatrix.js';

/**
 * The paper's construction (SPEC §3): inputs `X` and fixed parameters `WQ`, `WK`
 * of one attention head whose logits are
 *
 *     C = (X WQ)(X WK)^T / sqrt(d) = B G G^T,
 *
 * an unbiased estimate of the logit target `B` (see {@link logitTarget}), with `G`
 * the `L×d` random projection of {@link projectionMatrix} drawn from
 * `createRandom(seed)` (or `params.random`). By lemmas L2–L4 the head
 * (epsilon, gamma)-approximates the target with probability at least `1 − p(d)`.
 *
 * Layouts:
 * - `'projected'` (default, `m = 2d`): `X = [ sqrt(d)·B G | G ]`, `WQ = [ I_d ; 0 ]`,
 *   `WK = [ 0 ; I_d ]`, so `Q = sqrt(d)·B G` and `K = G`. `B G` is a sparse×dense
 *   product: `O(L·d + nnz·d)` time, `O(L·d)` memory; no `L×L` matrix is formed.
 * - `'fixed'` (`m = 2L`): `X = [ B | I_L ]`, `WQ = [ sqrt(d)·G ; 0 ]`, `WK = [ 0 ; G ]`.
 *   `WQ` and `WK` depend only on `(L, d, seed, projection)`, never on the target, so
 *   one draw serves every target. `X` is dense `L×2L`: `O(L² + L·d)` time and memory.
 *
 * The certificate records `d`, `layout`, `projection`, and `seed` (omitted when
 * `params.random` supplied the draw, since the seed would not replay it).
 * Same target and parameters give a bit-identical certificate on every machine.
 *
 * @example
 * const W = SparseTarget.fromEntries(3, [[0, 1, 2], [1, 0, 1], [2, 2, 5]], { S: 1 });
 * const cert = construct(W, { epsilon: 0.5, gamma: 0.5, d: 16, seed: 42 });
 * [cert.X.rows, cert.X.cols, cert.WQ.rows, cert.WQ.cols]; // [3, 32, 32, 16]
 * @throws {TypeError} when `target` is not a {@link SparseTarget}.
 * @throws {InputTypeError | InputRangeError} for a bad parameter, naming its field
 *   (see {@link validateConstructionParams}).
 */
export function construct(target: SparseTarget, params: ConstructionParams): Certificate {
  if (!(target instanceof SparseTarget)) throw new TypeError('construct needs a SparseTarget (build one with SparseTarget.fromEntries)');
  const valid = validateConstructionParams(params);
  const { d, layout, projection } = valid;
  const L = target.L;
  const B = logitTarget(target, valid);
  const G = projectionMatrix(L, d, projection, valid.random);
  const parts = assembleCertificate(B, G, layout);
  return { ...parts, d, ...(valid.seed !== undefined ? { seed: valid.seed } : {}), layout, projection };
}
