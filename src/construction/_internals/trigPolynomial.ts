/**
 * A real trigonometric polynomial on the torus `(alpha, beta)`, stored by its
 * complex Fourier coefficients `c[k1, k2]` for `|k1|, |k2| <= S` (the circle
 * uses `k2 = 0` only): `p(alpha, beta) = sum c[k1, k2] e^{i(k1 alpha + k2 beta)}`.
 * Coefficient `(k1, k2)` sits at index `(k1 + S)·(2S + 1) + (k2 + S)` of `re`, `im`.
 */
export interface TrigPolynomial {
  readonly S: number;
  readonly re: Float64Array;
  readonly im: Float64Array;
}

/** One Fourier term `(k1, k2, re, im)` of a factor such as `g_s`. */
export type FourierTerm = readonly [k1: number, k2: number, re: number, im: number];

/** The constant polynomial `value` with room for frequencies up to `S`. `O(S²)`. */
export function constantPolynomial(S: number, value: number): TrigPolynomial {
  const width = 2 * S + 1;
  const re = new Float64Array(width * width);
  const im = new Float64Array(width * width);
  re[S * width + S] = value;
  return { S, re, im };
}

/** Index of coefficient `(k1, k2)` in a polynomial of size `S`. */
export function coefficientIndex(S: number, k1: number, k2: number): number {
  return (k1 + S) * (2 * S + 1) + (k2 + S);
}

/**
 * `p · f` for a factor `f` given by its few Fourier terms (each `g_s` has 3 on
 * the circle, 5 on the torus). The product must stay within frequency `S`:
 * callers multiply at most `S` factors of degree 1 (`O(S²·terms)`).
 */
export function multiplyBy(p: TrigPolynomial, factor: readonly FourierTerm[]): TrigPolynomial {
  const { S } = p;
  const out = constantPolynomial(S, 0);
  for (let k1 = -S; k1 <= S; k1++)
    for (let k2 = -S; k2 <= S; k2++) {
      const from = coefficientIndex(S, k1, k2);
      const pr = p.re[from]!;
      const pi = p.im[from]!;
      if (pr === 0 && pi === 0) continue;
      for (const [f1, f2, fr, fi] of factor) {
        const to = coefficientIndex(S, k1 + f1, k2 + f2); // degree bound: never out of the box
        out.re[to]! += pr * fr - pi * fi;
        out.im[to]! += pr * fi + pi * fr;
      }
    }
  return out;
}

/** `sum + scale·p`, in place on `sum`. `O(S²)`. */
export function addScaled(sum: TrigPolynomial, p: TrigPolynomial, scale: number): void {
  for (let k = 0; k < sum.re.length; k++) {
    sum.re[k]! += scale * p.re[k]!;
    sum.im[k]! += scale * p.im[k]!;
  }
}
