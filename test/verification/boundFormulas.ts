import { expect } from 'vitest';
import type { PrecisionLogs } from '../../src/precision/precision.js';
import { compensatedDot } from '../../src/verification/_internals/compensatedDot.js';
import type { DenseMatrix } from '../../src/matrix/denseMatrix.js';
import type { Verdict } from '../../src/verification/verdict.js';
import type { SparseTarget } from '../../src/targets/sparseTarget.js';
import {
  gammaBound,
  SUM_INFLATION,
  TINY_PER_TERM,
  UNIT_ROUNDOFF,
  vectorNorm,
} from '../../src/verification/_internals/roundingBounds.js';

// The verifier's documented error-bound formulas (src/verification/_internals/checkRun.ts), recomputed from the factors in
// the documented order, for tests that pin the bounds bit for bit (errorBounds.test.ts, projectionBounds.test.ts).

export const u = UNIT_ROUNDOFF;

export interface RowFacts {
  spread: number;
  spreadBound: number;
  maxD: number;
  argMaxD: number;
  argMinD: number;
  margin: number;
  marginBound: number;
  argMaxOff: number;
  argMinSupport: number;
}

/** Row i's scan and bounds from logits c (length L) and logit bound E, as documented in checkRun.ts. */
export function rowFacts(W: SparseTarget, i: number, c: Float64Array, E: number): RowFacts {
  let maxD = -Infinity,
    argMaxD = -1,
    minD = Infinity,
    argMinD = -1,
    minSupport = Infinity,
    argMinSupport = -1,
    maxOff = -Infinity,
    argMaxOff = -1,
    maxAbsLog = 0;
  for (let j = 0; j < W.L; j++) {
    if (W.has(i, j)) {
      const lw = Math.log(W.get(i, j));
      const dv = c[j]! - lw;
      if (dv > maxD) [maxD, argMaxD] = [dv, j];
      if (dv < minD) [minD, argMinD] = [dv, j];
      if (c[j]! < minSupport) [minSupport, argMinSupport] = [c[j]!, j];
      maxAbsLog = Math.max(maxAbsLog, Math.abs(lw));
    } else if (c[j]! > maxOff) [maxOff, argMaxOff] = [c[j]!, j];
  }
  const single = W.rowCount(i) === 1;
  const spread = single ? 0 : maxD - minD;
  const logitPart = E + 4 * u * maxAbsLog + 2 * u * Math.max(Math.abs(maxD), Math.abs(minD));
  const spreadBound = single ? 0 : (2 * logitPart + 2 * u * spread) * SUM_INFLATION;
  const full = W.rowCount(i) === W.L;
  const margin = full ? -Infinity : maxOff - minSupport;
  const marginBound = full ? 0 : (2 * E + 2 * u * Math.abs(margin)) * SUM_INFLATION;
  return {
    spread,
    spreadBound,
    maxD,
    argMaxD,
    argMinD: single ? argMaxD : argMinD,
    margin,
    marginBound,
    argMaxOff,
    argMinSupport,
  };
}

/** First-pass logits of row i: fl(fl(q_i·k_j)·scale), the dot product summed left to right. */
export function plainLogits(Q: DenseMatrix, K: DenseMatrix, i: number, scale: number): Float64Array {
  const d = Q.cols;
  const out = new Float64Array(K.rows);
  for (let j = 0; j < K.rows; j++) {
    let s = 0;
    for (let t = 0; t < d; t++) s += Q.data[i * d + t]! * K.data[j * d + t]!;
    out[j] = s * scale;
  }
  return out;
}

/**
 * The first pass's logit bound E_i = 2·(gamma_{d+3}·||q_i||·max_j ||k_j|| + r_i·max_j ||k_j|| + (||q_i|| + r_i)·max_j r_j)/sqrt(d)
 * + (d + 8)·2^-1000, with the projection radii r of a certificate (none for factors).
 */
export function firstPassBound(
  Q: DenseMatrix,
  K: DenseMatrix,
  i: number,
  scale: number,
  qRadius?: Float64Array,
  kRadius?: Float64Array,
): number {
  const d = Q.cols;
  let kMax = 0;
  let rMax = 0;
  for (let j = 0; j < K.rows; j++) {
    kMax = Math.max(kMax, vectorNorm(K.data, j * d, d));
    rMax = Math.max(rMax, kRadius?.[j] ?? 0);
  }
  const nq = vectorNorm(Q.data, i * d, d);
  const r = qRadius?.[i] ?? 0;
  return 2 * (gammaBound(d + 3) * nq * kMax + r * kMax + (nq + r) * rMax) * scale + (d + 8) * TINY_PER_TERM;
}

/**
 * The compensated re-check's logits of row i and their bound: c_ij = fl(dot2(q_i, k_j)·scale) and
 * E_i = max_j 2·(gamma_4·|c_ij| + (gamma_d²·||q_i||·||k_j|| + r_i·||k_j|| + (||q_i|| + r_i)·r_j)/sqrt(d)) + (d + 8)·2^-1000,
 * with the compensated projection radii r of a certificate (none for factors).
 */
export function compensatedLogits(
  Q: DenseMatrix,
  K: DenseMatrix,
  i: number,
  scale: number,
  qRadius?: Float64Array,
  kRadius?: Float64Array,
): { c: Float64Array; E: number } {
  const d = Q.cols;
  const c = new Float64Array(K.rows);
  const g = gammaBound(d);
  const nq = vectorNorm(Q.data, i * d, d);
  const rq = qRadius?.[i] ?? 0;
  let E = 0;
  for (let j = 0; j < K.rows; j++) {
    c[j] = compensatedDot(Q.data, i * d, K.data, j * d, d) * scale;
    const nk = vectorNorm(K.data, j * d, d);
    const rk = kRadius?.[j] ?? 0;
    E = Math.max(
      E,
      2 * (gammaBound(4) * Math.abs(c[j]!) + (g * g * nq * nk + rq * nk + (nq + rq) * rk) * scale) +
        (d + 8) * TINY_PER_TERM,
    );
  }
  return { c, E };
}

/**
 * The epsilon whose rho = ln(1 + epsilon) is the largest spread of the rows that has a finite epsilon: that row
 * then sits on the (R1) threshold, within its bound, and must be re-checked (larger spreads fail outright).
 * `null` when no spread is positive with a finite epsilon.
 */
export function epsilonAtWorstSpread(facts: readonly RowFacts[]): number | null {
  const spreads = facts.map((f) => f.spread).filter((s) => s > 0 && Number.isFinite(Math.expm1(s)));
  return spreads.length === 0 ? null : Math.expm1(Math.max(...spreads));
}

/**
 * The gamma whose ln(gamma) is the largest negative margin of the rows (a valid gamma in (0, 1)): that row
 * then sits on the (R2) threshold, within its bound, and must be re-checked (larger margins fail outright).
 * `null` when no margin is negative with a positive gamma.
 */
export function gammaAtWorstMargin(facts: readonly RowFacts[]): number | null {
  const margins = facts.map((f) => f.margin).filter((m) => m < 0 && Math.exp(m) > 0);
  return margins.length === 0 ? null : Math.exp(Math.max(...margins));
}

/**
 * The rows the first pass leaves too close to call (a condition within its bound plus the threshold's own
 * 2-ulp allowance of its threshold), and every row's facts after the re-check: a close condition takes the
 * re-check's values (`recheck(i)`), a decided one keeps the first pass's.
 */
export function afterRecheck(
  first: readonly RowFacts[],
  logs: PrecisionLogs,
  recheck: (i: number) => RowFacts,
): { close: number[]; after: RowFacts[] } {
  const close: number[] = [];
  const after = first.map((f, i) => {
    const r1Close = Math.abs(f.spread - logs.rho) <= f.spreadBound + 4 * u * logs.rho;
    const r2Close = Math.abs(f.margin - logs.logGamma) <= f.marginBound + 4 * u * Math.abs(logs.logGamma);
    if (!r1Close && !r2Close) return f;
    close.push(i);
    const g = recheck(i);
    return {
      ...(r1Close
        ? { spread: g.spread, spreadBound: g.spreadBound, maxD: g.maxD, argMaxD: g.argMaxD, argMinD: g.argMinD }
        : { spread: f.spread, spreadBound: f.spreadBound, maxD: f.maxD, argMaxD: f.argMaxD, argMinD: f.argMinD }),
      ...(r2Close
        ? { margin: g.margin, marginBound: g.marginBound, argMaxOff: g.argMaxOff, argMinSupport: g.argMinSupport }
        : { margin: f.margin, marginBound: f.marginBound, argMaxOff: f.argMaxOff, argMinSupport: f.argMinSupport }),
    };
  });
  return { close, after };
}

/** Checks the verdict's worst rows against the recomputed facts of every row. */
export function expectWorstRows(v: Verdict, W: SparseTarget, facts: readonly RowFacts[]): void {
  // worst (R1) row: the first with the largest spread
  let worst = 0;
  for (let i = 1; i < W.L; i++) if (facts[i]!.spread > facts[worst]!.spread) worst = i;
  const f = facts[worst]!;
  expect(v.worstRatioRow).toEqual({
    row: worst,
    j: f.argMaxD,
    k: f.argMinD,
    spread: f.spread,
    errorBound: f.spreadBound,
  });
  // worst (R2) row: the first with the largest margin among rows without full support
  let worstZero = -1;
  for (let i = 0; i < W.L; i++)
    if (W.rowCount(i) < W.L && (worstZero < 0 || facts[i]!.margin > facts[worstZero]!.margin)) worstZero = i;
  if (worstZero < 0) return;
  const z = facts[worstZero]!;
  expect(v.worstZeroRow).toEqual({
    row: worstZero,
    j: z.argMaxOff,
    k: z.argMinSupport,
    margin: z.margin,
    errorBound: z.marginBound,
  });
}
