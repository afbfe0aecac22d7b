/**
 * Exact rational arithmetic with BigInt, for reference values in the statistics
 * tests: a probability computed as an exact fraction and rounded once to the
 * nearest double (relative error <= 2^-52) is an independent, rigorous reference.
 */

/** Binomial coefficient C(n, k) exactly. */
export function choose(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let result = 1n;
  const m = Math.min(k, n - k);
  for (let i = 0; i < m; i++) result = (result * BigInt(n - i)) / BigInt(i + 1);
  return result;
}

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/** The double nearest to num/den (num >= 0, den > 0), via a 64-bit quotient. */
export function ratioToNumber(num: bigint, den: bigint): number {
  if (num === 0n) return 0;
  const shift = bitLength(den) - bitLength(num) + 64;
  const q = shift >= 0 ? (num << BigInt(shift)) / den : num / (den << BigInt(-shift));
  const half = Math.trunc(shift / 2);
  return Number(q) * 2 ** -half * 2 ** -(shift - half);
}

/**
 * Exact P(X >= k) for X ~ Bin(n, a/b), as a double: Σ_{j>=k} C(n,j) a^j (b−a)^(n−j) / b^n.
 */
export function exactBinomialUpperTail(k: number, n: number, a: number, b: number): number {
  let num = 0n;
  for (let j = Math.max(k, 0); j <= n; j++)
    num += choose(n, j) * BigInt(a) ** BigInt(j) * BigInt(b - a) ** BigInt(n - j);
  return ratioToNumber(num, BigInt(b) ** BigInt(n));
}

/** Exact P(X <= k) for X ~ Bin(n, a/b), as a double. */
export function exactBinomialLowerTail(k: number, n: number, a: number, b: number): number {
  let num = 0n;
  for (let j = 0; j <= Math.min(k, n); j++)
    num += choose(n, j) * BigInt(a) ** BigInt(j) * BigInt(b - a) ** BigInt(n - j);
  return ratioToNumber(num, BigInt(b) ** BigInt(n));
}

/** Relative difference |actual − expected| / |expected| (absolute when expected = 0). */
export function relativeError(actual: number, expected: number): number {
  return expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
}
