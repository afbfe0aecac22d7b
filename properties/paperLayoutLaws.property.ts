import type { Layout } from '../src/certificates/certificate.js';
import { logitTarget } from '../src/construction/logitTarget.js';
import { sampleTarget } from '../src/harness/sampleTarget.js';
import { statisticalProperty } from '../src/harness/statisticalProperty.js';
import type { DenseMatrix } from '../src/matrix/denseMatrix.js';
import { deriveSeed } from '../src/random/deriveSeed.js';
import { bonferroniAlpha } from '../src/statistics/bonferroni.js';
import { readPaperConstruction } from './_internals/paperLayout.js';
import { gaussianLawTests, isRademacher, LAW_TESTS_PER_KIND, rademacherLawTests } from './_internals/projectionLaws.js';
import { theoremConfig } from './_internals/theoremConfigs.js';

/** Total false-alarm budget, split equally over every sub-test that could run. */
const ALPHA = 1e-6;
/** Targets with dynamic range and mostly full rows; `L = 32` gives 32·d entries of `G` per response. */
const CONFIG = 'protocol-S2-eps3-kappa100';
const L = 32;
/** `d <= L` and `d > L`: an implementation choosing the smaller message answers one in each layout. */
const DIMENSIONS = [16, 64] as const;
const KINDS = ['gaussian', 'rademacher'] as const;
const SUBTESTS = DIMENSIONS.length * KINDS.length * LAW_TESTS_PER_KIND;

/**
 * **Lemma L3 for outside implementations (laws where they apply).** Each
 * response is read as the paper's construction (SPEC §3): one of its two
 * layouts, with the residual `C − B` equal to its law given `G`, the point
 * mass `B(G Gᵀ − I)` (see `readPaperConstruction`). For those responses `G`
 * is extracted and its exact law tested — independent `N(0, 1/d)` entries
 * (KS of the entries, KS of `d‖g‖²` against `χ²(d)`), or fair `±1/√d` signs
 * (exact binomial tests) — at level 1e-6 in all (Bonferroni over
 * {@link SUBTESTS} sub-tests). A projection of variance `2/d`, or one using 90 %
 * of its columns, fails here. A response in another form (SPEC §7's
 * constructions, any other layout, a logit target other than the paper's)
 * makes no claim about `G`: one such response and the property is skipped,
 * with the reason (the implementation is then not the paper's construction).
 */
export const paperLayoutLaws = statisticalProperty({
  name: 'paper-layout-laws',
  lemma: 'L3 (law of G, read off the response)',
  claim:
    "where a response is the paper's construction (SPEC §3 layout, C − B = B(GGᵀ − I)), its G follows the exact law: N(0, 1/d) entries or fair ±1/√d signs",
  defaultRuns: 12,
  async evaluate(construction, seed, runs, onProgress) {
    const config = theoremConfig(CONFIG);
    const precision = { epsilon: config.epsilon, gamma: config.gamma };
    const alpha = bonferroniAlpha(ALPHA, SUBTESTS);
    const figures: Record<string, number | string | boolean> = { alphaPerTest: alpha };
    const failures: string[] = [];
    let firstReason: string | undefined;
    let notPaper = 0;
    let parameters: Record<string, unknown> | undefined;
    // First every response, then the tests: one response in another form shows the implementation is not the
    // paper's construction (SPEC §7.3's keys, for instance, are the paper's form on rows of one entry), and then
    // G's law is claimed by none of them.
    const collected: Array<{ d: number; G: DenseMatrix; layout: Layout }> = [];
    for (const [step, d] of DIMENSIONS.entries()) {
      for (let t = 0; t < runs; t++) {
        const trialSeed = deriveSeed(deriveSeed(seed, 3), d * 100_000 + t);
        const target = sampleTarget({ ...config.targets, minL: L, maxL: L }, trialSeed);
        const cert = await construction.construct(target, { ...precision, d, seed: trialSeed });
        const reading = readPaperConstruction(cert, logitTarget(target, precision));
        if (reading.ok) collected.push({ d, G: reading.G, layout: reading.layout });
        else {
          notPaper++;
          firstReason ??= `d = ${d}, seed ${trialSeed}: ${reading.reason}`;
        }
      }
      onProgress?.((step + 1) / DIMENSIONS.length);
    }
    const total = runs * DIMENSIONS.length;
    figures["responses not of the paper's form"] = notPaper;
    if (notPaper > 0)
      return {
        trials: total,
        failure: null,
        figures,
        summary: '',
        skipped: `${notPaper} of ${total} responses are not the paper's construction, so G's law is not claimed (first: ${firstReason})`,
      };
    for (const d of DIMENSIONS) {
      const here = collected.filter((c) => c.d === d);
      figures[`d=${d} layout`] = [...new Set(here.map((c) => c.layout))].join(', ');
      for (const kind of KINDS) {
        const projections = here.filter((c) => isRademacher(c.G) === (kind === 'rademacher')).map((c) => c.G);
        if (projections.length === 0) continue;
        figures[`d=${d} ${kind} responses`] = projections.length;
        for (const test of kind === 'gaussian' ? gaussianLawTests(projections) : rademacherLawTests(projections)) {
          figures[`d=${d} ${kind} ${test.test} p`] = test.pValue;
          if (test.pValue < alpha) {
            failures.push(
              `d = ${d}, ${kind} G from ${projections.length} responses: ${test.test} rejected (${test.detail}, p = ${test.pValue.toExponential(2)} < ${alpha.toExponential(2)})`,
            );
            parameters ??= { d, kind, test: test.test, pValue: test.pValue, responses: projections.length, L };
          }
        }
      }
    }
    return {
      trials: total,
      failure:
        failures.length === 0 ? null : `G read off the paper's layout does not follow its law: ${failures.join('; ')}`,
      figures,
      summary:
        failures.length === 0
          ? `G of ${total} responses follows its exact law`
          : `${failures.length} of the law tests reject`,
      ...(parameters !== undefined ? { parameters } : {}),
    };
  },
});
