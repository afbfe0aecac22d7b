import type { Certificate, Layout } from '../certificates/certificate.js';
import { InputRangeError } from '../errors/inputError.js';
import { SparseTarget } from '../targets/sparseTarget.js';
import { validateConstructionParams, type ConstructionParams } from './constructionParams.js';
import { assembleCertificate } from './assembleCertificate.js';
import { logitTarget } from './logitTarget.js';
import { projectionMatrix } from './projectionMatrix.js';

/**
 * Most numbers a constructed certificate may hold (`2^27`, 1 GiB as doubles):
 * a larger `d` is refused before anything is allocated. (The projected layout's
 * `WQ = [I_d; 0]` alone is `2d×d`, so `d` in the millions would otherwise ask
 * for terabytes; measured before this limit: `d = 10^8` on an 8×8 target grew
 * to 11.9 GB in two minutes.) The bound's `d*` at L = 256, S = 1, epsilon =
 * gamma = 0.9 (5593) needs 1.28·10^8 numbers, inside the limit.
 */
export const MAX_CERTIFICATE_NUMBERS = 2 ** 27;

/**
 * Numbers in a certificate `X` (`L×m`), `WQ` and `WK` (`m×d`): `m = 2d` for the
 * projected layout, `m = 2L` for the fixed one. `O(1)`.
 *
 * @example
 * certificateNumbers(3, 16, 'projected'); // 3·32 + 2·32·16 = 1120
 * @throws never.
 */
export function certificateNumbers(L: number, d: number, layout: Layout): number {
  const m = layout === 'projected' ? 2 * d : 2 * L;
  return L * m + 2 * m * d;
}

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
 *   (see {@link validateConstructionParams}), and for a `d` whose certificate would
 *   hold more than {@link MAX_CERTIFICATE_NUMBERS} numbers (field `d`).
 */
export function construct(target: SparseTarget, params: ConstructionParams): Certificate {
  if (!(target instanceof SparseTarget))
    throw new TypeError('construct needs a SparseTarget (build one with SparseTarget.fromEntries)');
  const valid = validateConstructionParams(params);
  const { d, layout, projection } = valid;
  const L = target.L;
  const numbers = certificateNumbers(L, d, layout);
  if (numbers > MAX_CERTIFICATE_NUMBERS)
    throw new InputRangeError(
      `a ${layout} certificate for L = ${L} and d = ${d} would hold ${numbers.toPrecision(4)} numbers, more than the ${MAX_CERTIFICATE_NUMBERS} (1 GiB of doubles) attnproof builds`,
      { field: 'd' },
    );
  const B = logitTarget(target, valid);
  const G = projectionMatrix(L, d, projection, valid.random);
  const parts = assembleCertificate(B, G, layout);
  return { ...parts, d, ...(valid.seed !== undefined ? { seed: valid.seed } : {}), layout, projection };
}
