import { chernoffExponents } from '../src/bound/chernoffExponents.js';
import type { Projection } from '../src/certificates/certificate.js';
import { certificateLogits } from '../src/harness/certificateLogits.js';
import type { Construction } from '../src/construction/construction.js';
import { statisticalProperty } from '../src/harness/statisticalProperty.js';
import { deriveSeed } from '../src/random/deriveSeed.js';
import { binomialUpperTail } from '../src/statistics/binomialTail.js';
import { bonferroniAlpha } from '../src/statistics/bonferroni.js';
import { chiSquareCdf } from '../src/statistics/chiSquare.js';
import { kolmogorovSmirnovTest } from '../src/statistics/kolmogorovSmirnov.js';
import { SparseTarget } from '../src/targets/sparseTarget.js';
import { dthGramEigenvalue, rankDeficiencyBound } from './_internals/gramRank.js';
import { pearsonGoodnessOfFit } from './_internals/pearsonGoodnessOfFit.js';
import { marginOf } from './_internals/precisionCases.js';

/** Total false-alarm budget of the property, split over its sub-tests. */
const ALPHA = 1e-6;
/** Rows per certificate: the first half give squared norms, the second half disjoint pairs (independent samples). */
const L = 64;
const PRECISION = { epsilon: 0.9, gamma: 0.9 };
/** Deviation threshold of the rate test at d = 32, where the JL bound is about 0.53 (not vacuous). */
const TAU = 0.5;
const DIMENSIONS = [4, 32] as const;
const PROJECTIONS: readonly Projection[] = ['gaussian', 'rademacher'];
/** Tests at level `alpha` each (KS, norm, lattice, binomial law, JL rate: 8 over the four projection–dimension pairs). */
const SUBTESTS = 8;
/**
 * A Gaussian `G` (`L×d`, `d < L`) has rank `d`: its `d`-th Gram eigenvalue is
 * below this only with probability {@link rankDeficiencyBound} (3.7e-18 at
 * `d = 32`, `L = 64`). A construction with fewer effective columns has it at
 * the rounding level (1e-15).
 */
const RANK_TAU = 1e-3;
/** Certificates per Gaussian dimension whose whole Gram matrix is decomposed (one already decides a rank defect). */
const RANK_CERTIFICATES = 4;

interface Samples {
  /** `‖g_i‖²` for the first L/2 rows, per certificate. */
  readonly norms: number[];
  /** `⟨g_i, g_{i+1}⟩` for disjoint pairs of the second half. */
  readonly products: number[];
  /** Smallest, over the first {@link RANK_CERTIFICATES} certificates, `d`-th eigenvalue of the whole Gram matrix `G Gᵀ` (Gaussian only). */
  readonly smallestDthEigenvalue: number;
}

/**
 * Reads `G Gᵀ` off the construction's certificates for the identity target:
 * its logit target is `B = Delta·I`, so the logits are `Delta·G Gᵀ` and
 * `C_ij / Delta = ⟨g_i, g_j⟩` — the inner products lemma L3 is about. This
 * works through the certificate alone, so it also checks black-box
 * implementations that follow the paper.
 */
async function sampleProjection(
  construction: Construction,
  projection: Projection,
  d: number,
  seed: number,
  runs: number,
): Promise<Samples> {
  const identity = SparseTarget.fromEntries(
    L,
    Array.from({ length: L }, (_, i) => [i, i, 1] as const),
    { S: 1 },
  );
  const Delta = marginOf(PRECISION);
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < L / 2; i++) pairs.push([i, i]);
  for (let i = L / 2; i < L; i += 2) pairs.push([i, i + 1]);
  const allPairs: Array<[number, number]> = [];
  for (let i = 0; i < L; i++) for (let j = 0; j < L; j++) allPairs.push([i, j]);
  const norms: number[] = [];
  const products: number[] = [];
  let smallestDthEigenvalue = Infinity;
  for (let t = 0; t < runs; t++) {
    const cert = await construction.construct(identity, {
      ...PRECISION,
      d,
      seed: deriveSeed(seed, t),
      layout: 'projected',
      projection,
    });
    const logits = certificateLogits(cert, pairs);
    logits.forEach((c, k) => (k < L / 2 ? norms : products).push(c / Delta));
    if (projection === 'gaussian' && t < RANK_CERTIFICATES) {
      const gram = certificateLogits(cert, allPairs).map((c) => c / Delta);
      smallestDthEigenvalue = Math.min(smallestDthEigenvalue, dthGramEigenvalue(gram, L, d));
    }
  }
  return { norms, products, smallestDthEigenvalue };
}

/** P(|⟨Gᵀu, Gᵀv⟩ − ⟨u, v⟩| > tau‖u‖‖v‖) bound of lemma L3. */
function jlBound(d: number, tau: number): number {
  const { hPlus, hMinus } = chernoffExponents(tau);
  return Math.min(1, 2 * (Math.exp((-d / 2) * hPlus) + Math.exp((-d / 2) * hMinus)));
}

/**
 * **Lemma L3 (JL inner products).** For a fixed pair of unit vectors, the
 * projected inner product deviates by more than `tau` with probability at most
 * `2[e^{−(d/2)h₊(τ)} + e^{−(d/2)h₋(τ)}]`. Checked two ways over independent
 * projections: the observed deviation rate stays within that bound (exact
 * binomial test), and — sharper — the projection follows its exact law:
 * `d‖g‖²` is χ²(d) for the Gaussian projection (Kolmogorov–Smirnov test), and
 * for the Rademacher one `‖g‖² = 1` exactly while `(d⟨g, g'⟩ + d)/2` is
 * Binomial(d, 1/2) (Pearson test with its exact multinomial p-value, no
 * chi-square approximation). And a Gaussian `G` has rank `d`: its `d`-th Gram
 * eigenvalue is bounded away from 0 except with a computed probability below
 * 1e-17. A projection with the wrong variance or fewer effective columns (even
 * 90 %, rescaled to stay unbiased) can pass the loose bound but not its law.
 */
export const l3ProjectionLaw = statisticalProperty({
  name: 'l3-projection-law',
  lemma: 'L3',
  claim:
    'projected inner products deviate beyond tau within the JL bound, and follow their exact law (chi-square / binomial)',
  defaultRuns: 60,
  async evaluate(construction, seed, runs, onProgress) {
    // The rank tests' false-alarm probability is computed (runs certificates at each d), the rest of the budget is split.
    const rankAlarm =
      Math.min(runs, RANK_CERTIFICATES) * DIMENSIONS.reduce((sum, d) => sum + rankDeficiencyBound(L, d, RANK_TAU), 0);
    const alpha = bonferroniAlpha(ALPHA - rankAlarm, SUBTESTS);
    const figures: Record<string, number | string | boolean> = { alphaPerTest: alpha, rankFalseAlarm: rankAlarm };
    const failures: string[] = [];
    let failedParameters: Record<string, unknown> | undefined;
    let step = 0;
    for (const projection of PROJECTIONS)
      for (const d of DIMENSIONS) {
        const { norms, products, smallestDthEigenvalue } = await sampleProjection(
          construction,
          projection,
          d,
          deriveSeed(seed, 1000 * d + (projection === 'gaussian' ? 1 : 2)),
          runs,
        );
        onProgress?.(++step / (PROJECTIONS.length * DIMENSIONS.length));
        const tag = `${projection}-d${d}`;
        const fail = (test: string, detail: string, statistic: number, pValue: number): void => {
          failures.push(`${projection} projection, d = ${d}: ${detail}`);
          failedParameters ??= { test, projection, d, statistic, pValue, samples: norms.length + products.length };
        };
        if (projection === 'gaussian') {
          const ks = kolmogorovSmirnovTest(
            norms.map((x) => d * x),
            (x) => chiSquareCdf(Math.max(x, 0), d),
          );
          figures[`${tag} KS p`] = ks.pValue;
          if (ks.pValue < alpha)
            fail(
              'chi-square law',
              `d·‖g‖² does not follow χ²(${d}) (KS D = ${ks.statistic.toPrecision(4)}, p = ${ks.pValue.toExponential(2)} < ${alpha.toExponential(2)} over ${ks.n} samples)`,
              ks.statistic,
              ks.pValue,
            );
          figures[`${tag} d-th Gram eigenvalue`] = smallestDthEigenvalue;
          if (!(smallestDthEigenvalue >= RANK_TAU))
            fail(
              'rank',
              `G has fewer than d = ${d} effective columns: the d-th eigenvalue of G Gᵀ is ${smallestDthEigenvalue.toExponential(2)} < ${RANK_TAU} (a Gaussian G of rank d has it there with probability <= ${rankDeficiencyBound(L, d, RANK_TAU).toExponential(2)})`,
              smallestDthEigenvalue,
              rankDeficiencyBound(L, d, RANK_TAU),
            );
        } else {
          const worst = norms.reduce((w, x) => Math.max(w, Math.abs(x - 1)), 0);
          figures[`${tag} max|‖g‖²−1|`] = worst;
          if (worst > 1e-9)
            fail(
              'rademacher norm',
              `‖g‖² should be exactly 1 for a ±1/sqrt(d) projection, found a deviation of ${worst.toPrecision(4)}`,
              worst,
              0,
            );
          const counts = new Float64Array(d + 1);
          let offLattice = 0;
          for (const p of products) {
            const k = (d * p + d) / 2;
            const rounded = Math.round(k);
            if (Math.abs(k - rounded) > 1e-6 || rounded < 0 || rounded > d) offLattice++;
            else counts[rounded]!++;
          }
          const probabilities = binomialProbabilities(d);
          const gof = pearsonGoodnessOfFit(counts, probabilities);
          figures[`${tag} binomial p`] = gof.pValue;
          figures[`${tag} binomial p lower`] = gof.pValueLower;
          if (offLattice > 0)
            fail(
              'rademacher lattice',
              `${offLattice} of ${products.length} inner products are not of the form (2k − d)/d`,
              offLattice,
              0,
            );
          else if (gof.pValue < alpha)
            fail(
              'binomial law',
              `(d⟨g, g'⟩ + d)/2 does not follow Binomial(${d}, 1/2) (χ² = ${gof.statistic.toPrecision(4)} on ${gof.degreesOfFreedom} df, exact p <= ${gof.pValue.toExponential(2)})`,
              gof.statistic,
              gof.pValue,
            );
        }
        if (d === 32) {
          const bound = jlBound(d, TAU);
          const deviations =
            norms.filter((x) => Math.abs(x - 1) > TAU).length + products.filter((x) => Math.abs(x) > TAU).length;
          const n = norms.length + products.length;
          const pValue = binomialUpperTail(deviations, n, bound);
          figures[`${tag} deviation rate`] = deviations / n;
          figures[`${tag} JL bound`] = bound;
          if (pValue < alpha)
            fail(
              'JL rate',
              `deviation rate ${(deviations / n).toPrecision(4)} beyond tau = ${TAU} exceeds the L3 bound ${bound.toPrecision(4)} (exact binomial p = ${pValue.toExponential(2)})`,
              deviations / n,
              pValue,
            );
        }
      }
    const trials = runs * PROJECTIONS.length * DIMENSIONS.length;
    return {
      trials,
      failure: failures.length === 0 ? null : failures.join('; '),
      figures,
      summary:
        failures.length === 0
          ? `${trials} projections follow the exact laws and the JL bound`
          : `${failures.length} of ${SUBTESTS + 2} tests reject`,
      ...(failedParameters !== undefined ? { parameters: failedParameters } : {}),
    };
  },
});

/** `P(Binomial(d, 1/2) = k)` for `k = 0..d`. */
function binomialProbabilities(d: number): Float64Array {
  const p = new Float64Array(d + 1);
  let c = 2 ** -d;
  for (let k = 0; k <= d; k++) {
    p[k] = c;
    c = (c * (d - k)) / (k + 1);
  }
  return p;
}
