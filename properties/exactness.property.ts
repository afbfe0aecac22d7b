import fc from 'fast-check';
import type { Certificate } from '../src/certificates/certificate.js';
import { sparseTarget } from '../src/generators/sparseTarget.js';
import { certificateMagnitude } from '../src/harness/certificateBits.js';
import { fastCheckProperty } from '../src/harness/fastCheckProperty.js';
import type { SparseTarget } from '../src/targets/sparseTarget.js';
import { verifyCertificate } from '../src/verification/verifyCertificate.js';
import { formatVerdictLine } from './_internals/formatVerdictLine.js';

/** Precisions of the exactness cases: tight, the usual, and epsilon above 1. */
const PRECISIONS = [
  { epsilon: 0.05, gamma: 0.05 },
  { epsilon: 0.5, gamma: 0.5 },
  { epsilon: 2, gamma: 0.3 },
] as const;

/** Allowance, in units of `d·u·magnitude`, for the construction's own rounding of a support logit. */
export const EXACTNESS_ROUNDING_ULPS = 64;

interface ExactCase {
  readonly target: SparseTarget;
  readonly precision: number;
}

/**
 * **Exactness (SPEC §7; deterministic constructions).** A deterministic
 * construction makes no probabilistic claim: at its own `d0` it must
 * (epsilon, gamma)-approximate *every* valid target inside its precision
 * frontier, decided by the exact verifier, and its (R1) spread — zero in exact
 * arithmetic — must be no larger than the verifier's error bound plus the
 * construction's own rounding, `64·d·u·max_i sum_t |Q_it|·max_j |K_jt|`
 * (see `certificateMagnitude`). Targets: `L <= 64`, `S <= 3`, dynamic range up to
 * 100, row scales over ±50 decades, every pattern (well inside the frontier of
 * both Lagrange constructions: at most about 2^36).
 */
export const exactness = fastCheckProperty<ExactCase>({
  name: 'exactness',
  lemma: 'Exactness (§7)',
  claim: 'at its own d0 the construction approximates every target, with (R1) spread within rounding',
  defaultRuns: 100,
  arbitrary: fc.record({
    target: fc
      .integer({ min: 1, max: 3 })
      .chain((S) => sparseTarget({ minL: 2, maxL: 64, S, kappa: 100, pattern: 'mixed', rowScaleDecades: 50 })),
    precision: fc.integer({ min: 0, max: PRECISIONS.length - 1 }),
  }),
  notApplicable: (construction) =>
    construction.kind === 'deterministic' && construction.baseDimension !== undefined
      ? null
      : `${construction.name} is not deterministic: the probabilistic properties apply to it`,
  async check({ target, precision }, construction) {
    const p = PRECISIONS[precision]!;
    const d = construction.baseDimension!(target.maxRowCount);
    const cert: Certificate = await construction.construct(target, { ...p, d });
    const verdict = verifyCertificate(target, cert, p);
    const rounding = EXACTNESS_ROUNDING_ULPS * d * 2 ** -53 * certificateMagnitude(cert);
    const worst = verdict.worstRatioRow;
    if (verdict.status !== 'pass') return `at d0 = ${d}: ${formatVerdictLine(verdict)}`;
    if (worst.spread > worst.errorBound + rounding)
      return `at d0 = ${d}: row ${worst.row} has (R1) spread ${worst.spread}, more than its rounding allowance ${worst.errorBound + rounding} — the support logits are not exact`;
    return null;
  },
  describe: ({ target, precision }) => ({ target, parameters: { precision } }),
  restore: (p, target) => ({ target, precision: p.precision as number }),
});
