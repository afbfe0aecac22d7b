import type { Certificate } from '../certificates/certificate.js';
import { SparseTarget } from '../targets/sparseTarget.js';
import { assembleCertificate } from './assembleCertificate.js';
import { certificateNumbers, MAX_CERTIFICATE_NUMBERS } from './construct.js';
import type { Construction } from './construction.js';
import { validateConstructionParams, type ConstructionParams } from './constructionParams.js';
import { logitTarget } from './logitTarget.js';
import { projectionMatrix } from './projectionMatrix.js';
import { gramSolve } from './_internals/gramSolve.js';
import { InputRangeError } from '../errors/inputError.js';

/**
 * The certificate of `exact-support` (SPEC §7.3). Keys: the rows of the paper's
 * seeded projection `G` (same draw, same seed), each scaled to unit length.
 * Query `q_i = sum_t λ_t k_{s_t}`, the minimum-norm vector in the span of the
 * support keys with `q_i·k_{s_t} = Delta + b_t` exactly: `λ` solves the `m×m` Gram
 * system `(k_{s_t}·k_{s_u}) λ = (Delta + b_t)`. Then (R1) holds up to rounding, and
 * only the off-support logits `q_i·k_j` are random, each with standard deviation
 * about `||q_i|| / sqrt(d)`: they need `<= rho` (the paper needs every logit within
 * `rho/2` of its target), which is why it needs about half the paper's `d`.
 * Since `Q = Λ K` with `Λ` sparse, it is the paper's assembly with `Λ` in place of
 * `B` and the normalised `G`: both layouts work. `O(L·d + nnz·S·d + L·S³)`.
 */
function exactSupportCertificate(target: SparseTarget, params: ConstructionParams): Certificate {
  if (!(target instanceof SparseTarget))
    throw new TypeError('exact-support needs a SparseTarget (build one with SparseTarget.fromEntries)');
  const valid = validateConstructionParams(params);
  const { d, layout, projection } = valid;
  const numbers = certificateNumbers(target.L, d, layout);
  if (numbers > MAX_CERTIFICATE_NUMBERS)
    throw new InputRangeError(
      `a ${layout} certificate for L = ${target.L} and d = ${d} would hold ${numbers.toPrecision(4)} numbers, more than the ${MAX_CERTIFICATE_NUMBERS} attnproof builds`,
      { field: 'd' },
    );
  const B = logitTarget(target, valid);
  const G = projectionMatrix(target.L, d, projection, valid.random);
  const g = G.data;
  for (let j = 0; j < target.L; j++) {
    let norm = 0;
    for (let t = 0; t < d; t++) norm = Math.hypot(norm, g[j * d + t]!);
    if (norm > 0) for (let t = 0; t < d; t++) g[j * d + t]! /= norm;
  }
  const lambda = new Float64Array(B.values.length);
  for (let i = 0; i < target.L; i++) {
    const start = B.rowPtr[i]!;
    const support = Array.from(B.colIdx.subarray(start, B.rowPtr[i + 1]!));
    const m = support.length;
    const gram = new Float64Array(m * m);
    for (let t = 0; t < m; t++)
      for (let u = 0; u < m; u++) {
        let dot = 0;
        for (let k = 0; k < d; k++) dot += g[support[t]! * d + k]! * g[support[u]! * d + k]!;
        gram[t * m + u] = dot;
      }
    gramSolve(gram, Array.from(B.values.subarray(start, start + m))).forEach((x, t) => (lambda[start + t] = x));
  }
  const parts = assembleCertificate({ ...B, values: lambda }, G, layout);
  return { ...parts, d, ...(valid.seed !== undefined ? { seed: valid.seed } : {}), layout, projection };
}

/**
 * `exact-support` (SPEC §7.3): a random construction like the paper's, with the
 * support logits solved exactly instead of estimated (see the certificate's
 * formulas above). Needs `d = O(log L)` with a smaller constant: about half the
 * paper's `d` at `S = 2` (docs/beyond.md). Seeded like the paper's; both layouts.
 *
 * @example
 * exactSupport.construct(W, { epsilon: 0.5, gamma: 0.5, d: 64, seed: 1 }).X.cols; // 128
 * @throws {TypeError} when `target` is not a SparseTarget; what `validateConstructionParams`
 *   throws for bad parameters; {@link InputRangeError} (field `d`) for a certificate over the size limit.
 */
export const exactSupport = Object.freeze({
  name: 'exact-support',
  kind: 'random',
  construct: exactSupportCertificate,
} as const satisfies Construction);
