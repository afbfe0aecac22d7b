import type { DenseMatrix } from '../../src/matrix/denseMatrix.js';
import { binomialLowerTail, binomialUpperTail } from '../../src/statistics/binomialTail.js';
import { chiSquareCdf } from '../../src/statistics/chiSquare.js';
import { kolmogorovSmirnovTest } from '../../src/statistics/kolmogorovSmirnov.js';

/** One exact test of a projection's law: its p-value and what it measured. */
export interface LawTest {
  readonly test: string;
  readonly pValue: number;
  readonly detail: string;
}

/** Law tests per projection kind: every call returns this many, so a Bonferroni split stays fixed. */
export const LAW_TESTS_PER_KIND = 2;

/** True when every entry of `G` is `±1/√d` up to rounding (a Rademacher projection). `O(L·d)`. */
export function isRademacher(G: DenseMatrix): boolean {
  const root = Math.sqrt(G.cols);
  return G.data.every((g) => Math.abs(Math.abs(g) * root - 1) <= 1e-12);
}

/** Standard normal CDF through the chi-square law with one degree of freedom: `Φ(x) = ½ + ½·sign(x)·P(χ²₁ ≤ x²)`. */
function normalCdf(x: number): number {
  const half = 0.5 * chiSquareCdf(x * x, 1);
  return x >= 0 ? 0.5 + half : 0.5 - half;
}

/**
 * The Gaussian law of SPEC §3 step 3 (independent `N(0, 1/d)` entries), tested
 * on projections drawn independently (distinct seeds), all `L×d`:
 * Kolmogorov–Smirnov of every entry times `√d` against `N(0, 1)` (a variance
 * `2/d` shifts it by about 0.1; unused columns put a point mass at 0), and of
 * every row's `d‖g‖²` against `χ²(d)` (the L3 norm law: fewer effective
 * columns widen it). Both continuous nulls, so the KS p-values are exact.
 * `O(n log n)` for `n = L·d` entries per projection.
 *
 * @example
 * gaussianLawTests([G1, G2]).map((t) => t.test); // ['entries ~ N(0, 1/d)', "d‖g‖² ~ χ²(d)"]
 * @throws {RangeError} when `projections` is empty.
 */
export function gaussianLawTests(projections: readonly DenseMatrix[]): LawTest[] {
  const d = projections[0]!.cols;
  const entries: number[] = [];
  const norms: number[] = [];
  for (const G of projections)
    for (let i = 0; i < G.rows; i++) {
      let norm = 0;
      for (let k = 0; k < d; k++) {
        const g = G.data[i * d + k]!;
        entries.push(g * Math.sqrt(d));
        norm += g * g;
      }
      norms.push(d * norm);
    }
  const entryTest = kolmogorovSmirnovTest(entries, normalCdf);
  const normTest = kolmogorovSmirnovTest(norms, (x) => chiSquareCdf(Math.max(x, 0), d));
  return [
    {
      test: 'entries ~ N(0, 1/d)',
      pValue: entryTest.pValue,
      detail: `KS D = ${entryTest.statistic.toPrecision(3)} over ${entryTest.n} entries`,
    },
    {
      test: 'd‖g‖² ~ χ²(d)',
      pValue: normTest.pValue,
      detail: `KS D = ${normTest.statistic.toPrecision(3)} over ${normTest.n} rows`,
    },
  ];
}

/** Two-sided exact binomial test of `k` successes in `n` fair trials. */
function fairCoin(k: number, n: number): number {
  return n === 0 ? 1 : Math.min(1, 2 * Math.min(binomialUpperTail(k, n, 0.5), binomialLowerTail(k, n, 0.5)));
}

/**
 * The Rademacher law of SPEC §3 step 3 (independent fair signs `±1/√d`),
 * tested on projections whose entries are all `±1/√d` (see {@link isRademacher}):
 * the number of positive entries is Binomial(n, ½), and over disjoint pairs of
 * rows `(g_2r, g_2r+1)` the number of agreeing signs is Binomial(pairs·d, ½)
 * (that is `(d⟨g, g'⟩ + d)/2` summed: the L3 inner-product law). Both exact
 * two-sided binomial tests. `O(L·d)` per projection.
 *
 * @example
 * rademacherLawTests([G]).map((t) => t.test); // ['signs fair', 'row pairs agree half the time']
 * @throws {RangeError} when `projections` is empty.
 */
export function rademacherLawTests(projections: readonly DenseMatrix[]): LawTest[] {
  let positive = 0;
  let entries = 0;
  let agree = 0;
  let compared = 0;
  for (const G of projections) {
    const d = G.cols;
    for (const g of G.data) if (g > 0) positive++;
    entries += G.data.length;
    for (let r = 0; r + 1 < G.rows; r += 2)
      for (let k = 0; k < d; k++) {
        if (G.data[r * d + k]! > 0 === G.data[(r + 1) * d + k]! > 0) agree++;
        compared++;
      }
  }
  return [
    { test: 'signs fair', pValue: fairCoin(positive, entries), detail: `${positive} of ${entries} entries positive` },
    {
      test: 'row pairs agree half the time',
      pValue: fairCoin(agree, compared),
      detail: `${agree} of ${compared} sign pairs agree`,
    },
  ];
}
