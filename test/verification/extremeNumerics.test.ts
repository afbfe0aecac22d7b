import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { denseMatrix, type DenseMatrix } from '../../src/matrix/denseMatrix.js';
import { SparseTarget, type TargetEntry } from '../../src/targets/sparseTarget.js';
import { verifyFactors } from '../../src/verification/verifyFactors.js';
import type { ConditionStatus, Verdict } from '../../src/verification/verdict.js';
import { trials } from '../helpers/mutationBudget.js';

// The verifier's verdict against an exact recomputation (SPEC §2), at the extremes of its inputs:
// epsilon from 1e-6 to 10, weights from 1e-300 to 1e300 with a dynamic range up to 1e12 inside a row,
// logits of magnitude up to 1e3 placed within a few ulps of the thresholds.
//
// Exact arithmetic: every double is a dyadic rational, so with d in {1, 4, 16} (sqrt(d) an integer) the
// logits C = Q K^T / sqrt(d) are exact BigInt rationals. The thresholds ln(1+epsilon), ln(gamma) and the
// ln W_ij are transcendental; they are evaluated in 400-bit fixed point (error below 2^-380, see
// `lnFixed`), so every exact comparison whose two sides differ by more than 2^-300 is decided exactly.
// A comparison closer than that is an exact tie or indistinguishable from one: the verifier, whose
// rounding slack is at least 2u·|threshold| >> 2^-300, must then call the row too close ('inconclusive').
//
// The contract checked (soundness): a condition reported 'holds' holds exactly, one reported 'fails' fails
// exactly, so 'pass' is never given to a matrix that fails. And (completeness, at a generous tolerance):
// when every row is farther from its threshold than 1e-9 of the magnitudes involved, the verifier decides.

const P = 400n; // fixed-point fraction bits
const ONE = 1n << P;
const TIE = 1n << (P - 300n); // 2^-300 in fixed point: closer than this counts as a tie

interface Rational {
  n: bigint;
  d: bigint;
} // d > 0

/** The exact value of a finite double as a rational with a power-of-two denominator. */
function exact(x: number): Rational {
  if (!Number.isFinite(x)) throw new RangeError(`not finite: ${x}`);
  if (x === 0) return { n: 0n, d: 1n };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n ? -1n : 1n;
  const e = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  // normal: (2^52 + frac)·2^(e-1075); subnormal: frac·2^-1074
  const mant = e === 0 ? frac : frac | (1n << 52n);
  const exp = e === 0 ? -1074 : e - 1075;
  return exp >= 0 ? { n: sign * mant * (1n << BigInt(exp)), d: 1n } : { n: sign * mant, d: 1n << BigInt(-exp) };
}
const add = (a: Rational, b: Rational): Rational => ({ n: a.n * b.d + b.n * a.d, d: a.d * b.d });
const mul = (a: Rational, b: Rational): Rational => ({ n: a.n * b.n, d: a.d * b.d });
const sub = (a: Rational, b: Rational): Rational => add(a, { n: -b.n, d: b.d });

/** floor(r · 2^P): a fixed-point value within one unit (2^-P) of r. */
function fixed(r: Rational): bigint {
  const q = (r.n << P) / r.d; // BigInt division truncates toward zero: still within one unit
  return q;
}

function bitLength(x: bigint): number {
  return x.toString(2).length;
}

/** atanh(y) for fixed-point |y| <= 1/3: the series y + y^3/3 + ..., each term truncated (error < 1 unit per term). */
function atanhFixed(y: bigint): bigint {
  const y2 = (y * y) >> P;
  let power = y;
  let sum = 0n;
  for (let k = 1n; power !== 0n; k += 2n) {
    sum += power / k;
    power = (power * y2) >> P;
  }
  return sum;
}
// ln 2 = 2 atanh(1/3); error a few hundred units of 2^-P
const LN2 = 2n * atanhFixed(ONE / 3n);

/**
 * ln(r) for a positive rational r, in fixed point. r = m·2^k with m in [1, 2); ln m = 2 atanh((m−1)/(m+1))
 * with (m−1)/(m+1) in [0, 1/3). Error: the series has about 130 terms (one unit each), the divisions two
 * more, and k·ln2 multiplies the error of ln2 (< 300 units) by |k| <= 2200: well below 2^20 units = 2^-380.
 */
function lnFixed(r: Rational): bigint {
  if (r.n <= 0n) throw new RangeError('ln of a non-positive number');
  let k = bitLength(r.n) - bitLength(r.d);
  // m = r / 2^k, adjusted into [1, 2)
  let m = k >= 0 ? (r.n << P) / (r.d << BigInt(k)) : ((r.n << BigInt(-k)) << P) / r.d;
  while (m >= 2n * ONE) {
    m >>= 1n;
    k++;
  }
  while (m < ONE) {
    m <<= 1n;
    k--;
  }
  const y = ((m - ONE) << P) / (m + ONE);
  return BigInt(k) * LN2 + 2n * atanhFixed(y);
}

type Exact = 'holds' | 'fails' | 'tie';
function compare(diff: bigint): Exact {
  if (diff > TIE) return 'fails';
  if (diff < -TIE) return 'holds';
  return 'tie';
}

/** Exact logits C = Q K^T / sqrt(d) (d a perfect square), as rationals. */
function exactLogits(Q: DenseMatrix, K: DenseMatrix): Rational[][] {
  const d = Q.cols;
  const root = Math.sqrt(d);
  if (!Number.isInteger(root)) throw new RangeError('d must be a perfect square');
  const C: Rational[][] = [];
  for (let i = 0; i < Q.rows; i++) {
    const row: Rational[] = [];
    for (let j = 0; j < K.rows; j++) {
      let s: Rational = { n: 0n, d: 1n };
      for (let t = 0; t < d; t++) s = add(s, mul(exact(Q.data[i * d + t]!), exact(K.data[j * d + t]!)));
      row.push({ n: s.n, d: s.d * BigInt(root) });
    }
    C.push(row);
  }
  return C;
}

interface ExactRow {
  r1: Exact;
  r2: Exact;
  r1Gap: number;
  r2Gap: number;
}

/**
 * SPEC §2 decided exactly, row by row: (R1) spread − rho and (R2) margin − ln gamma, as fixed-point
 * numbers, with the distance to the threshold (as a double, for the completeness check).
 */
function exactRows(W: SparseTarget, C: Rational[][], epsilon: number, gamma: number): ExactRow[] {
  const rho = lnFixed(add({ n: 1n, d: 1n }, exact(epsilon)));
  const logGamma = lnFixed(exact(gamma));
  const rows: ExactRow[] = [];
  for (let i = 0; i < W.L; i++) {
    let maxD: bigint | null = null,
      minD: bigint | null = null,
      minSupport: Rational | null = null,
      maxOff: Rational | null = null;
    for (let j = 0; j < W.L; j++) {
      const c = C[i]![j]!;
      if (W.has(i, j)) {
        const D = fixed(c) - lnFixed(exact(W.get(i, j)));
        if (maxD === null || D > maxD) maxD = D;
        if (minD === null || D < minD) minD = D;
        if (minSupport === null || c.n * minSupport.d < minSupport.n * c.d) minSupport = c;
      } else if (maxOff === null || c.n * maxOff.d > maxOff.n * c.d) maxOff = c;
    }
    const spreadExcess = maxD! - minD! - rho;
    const marginExcess = maxOff === null ? null : fixed(sub(maxOff, minSupport!)) - logGamma;
    rows.push({
      r1: compare(spreadExcess),
      r2: marginExcess === null ? 'holds' : compare(marginExcess),
      r1Gap: Math.abs(Number(spreadExcess) / Number(ONE)),
      r2Gap: marginExcess === null ? Infinity : Math.abs(Number(marginExcess) / Number(ONE)),
    });
  }
  return rows;
}

/** What the verdict of one condition must be, given the exact row outcomes. */
function checkCondition(
  reported: ConditionStatus,
  outcomes: readonly Exact[],
  gaps: readonly number[],
  tolerance: number,
  label: string,
): void {
  const someFails = outcomes.includes('fails');
  const allHold = outcomes.every((o) => o === 'holds');
  // soundness
  if (reported === 'holds')
    expect(allHold, `${label}: reported holds, exact outcomes ${outcomes.join(',')}`).toBe(true);
  if (reported === 'fails')
    expect(someFails, `${label}: reported fails, exact outcomes ${outcomes.join(',')}`).toBe(true);
  // a tie can only be reported as too close to call (unless another row fails definitely)
  if (outcomes.includes('tie') && !someFails) expect(reported, `${label}: exact tie`).toBe('inconclusive');
  // completeness: every row far from its threshold ⇒ decided
  if (gaps.every((g) => g > tolerance))
    expect(reported, `${label}: every row farther than ${tolerance} from the threshold`).toBe(
      allHold ? 'holds' : 'fails',
    );
}

function checkVerdict(
  v: Verdict,
  W: SparseTarget,
  Q: DenseMatrix,
  K: DenseMatrix,
  epsilon: number,
  gamma: number,
): void {
  const rows = exactRows(W, exactLogits(Q, K), epsilon, gamma);
  // Completeness tolerance: the verifier's bounds are a few ulps of the magnitudes in play (logits, ln W,
  // thresholds) times d; 1e-9 of the largest of them is more than a million times that.
  let magnitude = 1 + Math.abs(Math.log1p(epsilon)) + Math.abs(Math.log(gamma));
  for (let i = 0; i < W.L; i++)
    for (let j = 0; j < W.L; j++) {
      let c = 0;
      for (let t = 0; t < Q.cols; t++) c += Math.abs(Q.data[i * Q.cols + t]! * K.data[j * K.cols + t]!);
      magnitude = Math.max(magnitude, c);
      if (W.has(i, j)) magnitude = Math.max(magnitude, Math.abs(Math.log(W.get(i, j))));
    }
  const tolerance = 1e-9 * magnitude;
  checkCondition(
    v.r1,
    rows.map((r) => r.r1),
    rows.map((r) => r.r1Gap),
    tolerance,
    '(R1)',
  );
  checkCondition(
    v.r2,
    rows.map((r) => r.r2),
    rows.map((r) => r.r2Gap),
    tolerance,
    '(R2)',
  );
  // the overall status follows the conditions; 'pass' only when both hold exactly
  if (v.status === 'pass') expect(rows.every((r) => r.r1 === 'holds' && r.r2 === 'holds')).toBe(true);
  if (v.status === 'fail') expect(rows.some((r) => r.r1 === 'fails' || r.r2 === 'fails')).toBe(true);
  expect(v.pass).toBe(v.status === 'pass');
}

/** Weights: a row scale from 1e-300 to 1e300 times ratios from 1 to `range` (at most 1e12). */
const rowWeights = (count: number, range: number) =>
  fc
    .tuple(
      fc.double({ min: -300, max: 300 - Math.log10(range), noNaN: true }),
      fc.array(fc.double({ min: 0, max: Math.log10(range), noNaN: true }), { minLength: count, maxLength: count }),
    )
    .map(([scale, logs]) => logs.map((l) => 10 ** (scale + l)));

/** Offsets that place a logit at, just around, or far from the point that meets a threshold exactly. */
// (Weighted toward "comfortably inside", so that whole matrices that pass are generated too: a matrix
// passes only when all eight of its nudges are.)
const nudge = fc.oneof(
  { arbitrary: fc.constant(0), weight: 1 },
  { arbitrary: fc.integer({ min: -8, max: 8 }).map((k) => k * 2 ** -52), weight: 1 }, // a few ulps of 1
  { arbitrary: fc.double({ min: -1e-10, max: 1e-10, noNaN: true }), weight: 1 },
  { arbitrary: fc.double({ min: -1, max: 1, noNaN: true }), weight: 1 },
  { arbitrary: fc.double({ min: -1, max: -1e-3, noNaN: true }), weight: 12 },
);

interface Case {
  W: SparseTarget;
  Q: DenseMatrix;
  K: DenseMatrix;
  epsilon: number;
  gamma: number;
}

/**
 * Near-threshold cases with K = 2·I (d = L = 4, so C = Q exactly): each row's support logits are
 * ln W + offset, with one of them moved to spread = rho + nudge, and its best off-support logit at
 * min support + ln gamma + nudge. Row offsets up to ±1e3 make the logits large next to the thresholds.
 */
const nearCase: fc.Arbitrary<Case> = fc
  .record({
    epsilon: fc.double({ min: 1e-6, max: 10, noNaN: true }),
    gamma: fc.double({ min: 1e-6, max: 0.999, noNaN: true }),
    range: fc.constantFrom(1, 10, 1e6, 1e12),
    supports: fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }), {
      minLength: 4,
      maxLength: 4,
    }),
    offsets: fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 4, maxLength: 4 }),
    nudges: fc.array(fc.tuple(nudge, nudge), { minLength: 4, maxLength: 4 }),
  })
  .chain((p) => fc.tuple(fc.constant(p), fc.tuple(...p.supports.map((s) => rowWeights(s.length, p.range)))))
  .map(([p, weights]) => {
    const L = 4;
    const entries: TargetEntry[] = [];
    const Q = denseMatrix(L, L);
    const rho = Math.log1p(p.epsilon);
    const logGamma = Math.log(p.gamma);
    for (let i = 0; i < L; i++) {
      const cols = p.supports[i]!;
      const w = weights[i]!;
      const [spreadNudge, marginNudge] = p.nudges[i]!;
      cols.forEach((j, t) => entries.push([i, j, w[t]!]));
      // D_ij = C_ij − ln W_ij = offset on the support, except the last column, at offset + rho + nudge
      cols.forEach(
        (j, t) =>
          (Q.data[i * L + j] =
            p.offsets[i]! + Math.log(w[t]!) + (t === cols.length - 1 && cols.length > 1 ? rho + spreadNudge : 0)),
      );
      let minSupport = Infinity;
      for (const j of cols) minSupport = Math.min(minSupport, Q.data[i * L + j]!);
      for (let j = 0, first = true; j < L; j++) {
        if (cols.includes(j)) continue;
        // the first zero sits at the (R2) threshold (plus a nudge), the others far below it
        Q.data[i * L + j] = first ? minSupport + logGamma + marginNudge : minSupport + logGamma - 10;
        first = false;
      }
    }
    const K = denseMatrix(L, L);
    for (let j = 0; j < L; j++) K.data[j * L + j] = 2;
    return { W: SparseTarget.fromEntries(L, entries), Q, K, epsilon: p.epsilon, gamma: p.gamma };
  });

/** General factors with small dyadic entries (k/8, |k| <= 64), d in {1, 4, 16}: exact logits, arbitrary verdicts. */
const dyadicCase: fc.Arbitrary<Case> = fc
  .record({
    L: fc.integer({ min: 2, max: 5 }),
    d: fc.constantFrom(1, 4, 16),
    epsilon: fc.double({ min: 1e-6, max: 10, noNaN: true }),
    gamma: fc.double({ min: 1e-6, max: 0.999, noNaN: true }),
    range: fc.constantFrom(1, 1e3, 1e12),
  })
  .chain((p) =>
    fc.record({
      p: fc.constant(p),
      q: fc.array(fc.integer({ min: -64, max: 64 }), { minLength: p.L * p.d, maxLength: p.L * p.d }),
      k: fc.array(fc.integer({ min: -64, max: 64 }), { minLength: p.L * p.d, maxLength: p.L * p.d }),
      supports: fc.array(fc.uniqueArray(fc.integer({ min: 0, max: p.L - 1 }), { minLength: 1, maxLength: p.L }), {
        minLength: p.L,
        maxLength: p.L,
      }),
      scales: fc.array(fc.double({ min: -300, max: 288, noNaN: true }), { minLength: p.L, maxLength: p.L }),
      ratios: fc.array(fc.double({ min: 0, max: Math.log10(p.range), noNaN: true }), {
        minLength: p.L * p.L,
        maxLength: p.L * p.L,
      }),
    }),
  )
  .map(({ p, q, k, supports, scales, ratios }) => {
    const entries: TargetEntry[] = [];
    supports.forEach((cols, i) => cols.forEach((j) => entries.push([i, j, 10 ** (scales[i]! + ratios[i * p.L + j]!)])));
    return {
      W: SparseTarget.fromEntries(p.L, entries),
      Q: denseMatrix(
        p.L,
        p.d,
        Float64Array.from(q, (x) => x / 8),
      ),
      K: denseMatrix(
        p.L,
        p.d,
        Float64Array.from(k, (x) => x / 8),
      ),
      epsilon: p.epsilon,
      gamma: p.gamma,
    };
  });

describe('verdicts at the numeric extremes agree with exact rational arithmetic', () => {
  it('the exact machinery: ln in fixed point matches Math.log, and ties are recognised', () => {
    for (const x of [1e-300, 0.5, 1, 1.5, 2, 10, 1e300, 5e-324]) {
      // Math.log is within 1 ulp of ln x; 4 ulps of max(1, |ln x|) covers it and the conversion to double
      const got = Number(lnFixed(exact(x))) / Number(ONE);
      expect(Math.abs(got - Math.log(x))).toBeLessThanOrEqual(4 * 2 ** -52 * Math.max(1, Math.abs(Math.log(x))));
    }
    expect(lnFixed({ n: 1n, d: 1n })).toBe(0n);
    // ln(3/2) + ln(2/3) = 0 up to the fixed-point error: a tie
    expect(compare(lnFixed({ n: 3n, d: 2n }) + lnFixed({ n: 2n, d: 3n }))).toBe('tie');
  });

  it('a hand-made exact tie: ratio (1+epsilon) with equal logits is (R1) inconclusive, never decided', () => {
    // epsilon = 1, W = [1, 2]: D_0 − D_1 = 0 − ln 1 − (0 − ln 2) = ln 2 = rho exactly
    const W = SparseTarget.fromEntries(4, [
      [0, 0, 1],
      [0, 1, 2],
      [1, 1, 1],
      [2, 2, 1],
      [3, 3, 1],
    ]);
    const Q = denseMatrix(
      4,
      4,
      Float64Array.from([0, 0, -50, -50, -50, 0, -50, -50, -50, -50, 0, -50, -50, -50, -50, 0]),
    );
    const K = denseMatrix(4, 4);
    for (let j = 0; j < 4; j++) K.data[j * 4 + j] = 2;
    const v = verifyFactors(W, Q, K, { epsilon: 1, gamma: 0.5 });
    expect(exactRows(W, exactLogits(Q, K), 1, 0.5)[0]!.r1).toBe('tie');
    expect(v.r1).toBe('inconclusive');
    checkVerdict(v, W, Q, K, 1, 0.5);
  });

  it('logits within a few ulps of both thresholds, weights 1e-300..1e300, dynamic range up to 1e12 (property)', () => {
    fc.assert(
      fc.property(nearCase, ({ W, Q, K, epsilon, gamma }) => {
        for (const refine of [true, false])
          checkVerdict(verifyFactors(W, Q, K, { epsilon, gamma }, { refine }), W, Q, K, epsilon, gamma);
      }),
      { seed: 31, numRuns: trials(300, 60) },
    );
  });

  it('general dyadic factors, d in {1, 4, 16} (property)', () => {
    fc.assert(
      fc.property(dyadicCase, ({ W, Q, K, epsilon, gamma }) =>
        checkVerdict(verifyFactors(W, Q, K, { epsilon, gamma }), W, Q, K, epsilon, gamma),
      ),
      { seed: 32, numRuns: trials(300, 60) },
    );
  });

  it('the exact check rejects forged verdicts (the control: checkVerdict can fail)', () => {
    // row 0: spread ln 2 + 2^-10 over rho = ln 2 (epsilon = 1): fails exactly, by far more than any rounding
    const W = SparseTarget.fromEntries(4, [
      [0, 0, 1],
      [0, 1, 2],
      [1, 1, 1],
      [2, 2, 1],
      [3, 3, 1],
    ]);
    const Q = denseMatrix(
      4,
      4,
      Float64Array.from([2 ** -10, 0, -50, -50, -50, 0, -50, -50, -50, -50, 0, -50, -50, -50, -50, 0]),
    );
    const K = denseMatrix(4, 4);
    for (let j = 0; j < 4; j++) K.data[j * 4 + j] = 2;
    const v = verifyFactors(W, Q, K, { epsilon: 1, gamma: 0.5 });
    expect([v.status, v.r1, v.r2]).toEqual(['fail', 'fails', 'holds']);
    checkVerdict(v, W, Q, K, 1, 0.5);
    expect(() => checkVerdict({ ...v, r1: 'holds', status: 'pass', pass: true }, W, Q, K, 1, 0.5)).toThrow();
    expect(() => checkVerdict({ ...v, r1: 'inconclusive', status: 'inconclusive' }, W, Q, K, 1, 0.5)).toThrow(
      /farther than/,
    );
    expect(() => checkVerdict({ ...v, r2: 'fails' }, W, Q, K, 1, 0.5)).toThrow(/\(R2\)/);
  });

  it('the near-threshold generator really produces all three verdicts (the control)', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(nearCase, ({ W, Q, K, epsilon, gamma }) => {
        seen.add(verifyFactors(W, Q, K, { epsilon, gamma }).status);
      }),
      { seed: 31, numRuns: trials(300, 60) },
    );
    expect([...seen].sort()).toEqual(['fail', 'inconclusive', 'pass']);
  });
});
