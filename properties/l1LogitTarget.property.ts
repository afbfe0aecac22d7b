import fc from 'fast-check';
import { sparseTarget } from '../src/generators/sparseTarget.js';
import { fastCheckProperty } from '../src/harness/fastCheckProperty.js';
import type { Precision } from '../src/precision/precision.js';
import { createRandom } from '../src/random/randomSource.js';
import type { SparseTarget } from '../src/targets/sparseTarget.js';
import { verifyFactors } from '../src/verification/verifyFactors.js';
import { largestLogit, logitFactors } from './_internals/logitFactors.js';
import { marginOf, precisionArbitrary } from './_internals/precisionCases.js';

interface L1Case {
  readonly target: SparseTarget;
  readonly precision: Precision;
  /** Seed of the per-row logit shifts (not shrunk). */
  readonly shiftSeed: number;
}

/**
 * **Lemma L1 (logits decide).** Both conditions depend only on logit
 * differences inside a row, and the logit target `B` meets (R1) with spread 0
 * and (R2) with margin `−Delta`. Checked on the construction's own `B`, with
 * every row shifted by a random constant (which softmax ignores), for targets
 * whose rows are rescaled over hundreds of orders of magnitude (which the
 * definition ignores). A `B` that loses the margin, is not normalised per row,
 * or is transposed fails here.
 */
export const l1LogitTarget = fastCheckProperty<L1Case>({
  name: 'l1-logit-target',
  lemma: 'L1',
  claim: "the construction's logit target B, shifted per row, has (R1) spread 0 and (R2) margin -Delta",
  defaultRuns: 100,
  arbitrary: fc.record({
    target: sparseTarget({ maxL: 16, S: 3, kappa: 1e6, rowScaleDecades: 200 }),
    precision: precisionArbitrary,
    shiftSeed: fc.noShrink(fc.nat()),
  }),
  notApplicable: (construction) =>
    construction.logitTarget === undefined ? `${construction.name} does not expose its logit target` : null,
  check({ target, precision, shiftSeed }, construction) {
    const B = construction.logitTarget!(target, precision);
    const random = createRandom(shiftSeed);
    const shift = Float64Array.from({ length: target.L }, () => 2000 * random.next() - 1000);
    const { Q, K } = logitFactors(B, (i, _j, b) => b + shift[i]!);
    const verdict = verifyFactors(target, Q, K, precision);
    const Delta = marginOf(precision);
    // The arithmetic of B (a few ulps of its largest entry) and of the shifted logits (ulps of 1000) bounds any honest deviation.
    const tolerance = 1e-9 * (1 + largestLogit(B) + 1000);
    const problems: string[] = [];
    if (verdict.worstSpread > tolerance)
      problems.push(
        `(R1) spread is ${verdict.worstSpread} in row ${verdict.worstRatioRow.row} (pair ${verdict.worstRatioRow.j}, ${verdict.worstRatioRow.k}), expected 0: B's ratios differ from W's`,
      );
    const z = verdict.worstZeroRow;
    if (z !== null && z.margin > -Delta + tolerance)
      problems.push(
        `(R2) margin is ${z.margin} in row ${z.row} (zero ${z.j} vs support ${z.k}), expected at most -Delta = ${-Delta}`,
      );
    if (verdict.status !== 'pass') problems.push(`the verifier says ${verdict.status} for B itself`);
    return problems.length === 0 ? null : problems.join('; ');
  },
  describe: ({ target, precision, shiftSeed }) => ({ target, parameters: { ...precision, shiftSeed } }),
  restore: (p, target) => ({
    target,
    precision: { epsilon: p.epsilon as number, gamma: p.gamma as number },
    shiftSeed: p.shiftSeed as number,
  }),
});
