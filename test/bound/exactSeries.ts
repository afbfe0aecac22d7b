/**
 * Test-only reference for the Chernoff exponents, independent of the code under
 * test: the Taylor series summed in exact fixed-point BigInt arithmetic with
 * 400 fractional bits, then rounded once to a double.
 *
 *   h+(t) = t − ln(1+t) = Σ_{k>=2} (−1)^k t^k / k
 *   h−(t) = −t − ln(1−t) = Σ_{k>=2} t^k / k
 *
 * For 1e-20 <= t <= 0.9 the truncation error (at most ~2^-400 per term, a few
 * thousand terms) is below 1e-100 absolute, far below half an ulp of the result
 * (>= 5e-41), so the returned doubles are the correctly rounded exact values.
 */
const P = 400n;

function toFixed(t: number): bigint {
  // t = m · 2^e exactly, with m an integer (scaling by 2 is exact in binary floating point).
  let m = t;
  let e = 0;
  while (!Number.isInteger(m)) {
    m *= 2;
    e--;
  }
  if (P + BigInt(e) < 0n) throw new RangeError('t too small for the fixed-point reference');
  return BigInt(m) << (P + BigInt(e));
}

function series(t: number, alternating: boolean): number {
  if (!(t >= 1e-20 && t <= 0.9)) throw new RangeError(`reference series needs 1e-20 <= t <= 0.9, got ${t}`);
  const x = toFixed(t);
  let power = x;
  let sum = 0n;
  for (let k = 2n; ; k++) {
    power = (power * x) >> P;
    if (power === 0n) break;
    const term = power / k;
    sum += alternating && k % 2n === 1n ? -term : term;
  }
  // Number(bigint) rounds to nearest; dividing by a power of two is then exact (no underflow here).
  return Number(sum) / 2 ** Number(P);
}

/** Correctly rounded `t − ln(1+t)`. */
export function exactHPlus(t: number): number {
  return series(t, true);
}

/** Correctly rounded `−t − ln(1−t)`. */
export function exactHMinus(t: number): number {
  return series(t, false);
}
