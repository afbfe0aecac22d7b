import fc from 'fast-check';
import { sparseTarget } from '../src/generators/sparseTarget.js';
import { fastCheckProperty } from '../src/harness/fastCheckProperty.js';
import type { Precision } from '../src/precision/precision.js';
import { createRandom } from '../src/random/randomSource.js';
import type { SparseTarget } from '../src/targets/sparseTarget.js';
import { verifyFactors } from '../src/verification/verifyFactors.js';
import { largestLogit, logitFactors } from './_internals/logitFactors.js';
import { marginOf, precisionArbitrary } from './_internals/precisionCases.js';

interface L2Case {
  readonly target: SparseTarget;
  readonly precision: Precision;
  /** `eta = fraction · rho / 2`. */
  readonly fraction: number;
  /** Worst-case perturbation (+eta on the largest support and every zero, −eta on the smallest support) instead of a random one. */
  readonly adversarial: boolean;
  /** Seed of the random perturbation (not shrunk). */
  readonly noiseSeed: number;
}

/**
 * **Lemma L2 (perturbation).** If every logit is within `eta` of `B`, the
 * (R1) spread is at most `2 eta` and the (R2) margin at most `−Delta + 2 eta`;
 * so `eta = rho/2` meets both conditions. Checked for random perturbations and
 * for the worst case, which meets the bounds with equality: at `eta = rho/2`
 * the verifier may then call it too close, but never a failure.
 */
export const l2Perturbation = fastCheckProperty<L2Case>({
  name: 'l2-perturbation',
  lemma: 'L2',
  claim:
    'every logit matrix within eta of B has (R1) spread <= 2 eta and (R2) margin <= -Delta + 2 eta; eta = rho/2 never fails',
  defaultRuns: 100,
  arbitrary: fc.record({
    target: sparseTarget({ maxL: 16, S: 3, kappa: 1e6, rowScaleDecades: 200 }),
    precision: precisionArbitrary,
    fraction: fc.double({ min: 0, max: 1, noNaN: true }),
    adversarial: fc.boolean(),
    noiseSeed: fc.noShrink(fc.nat()),
  }),
  notApplicable: (construction) =>
    construction.logitTarget === undefined ? `${construction.name} does not expose its logit target` : null,
  check({ target, precision, fraction, adversarial, noiseSeed }, construction) {
    const B = construction.logitTarget!(target, precision);
    const rho = Math.log1p(precision.epsilon);
    const eta = (fraction * rho) / 2;
    const random = createRandom(noiseSeed);
    // Worst case for row i: B − ln W is constant on the support, so pushing the smallest support logit
    // down and another support logit up makes the spread exactly 2 eta, and pushing every zero up makes
    // the margin exactly −Delta + 2 eta.
    const perturb = (i: number, j: number, b: number): number => {
      if (!adversarial) return b + eta * (2 * random.next() - 1);
      if (!target.has(i, j)) return b + eta;
      const lo = smallestLogitColumn(target, B.values, i);
      return j === lo ? b - eta : b + eta;
    };
    const { Q, K } = logitFactors(B, perturb);
    const verdict = verifyFactors(target, Q, K, precision);
    const Delta = marginOf(precision);
    const tolerance = 1e-9 * (1 + largestLogit(B));
    const problems: string[] = [];
    if (verdict.worstSpread > 2 * eta + tolerance)
      problems.push(
        `(R1) spread ${verdict.worstSpread} in row ${verdict.worstRatioRow.row} exceeds 2 eta = ${2 * eta}`,
      );
    const z = verdict.worstZeroRow;
    if (z !== null && z.margin > -Delta + 2 * eta + tolerance)
      problems.push(`(R2) margin ${z.margin} in row ${z.row} exceeds -Delta + 2 eta = ${-Delta + 2 * eta}`);
    if (verdict.status === 'fail') problems.push(`the verifier rejects logits within eta = ${eta} <= rho/2 of B`);
    return problems.length === 0 ? null : problems.join('; ');
  },
  describe: ({ target, precision, fraction, adversarial, noiseSeed }) => ({
    target,
    parameters: { ...precision, fraction, adversarial, noiseSeed },
  }),
  restore: (p, target) => ({
    target,
    precision: { epsilon: p.epsilon as number, gamma: p.gamma as number },
    fraction: p.fraction as number,
    adversarial: p.adversarial as boolean,
    noiseSeed: p.noiseSeed as number,
  }),
});

/** Column of row `i` whose logit `B_ij` is smallest (the first on ties). */
function smallestLogitColumn(target: SparseTarget, values: Float64Array, i: number): number {
  let best = -1;
  let bestValue = Infinity;
  for (let p = target.rowPtr[i]!; p < target.rowPtr[i + 1]!; p++) {
    if (values[p]! < bestValue) {
      bestValue = values[p]!;
      best = target.colIdx[p]!;
    }
  }
  return best;
}
