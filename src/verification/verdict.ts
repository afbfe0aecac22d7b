/**
 * The result of checking SPEC §2 — whether `A = softmax_rows(C)`,
 * `C = Q K^T / sqrt(d)`, (epsilon, gamma)-approximates a target `W`.
 *
 * All numbers are in log space: the (R1) *spread* of row `i` is
 * `max_{supp(i)} (C_ij − ln W_ij) − min_{supp(i)} (C_ij − ln W_ij)` (condition:
 * `<= rho = ln(1+epsilon)`), and the (R2) *margin* is
 * `max_{j not in supp(i)} C_ij − min_{k in supp(i)} C_ik` (condition: `<= ln gamma`).
 *
 * Logits are computed in floating point, so every reported spread and margin
 * comes with a rigorous bound on its distance to the exact value. A condition
 * *holds* in a row when even the worst case within that bound meets it, *fails*
 * when even the best case misses it, and is *inconclusive* (too close to call)
 * otherwise.
 */

/** Outcome of one condition, (R1) or (R2), over all rows. */
export type ConditionStatus = 'holds' | 'fails' | 'inconclusive';

/** Outcome of the whole check. */
export type VerdictStatus = 'pass' | 'fail' | 'inconclusive';

/** The row with the largest (R1) spread and the pair that attains it. */
export interface WorstRatioRow {
  /** Row index `i` (0-based). */
  readonly row: number;
  /** `argmax_{j in supp(i)} (C_ij − ln W_ij)` (first in column order on ties). */
  readonly j: number;
  /** `argmin_{k in supp(i)} (C_ik − ln W_ik)` (first in column order on ties). */
  readonly k: number;
  /** The computed spread `(C_ij − ln W_ij) − (C_ik − ln W_ik)`. */
  readonly spread: number;
  /** Rigorous bound on `|computed spread − exact spread|` (0 from the dense cross-check). */
  readonly errorBound: number;
}

/** The row with the largest (R2) margin and the pair that attains it. */
export interface WorstZeroRow {
  /** Row index `i` (0-based). */
  readonly row: number;
  /** `argmax_{j not in supp(i)} C_ij`: the largest logit that should be suppressed. */
  readonly j: number;
  /** `argmin_{k in supp(i)} C_ik`: the smallest logit on the support. */
  readonly k: number;
  /** The computed margin `C_ij − C_ik`. */
  readonly margin: number;
  /** Rigorous bound on `|computed margin − exact margin|` (0 from the dense cross-check). */
  readonly errorBound: number;
}

/** How many rows fail, and how many are too close to call, for one condition. */
export interface RowCounts {
  readonly failing: number;
  readonly inconclusive: number;
}

/** Verdict of a verifier on one (target, logits) pair. */
export interface Verdict {
  /** `'fail'` if some row definitely fails a condition; else `'inconclusive'` if some row is too close to call; else `'pass'`. */
  readonly status: VerdictStatus;
  /** `status === 'pass'`. */
  readonly pass: boolean;
  /** Outcome of (R1) alone. */
  readonly r1: ConditionStatus;
  /** Outcome of (R2) alone (`'holds'` vacuously when every row has full support). */
  readonly r2: ConditionStatus;
  /** Requested ratio tolerance. */
  readonly epsilon: number;
  /** Requested zero-suppression level. */
  readonly gamma: number;
  /** `ln(1 + epsilon)`, the (R1) threshold. */
  readonly rho: number;
  /** `ln(gamma)`, the (R2) threshold. */
  readonly logGamma: number;
  /** Sequence length. */
  readonly L: number;
  /** Query dimension. */
  readonly d: number;
  /** Largest computed (R1) spread over the rows (log space, never overflows). */
  readonly worstSpread: number;
  /** `exp(worstSpread) − 1`: the smallest epsilon the logits meet (may be `Infinity` for huge spreads). */
  readonly achievedEpsilon: number;
  /** Largest computed (R2) margin over the rows; `-Infinity` when every row has full support. */
  readonly worstMargin: number;
  /** `exp(worstMargin)`: the smallest gamma the logits meet (0 when (R2) is vacuous; may exceed 1). */
  readonly achievedGamma: number;
  /** Where the worst spread is attained. */
  readonly worstRatioRow: WorstRatioRow;
  /** Where the worst margin is attained; `null` when every row has full support. */
  readonly worstZeroRow: WorstZeroRow | null;
  /** Failing and too-close-to-call row counts for (R1) and (R2). */
  readonly rows: { readonly r1: RowCounts; readonly r2: RowCounts };
  /** Rows re-checked with compensated (twice-working-precision) arithmetic because the first pass could not decide them. */
  readonly refinedRows: number;
  /** Why the verdict is inconclusive (absent otherwise). */
  readonly reason?: string;
}
