import type { PrecisionLogs } from '../../precision/precision.js';
import type { SparseTarget } from '../../targets/sparseTarget.js';
import type { BoundedFactors, FactorSource } from './boundedFactors.js';
import { classify, type RowOutcome } from './classify.js';
import { compensatedDot } from './compensatedDot.js';
import { gammaBound, SUM_INFLATION, TINY_PER_TERM, UNIT_ROUNDOFF, vectorNorm } from './roundingBounds.js';
import { emptyRowScan, scanRow, type RowScan } from './rowScan.js';
import type { ConditionStatus, Verdict, VerdictStatus } from '../verdict.js';

/** Magnitude above which a logit computation might overflow: `||q_i||·max_j ||k_j||` must stay below it. */
const OVERFLOW_GUARD = 2 ** 1000;

const u = UNIT_ROUNDOFF;

/**
 * One run of the streaming check (see {@link streamingCheck} for the bounds),
 * independent of the kernel that computes the logits: built from the fast
 * factors (per-row error bounds `E_i`, `O(L·d)`), fed one {@link RowScan} per
 * row by the first pass ({@link record}, any order, each row once), and
 * finished by the compensated re-check of the rows too close to call and the
 * verdict ({@link finish}). `O(L)` memory.
 */
export class CheckRun {
  readonly target: SparseTarget;
  readonly logs: PrecisionLogs;
  /** Query dimension. */
  readonly d: number;
  /** `1/sqrt(d)`, rounded: every logit is `fl(fl(q·k)·scale)`. */
  readonly scale: number;
  private readonly rows: RowTable;
  private readonly bound: Float64Array;
  private readonly rhoBound: number;
  private readonly logGammaBound: number;

  /**
   * Bounds of the first pass from the fast factors. `O(L·d)`.
   *
   * @example
   * new CheckRun(W, factors, precisionLogs({ epsilon: 0.5, gamma: 0.5 })).scale; // 1 / Math.sqrt(factors.Q.cols)
   * @throws never (inputs are trusted: finite, `L×d`).
   */
  constructor(target: SparseTarget, fast: BoundedFactors, logs: PrecisionLogs) {
    const { Q, K, qRadius, kRadius, qNorm, kNorm } = fast;
    const L = target.L;
    const d = Q.cols;
    this.target = target;
    this.logs = logs;
    this.d = d;
    this.scale = 1 / Math.sqrt(d);
    this.rhoBound = 4 * u * logs.rho; // rho = log1p(epsilon): fdlibm's log1p is within 1 ulp; allow 2 ulps
    this.logGammaBound = 4 * u * Math.abs(logs.logGamma); // same for Math.log
    this.rows = new RowTable(L);

    // Per-row error bound of the first pass (cheap: O(L·d) for the norms, or given with the factors).
    let kMax = 0;
    let rMax = 0;
    for (let j = 0; j < L; j++) {
      // Math.max propagates Infinity and NaN, which then make every bound non-finite (undecided).
      kMax = Math.max(kMax, kNorm === undefined ? vectorNorm(K.data, j * d, d) : kNorm[j]!);
      rMax = Math.max(rMax, kRadius === null ? 0 : kRadius[j]!);
    }
    const g = gammaBound(d + 3);
    const tiny = (d + 8) * TINY_PER_TERM;
    const bound = new Float64Array(L);
    const magnitude = this.rows.magnitude;
    for (let i = 0; i < L; i++) {
      const nq = qNorm === undefined ? vectorNorm(Q.data, i * d, d) : qNorm[i]!;
      const r = qRadius === null ? 0 : qRadius[i]!;
      magnitude[i] = nq * kMax;
      bound[i] = 2 * (g * nq * kMax + r * kMax + (nq + r) * rMax) * this.scale + tiny;
    }
    this.bound = bound;
  }

  /** `n̂_i·K̂max`, the computed `||q̂_i||·max_j ||k̂_j||` of the fast factors, per row (read only; the float32 pass's windows reuse it). */
  get magnitudes(): Float64Array {
    return this.rows.magnitude;
  }

  /** Records the first pass's scan of row `i` (logits `fl(fl(q̂_i·k̂_j)·scale)`, any summation order). `O(1)`. */
  record(i: number, scan: RowScan): void {
    const bound = this.bound[i]!;
    const unsafe = !(this.rows.magnitude[i]! <= OVERFLOW_GUARD) || !(bound <= Number.MAX_VALUE);
    this.rows.record(i, scan, bound, this.logs, this.rhoBound, this.logGammaBound, unsafe);
  }

  /**
   * Re-checks the rows too close to call with compensated dot products on
   * `source.accurate()` (when `refine`), then reduces the rows to the verdict.
   * `O(L)` plus `O(L·d)` per re-checked row.
   */
  finish(source: FactorSource, refine: boolean): Verdict {
    const { target, rows, logs, scale } = this;
    const L = target.L;
    // Second pass: compensated re-check of the rows the first could not decide.
    let refinedRows = 0;
    if (refine) {
      let accurate: AccurateFactors | null = null;
      const rowLogits = new Float64Array(L);
      const rescan = emptyRowScan();
      for (let i = 0; i < L; i++) {
        if (rows.unsafe[i] || (rows.r1[i] !== CLOSE && rows.r2[i] !== CLOSE)) continue;
        accurate ??= prepareAccurate(source.accurate());
        const rowBound = compensatedRow(accurate, i, scale, rowLogits);
        refinedRows++;
        if (!(rowBound <= Number.MAX_VALUE)) continue; // overflow in the compensated pass: stays undecided
        scanRow(target, i, rowLogits, 0, rescan);
        rows.refine(i, rescan, rowBound, logs, this.rhoBound, this.logGammaBound);
      }
    }
    return rows.verdict(target, logs, this.d, refinedRows);
  }
}

/** Accurate factors with their row norms, prepared once for the re-check. */
interface AccurateFactors {
  readonly factors: BoundedFactors;
  readonly kNorm: Float64Array;
}

function prepareAccurate(factors: BoundedFactors): AccurateFactors {
  const { K } = factors;
  const kNorm = new Float64Array(K.rows);
  for (let j = 0; j < K.rows; j++) kNorm[j] = vectorNorm(K.data, j * K.cols, K.cols);
  return { factors, kNorm };
}

/**
 * Logits of row `i` from compensated dot products, into `out`; returns the
 * row's error bound `max_j E_ij` (non-finite when anything overflowed).
 *
 * Per entry, with `c̃ = fl(dot2(q̃_i, k̃_j)·scale)`, Dot2's bound
 * `|dot2 − q̃·k̃| <= u|q̃·k̃| + gamma_d² sum |q̃_t||k̃_t|` and three roundings of
 * the scaling give `|c̃ − q̃·k̃/sqrt(d)| <= gamma_4 |q̃·k̃|/sqrt(d) + gamma_d² ||q̃|| ||k̃|| / sqrt(d)`
 * (up to factors `1 + O(u)`); the radii add
 * `(r_i ||k̃_j|| + (||q̃_i|| + r_i) r_j) / sqrt(d)` as in the first pass. `E_ij`
 * is twice the sum (covering the `1 + O(d·u)` factors) plus an underflow allowance.
 */
function compensatedRow(accurate: AccurateFactors, i: number, scale: number, out: Float64Array): number {
  const { factors, kNorm } = accurate;
  const { Q, K, qRadius, kRadius } = factors;
  const d = Q.cols;
  const L = K.rows;
  const nq = vectorNorm(Q.data, i * d, d);
  const rq = qRadius === null ? 0 : qRadius[i]!;
  const g = gammaBound(d);
  const g2 = g * g;
  const g4 = gammaBound(4);
  const tiny = (d + 8) * TINY_PER_TERM;
  let worst = 0;
  for (let j = 0; j < L; j++) {
    const c = compensatedDot(Q.data, i * d, K.data, j * d, d) * scale;
    out[j] = c;
    const nk = kNorm[j]!;
    const rk = kRadius === null ? 0 : kRadius[j]!;
    const e = 2 * (g4 * Math.abs(c) + (g2 * nq * nk + rq * nk + (nq + rq) * rk) * scale) + tiny;
    if (!(nq * nk <= OVERFLOW_GUARD) || !(e <= Number.MAX_VALUE) || !Number.isFinite(c)) return Infinity;
    if (e > worst) worst = e;
  }
  return worst;
}

const HOLDS = 0;
const FAILS = 1;
const CLOSE = 2;
const OUTCOME: Record<RowOutcome, number> = { holds: HOLDS, fails: FAILS, close: CLOSE };

/** Per-row results, `O(L)` memory. */
class RowTable {
  readonly spread: Float64Array;
  readonly spreadBound: Float64Array;
  readonly spreadJ: Int32Array;
  readonly spreadK: Int32Array;
  readonly margin: Float64Array;
  readonly marginBound: Float64Array;
  readonly marginJ: Int32Array;
  readonly marginK: Int32Array;
  readonly r1: Uint8Array;
  readonly r2: Uint8Array;
  readonly unsafe: Uint8Array;
  readonly magnitude: Float64Array;
  readonly L: number;

  constructor(L: number) {
    this.L = L;
    this.spread = new Float64Array(L);
    this.spreadBound = new Float64Array(L);
    this.spreadJ = new Int32Array(L);
    this.spreadK = new Int32Array(L);
    this.margin = new Float64Array(L);
    this.marginBound = new Float64Array(L);
    this.marginJ = new Int32Array(L);
    this.marginK = new Int32Array(L);
    this.r1 = new Uint8Array(L);
    this.r2 = new Uint8Array(L);
    this.unsafe = new Uint8Array(L);
    this.magnitude = new Float64Array(L);
  }

  /**
   * Spread, margin and their bounds from a scan with logit bound `E`:
   * `|D̂_ij − D_ij| <= E + 4u|ln W_ij| + 2u|D̂_ij|` (logit error, `Math.log`
   * within 2 ulps, rounding of the subtraction), the max and the min move by at
   * most that much each, and the spread's subtraction rounds once more; the
   * margin is a difference of two logits, each within `E`, rounded once.
   */
  record(
    i: number,
    scan: RowScan,
    E: number,
    logs: PrecisionLogs,
    rhoBound: number,
    logGammaBound: number,
    unsafe: boolean,
  ): void {
    this.setR1(i, scan, E, logs, rhoBound);
    this.setR2(i, scan, E, logs, logGammaBound);
    this.unsafe[i] = unsafe ? 1 : 0;
    if (unsafe) {
      // Logits that may have overflowed decide nothing, except what holds whatever
      // the logits: (R1) in a single-support row, (R2) in a full-support row.
      if (scan.supportCount > 1) this.r1[i] = CLOSE;
      if (scan.supportCount < this.L) this.r2[i] = CLOSE;
    }
  }

  /** Replaces the undecided conditions of row `i` by their compensated re-check. */
  refine(i: number, scan: RowScan, E: number, logs: PrecisionLogs, rhoBound: number, logGammaBound: number): void {
    if (this.r1[i] === CLOSE) this.setR1(i, scan, E, logs, rhoBound);
    if (this.r2[i] === CLOSE) this.setR2(i, scan, E, logs, logGammaBound);
  }

  private setR1(i: number, scan: RowScan, E: number, logs: PrecisionLogs, rhoBound: number): void {
    if (scan.supportCount === 1) {
      // One support entry: the spread is D_ij − D_ij = 0 exactly, for computed and exact logits alike.
      this.spread[i] = 0;
      this.spreadBound[i] = 0;
      this.spreadJ[i] = scan.argMaxD;
      this.spreadK[i] = scan.argMaxD;
      this.r1[i] = HOLDS;
      return;
    }
    const spread = scan.maxD - scan.minD;
    const logitPart = E + 4 * u * scan.maxAbsLog + 2 * u * Math.max(Math.abs(scan.maxD), Math.abs(scan.minD));
    const b = (2 * logitPart + 2 * u * spread) * SUM_INFLATION;
    this.spread[i] = spread;
    this.spreadBound[i] = b;
    this.spreadJ[i] = scan.argMaxD;
    this.spreadK[i] = scan.argMinD;
    this.r1[i] = OUTCOME[classify(spread, b, logs.rho, rhoBound)];
  }

  private setR2(i: number, scan: RowScan, E: number, logs: PrecisionLogs, logGammaBound: number): void {
    this.marginK[i] = scan.argMinSupport;
    this.marginJ[i] = scan.argMaxOff;
    if (scan.supportCount === this.L) {
      // Full support: (R2) is vacuous.
      this.margin[i] = -Infinity;
      this.marginBound[i] = 0;
      this.r2[i] = HOLDS;
      return;
    }
    const margin = scan.maxOff - scan.minSupport;
    const b = (2 * E + 2 * u * Math.abs(margin)) * SUM_INFLATION;
    this.margin[i] = margin;
    this.marginBound[i] = b;
    this.r2[i] = OUTCOME[classify(margin, b, logs.logGamma, logGammaBound)];
  }

  verdict(target: SparseTarget, logs: PrecisionLogs, d: number, refinedRows: number): Verdict {
    const L = target.L;
    // Worst rows: first row with the largest value; NaN values (rows that
    // overflowed) are skipped unless nothing else is left.
    let worstR1 = -1;
    let worstR2 = -1;
    let fail1 = 0,
      close1 = 0,
      fail2 = 0,
      close2 = 0;
    let firstClose = -1;
    let closeRows = 0;
    for (let i = 0; i < L; i++) {
      const s = this.spread[i]!;
      if (s === s && (worstR1 < 0 || s > this.spread[worstR1]!)) worstR1 = i;
      // Full-support rows have margin −Infinity (no (R2) pair) and overflowed rows NaN: neither is a candidate.
      const m = this.margin[i]!;
      if (m > -Infinity && (worstR2 < 0 || m > this.margin[worstR2]!)) worstR2 = i;
      if (this.r1[i] === FAILS) fail1++;
      if (this.r1[i] === CLOSE) close1++;
      if (this.r2[i] === FAILS) fail2++;
      if (this.r2[i] === CLOSE) close2++;
      if (this.r1[i] === CLOSE || this.r2[i] === CLOSE) {
        closeRows++;
        if (firstClose < 0) firstClose = i;
      }
    }
    if (worstR1 < 0) worstR1 = 0; // every spread NaN: report row 0
    // Every margin NaN or −Infinity: report the first row that has an (R2) pair at all, if any.
    for (let i = 0; worstR2 < 0 && i < L; i++) if (target.rowCount(i) < L) worstR2 = i;
    const condition = (fails: number, close: number): ConditionStatus =>
      fails > 0 ? 'fails' : close > 0 ? 'inconclusive' : 'holds';
    const r1 = condition(fail1, close1);
    const r2 = condition(fail2, close2);
    const status: VerdictStatus = fail1 + fail2 > 0 ? 'fail' : closeRows > 0 ? 'inconclusive' : 'pass';
    const worstSpread = this.spread[worstR1]!;
    const worstMargin = worstR2 < 0 ? -Infinity : this.margin[worstR2]!;
    const verdict: Verdict = {
      status,
      pass: status === 'pass',
      r1,
      r2,
      epsilon: logs.epsilon,
      gamma: logs.gamma,
      rho: logs.rho,
      logGamma: logs.logGamma,
      L,
      d,
      worstSpread,
      achievedEpsilon: Math.expm1(worstSpread),
      worstMargin,
      achievedGamma: Math.exp(worstMargin),
      worstRatioRow: {
        row: worstR1,
        j: this.spreadJ[worstR1]!,
        k: this.spreadK[worstR1]!,
        spread: worstSpread,
        errorBound: this.spreadBound[worstR1]!,
      },
      worstZeroRow:
        worstR2 < 0
          ? null
          : {
              row: worstR2,
              j: this.marginJ[worstR2]!,
              k: this.marginK[worstR2]!,
              margin: worstMargin,
              errorBound: this.marginBound[worstR2]!,
            },
      rows: { r1: { failing: fail1, inconclusive: close1 }, r2: { failing: fail2, inconclusive: close2 } },
      refinedRows,
    };
    if (status !== 'inconclusive') return verdict;
    return {
      ...verdict,
      reason: `${closeRows} of ${L} rows too close to call; first: ${this.explain(firstClose, logs)}`,
    };
  }

  /** Why row `i` is undecided, in one phrase. */
  private explain(i: number, logs: PrecisionLogs): string {
    if (this.unsafe[i])
      return `row ${i}: its logits may overflow or their rounding-error bound is not finite (||q_i||·max_j ||k_j|| = ${this.magnitude[i]})`;
    if (this.r1[i] === CLOSE)
      return `row ${i}: (R1) spread ${this.spread[i]} is within its rounding-error bound ${this.spreadBound[i]!.toExponential(2)} of rho = ${logs.rho}`;
    return `row ${i}: (R2) margin ${this.margin[i]} is within its rounding-error bound ${this.marginBound[i]!.toExponential(2)} of ln(gamma) = ${logs.logGamma}`;
  }
}
