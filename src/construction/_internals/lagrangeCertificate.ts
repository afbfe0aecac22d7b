import type { Certificate } from '../../certificates/certificate.js';
import { InputRangeError, InputTypeError } from '../../errors/inputError.js';
import { SparseTarget } from '../../targets/sparseTarget.js';
import { certificateNumbers, MAX_CERTIFICATE_NUMBERS } from '../construct.js';
import type { Construction } from '../construction.js';
import type { ConstructionParams } from '../constructionParams.js';
import { logitTarget } from '../logitTarget.js';
import { factorCertificate } from './factorCertificate.js';
import type { LagrangeGeometry } from './lagrangeGeometry.js';
import { addScaled, coefficientIndex, constantPolynomial, multiplyBy, type TrigPolynomial } from './trigPolynomial.js';

/**
 * Most entries per row the Lagrange constructions accept: a row of `m` entries costs
 * `O(m²·S²)` to expand, and its numbers grow like `L^(2m)` in the worst case, far past
 * float64, long before this.
 */
export const MAX_LAGRANGE_ROW_ENTRIES = 16;

/**
 * The Lagrange scheme of SPEC §7.1–7.2 on a geometry: for row `i` with support
 * `s_1 … s_m` and logit target `v_t = Delta + b_t` (the paper's `B`, {@link logitTarget}),
 *
 *     p_i = −Delta + sum_t a_t prod_{u != t} g_{s_u} − M_i prod_t g_{s_t},   a_t = v_t / prod_{u != t} g_{s_u}(s_t),
 *
 * so `p_i(s_t) = b_t` exactly and `p_i <= −Delta` on every other column (the geometry's
 * `M_i` bounds `sum_t a_t / g_{s_t}` off the support). The query is the real form of
 * `p_i`'s Fourier coefficients `(c_0, 2 Re c_k, −2 Im c_k for k in H)`, the key of column
 * `j` is `(1, cos(k·x_j), sin(k·x_j) for k in H)`, so `q_i·k_j = p_i(x_j)`.
 * The seed is ignored; columns beyond `d0` are zero.
 * `O(L·d + nnz·S²·S²)` time, `O(L·d)` memory.
 *
 * @throws {TypeError} when `target` is not a SparseTarget.
 * @throws {InputTypeError | InputRangeError} for a bad precision, a `d` that is not an integer
 *   or below `d0`, layout `'fixed'`, a row over {@link MAX_LAGRANGE_ROW_ENTRIES} entries, or a
 *   certificate over `MAX_CERTIFICATE_NUMBERS` (fields `d`, `layout`, `S`).
 */
export function lagrangeCertificate(
  name: string,
  geometry: LagrangeGeometry,
  target: SparseTarget,
  params: ConstructionParams,
): Certificate {
  if (!(target instanceof SparseTarget))
    throw new TypeError(`${name} needs a SparseTarget (build one with SparseTarget.fromEntries)`);
  if (typeof params !== 'object' || params === null)
    throw new InputTypeError('construction parameters must be an object');
  const S = target.maxRowCount;
  const d = checkedDimension(name, geometry, target, params);
  const B = logitTarget(target, params);
  const { L, rowPtr, colIdx, values, Delta } = B;
  const grid = geometry.grid(L);
  const H = geometry.frequencies(S);
  const K = new Float64Array(L * d);
  for (let j = 0; j < L; j++) {
    K[j * d] = 1;
    H.forEach(([k1, k2], h) => {
      const theta = grid.angle(k1, k2, j);
      K[j * d + 1 + 2 * h] = Math.cos(theta);
      K[j * d + 2 + 2 * h] = Math.sin(theta);
    });
  }
  const Q = new Float64Array(L * d);
  for (let i = 0; i < L; i++) {
    const support = Array.from(colIdx.subarray(rowPtr[i]!, rowPtr[i + 1]!));
    const v = Array.from(values.subarray(rowPtr[i]!, rowPtr[i + 1]!));
    const factors = support.map((s) => grid.factor(s));
    // a_t = v_t / D_t with D_t = prod_{u != t} g_{s_u}(s_t), each g from integers (exact up to a few ulps).
    const a = support.map((s, t) => v[t]! / support.reduce((D, u, w) => (w === t ? D : D * grid.g(s, u)), 1));
    const p = constantPolynomial(S, -Delta);
    support.forEach((_, t) =>
      addScaled(
        p,
        product(
          S,
          factors.filter((__, u) => u !== t),
        ),
        a[t]!,
      ),
    );
    const M = grid.suppression(support, a);
    if (Number.isFinite(M)) addScaled(p, product(S, factors), -M);
    Q[i * d] = p.re[coefficientIndex(S, 0, 0)]!;
    H.forEach(([k1, k2], h) => {
      const c = coefficientIndex(S, k1, k2);
      Q[i * d + 1 + 2 * h] = 2 * p.re[c]!;
      Q[i * d + 2 + 2 * h] = -2 * p.im[c]!;
    });
  }
  return factorCertificate(L, d, Q, K);
}

function product(S: number, factors: ReadonlyArray<Parameters<typeof multiplyBy>[1]>): TrigPolynomial {
  return factors.reduce((p, f) => multiplyBy(p, f), constantPolynomial(S, 1));
}

/** `params.d`, checked against the construction's `d0` and the certificate limit. */
function checkedDimension(
  name: string,
  geometry: LagrangeGeometry,
  target: SparseTarget,
  params: ConstructionParams,
): number {
  const S = target.maxRowCount;
  if (S > MAX_LAGRANGE_ROW_ENTRIES)
    throw new InputRangeError(
      `${name} takes rows of at most ${MAX_LAGRANGE_ROW_ENTRIES} entries; this target has a row of ${S}`,
      { field: 'S' },
    );
  const d0 = geometry.baseDimension(S);
  const d = params.d;
  if (typeof d !== 'number' || !Number.isSafeInteger(d))
    throw new InputTypeError(`must be an integer, got ${String(d)}`, { field: 'd' });
  if (d < d0)
    throw new InputRangeError(`${name} needs d >= ${d0} for rows of S = ${S} entries, got ${d}`, { field: 'd' });
  if (params.layout !== undefined && params.layout !== 'projected')
    throw new InputRangeError(
      `${name} builds the projected layout only (its keys are fixed, its queries carry the target), got "${String(params.layout)}"`,
      { field: 'layout' },
    );
  const numbers = certificateNumbers(target.L, d, 'projected');
  if (numbers > MAX_CERTIFICATE_NUMBERS)
    throw new InputRangeError(
      `${name} at L = ${target.L} and d = ${d} (d0 = ${d0} for S = ${S}) would hold ${numbers.toPrecision(4)} numbers, more than the ${MAX_CERTIFICATE_NUMBERS} attnproof builds`,
      { field: d > d0 ? 'd' : 'S' },
    );
  return d;
}

/** A deterministic Lagrange construction named `name` on `geometry`, as a {@link Construction} (synchronous). */
export interface LagrangeConstruction extends Construction {
  readonly kind: 'deterministic';
  readonly baseDimension: (S: number) => number;
  construct(target: SparseTarget, params: ConstructionParams): Certificate;
}

/** The {@link Construction} of the Lagrange scheme on `geometry` (see {@link lagrangeCertificate}). */
export function lagrangeConstruction(name: string, geometry: LagrangeGeometry): LagrangeConstruction {
  return Object.freeze({
    name,
    kind: 'deterministic',
    baseDimension: geometry.baseDimension,
    construct: (target: SparseTarget, params: ConstructionParams) =>
      lagrangeCertificate(name, geometry, target, params),
  });
}
