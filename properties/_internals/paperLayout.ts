import type { Certificate, Layout } from '../../src/certificates/certificate.js';
import type { LogitTarget } from '../../src/construction/logitTarget.js';
import { denseMatrix, type DenseMatrix } from '../../src/matrix/denseMatrix.js';

/** What {@link readPaperConstruction} found in one response. */
export type PaperReading =
  | {
      readonly ok: true;
      readonly layout: Layout;
      /** The projection `G` (`L×d`) the response was built from. */ readonly G: DenseMatrix;
    }
  | {
      readonly ok: false;
      /** Why the response is not the paper's construction for any `G`, naming the entry. */ readonly reason: string;
    };

/**
 * Relative tolerance of the residual comparison: an independent implementation
 * rounds `B` (logarithms of values up to 1e±300, so `|ln W|` up to 700) and the
 * product `√d·B G` differently, by far less than this; a wrong step changes
 * them by `O(1)`.
 */
const RESIDUAL_TOLERANCE = 1e-8;

/**
 * Reads a certificate as the paper's construction (SPEC §3, step 4) for the
 * paper's logit target `B`, and returns the projection `G` it was built from.
 *
 * - Projected layout (`m = 2d`): `WQ = [I; 0]`, `WK = [0; I]` exactly; `G` is
 *   the right half of `X`, and the left half must be `√d·B G`.
 * - Fixed layout (`m = 2L`): the right half of `X` is `I_L` exactly, `WQ`'s
 *   lower and `WK`'s upper half are zero, `G` is `WK`'s lower half, `WQ`'s
 *   upper half must be `√d·G`, and the left half of `X` must be `B`.
 *
 * The residual check is the law of `C − B` given `G`: for the paper's
 * construction the logits are `C = B G Gᵀ`, so `C − B = B(G Gᵀ − I)` exactly
 * (a point mass), and the comparison of the queries with `√d·B G` (or of
 * `X`'s left half with `B`) is that statement row by row, within a relative
 * {@link RESIDUAL_TOLERANCE}. Anything else — another layout, SPEC §7's
 * constructions (same projected form, other queries and keys), a wrong `B` —
 * is reported with the first entry that differs; then `G`'s law is not the
 * paper's claim and the caller skips the law tests. `O(L·m + m·d + nnz·d)`.
 *
 * @example
 * readPaperConstruction(paperCertificate, logitTarget(W, precision)); // { ok: true, layout: 'projected', G }
 * readPaperConstruction(exactSupportCertificate, B); // { ok: false, reason: 'projected layout, but query 0 is not √d·(B G)_0 …' }
 * @throws never (shape mismatches are reasons).
 */
export function readPaperConstruction(cert: Certificate, B: LogitTarget): PaperReading {
  const { X, WQ, WK, d } = cert;
  const L = B.L;
  if (X.rows !== L) return { ok: false, reason: `X has ${X.rows} rows, not L = ${L}` };
  if (X.cols === 2 * d && WQ.rows === 2 * d) {
    const bad = firstNonIdentity(WQ, 0) ?? firstNonIdentity(WK, d);
    if (bad === undefined) return readProjected(X, d, B);
    if (X.cols !== 2 * L) return { ok: false, reason: `m = 2d, but ${bad}: not the projected layout of SPEC §3` };
  }
  if (X.cols === 2 * L && WQ.rows === 2 * L) return readFixed(X, WQ, WK, d, B);
  return {
    ok: false,
    reason: `m = ${X.cols} is neither 2d = ${2 * d} (projected layout) nor 2L = ${2 * L} (fixed layout)`,
  };
}

/** `W` should be `[0; I]` shifted by `offset` rows (`offset = 0`: `[I; 0]`); the first entry that is not, or undefined. */
function firstNonIdentity(W: DenseMatrix, offset: number): string | undefined {
  const { rows, cols, data } = W;
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const want = r - offset === c ? 1 : 0;
      if (data[r * cols + c] !== want)
        return `${offset === 0 ? 'WQ' : 'WK'}[${r}][${c}] is ${data[r * cols + c]}, not ${want}`;
    }
  return undefined;
}

function readProjected(X: DenseMatrix, d: number, B: LogitTarget): PaperReading {
  const L = B.L;
  const G = denseMatrix(L, d);
  for (let i = 0; i < L; i++) for (let k = 0; k < d; k++) G.data[i * d + k] = X.data[i * 2 * d + d + k]!;
  const root = Math.sqrt(d);
  const predicted = new Float64Array(d);
  const scale = new Float64Array(d);
  for (let i = 0; i < L; i++) {
    predicted.fill(0);
    scale.fill(0);
    for (let p = B.rowPtr[i]!; p < B.rowPtr[i + 1]!; p++) {
      const b = B.values[p]!;
      const j = B.colIdx[p]!;
      for (let k = 0; k < d; k++) {
        predicted[k]! += b * G.data[j * d + k]!;
        scale[k]! += Math.abs(b * G.data[j * d + k]!);
      }
    }
    for (let k = 0; k < d; k++) {
      const got = X.data[i * 2 * d + k]!;
      const want = root * predicted[k]!;
      if (!(Math.abs(got - want) <= RESIDUAL_TOLERANCE * root * scale[k]! + 1e-300))
        return {
          ok: false,
          reason: `projected layout, but query ${i} is not √d·(B G)_${i} for the paper's B (column ${k}: ${got} against ${want}), so C − B is not B(G Gᵀ − I)`,
        };
    }
  }
  return { ok: true, layout: 'projected', G };
}

function readFixed(X: DenseMatrix, WQ: DenseMatrix, WK: DenseMatrix, d: number, B: LogitTarget): PaperReading {
  const L = B.L;
  const m = 2 * L;
  for (let i = 0; i < L; i++)
    for (let j = 0; j < L; j++) {
      const x = X.data[i * m + L + j]!;
      if (x !== (i === j ? 1 : 0))
        return {
          ok: false,
          reason: `m = 2L, but X[${i}][${L + j}] is ${x}: the right half of X is not I_L (fixed layout of SPEC §3)`,
        };
    }
  const G = denseMatrix(L, d);
  const root = Math.sqrt(d);
  for (let r = 0; r < L; r++)
    for (let k = 0; k < d; k++) {
      const g = WK.data[(L + r) * d + k]!;
      G.data[r * d + k] = g;
      if (WK.data[r * d + k] !== 0 || WQ.data[(L + r) * d + k] !== 0)
        return {
          ok: false,
          reason: `m = 2L, but WQ's lower or WK's upper half is not zero at row ${r}, column ${k} (fixed layout of SPEC §3)`,
        };
      const q = WQ.data[r * d + k]!;
      if (!(Math.abs(q - root * g) <= RESIDUAL_TOLERANCE * Math.abs(root * g) + 1e-300))
        return {
          ok: false,
          reason: `fixed layout, but WQ[${r}][${k}] = ${q} is not √d·WK[${L + r}][${k}] = ${root * g}`,
        };
    }
  for (let i = 0; i < L; i++) {
    const row = new Float64Array(L);
    for (let p = B.rowPtr[i]!; p < B.rowPtr[i + 1]!; p++) row[B.colIdx[p]!] = B.values[p]!;
    for (let j = 0; j < L; j++) {
      const got = X.data[i * m + j]!;
      if (!(Math.abs(got - row[j]!) <= RESIDUAL_TOLERANCE * (1 + Math.abs(row[j]!))))
        return {
          ok: false,
          reason: `fixed layout, but X[${i}][${j}] = ${got} is not the paper's B = ${row[j]} there, so C − B is not B(G Gᵀ − I)`,
        };
    }
  }
  return { ok: true, layout: 'fixed', G };
}
