import type { Certificate } from '../certificates/certificate.js';
import type { Precision } from '../precision/precision.js';
import type { SparseTarget } from '../targets/sparseTarget.js';
import { verifyCertificate } from '../verification/verifyCertificate.js';
// Type-only: makes the augmentation below resolve without loading vitest at run time.
import type {} from 'vitest';

/** The result shape vitest (and Jest) expect from a custom matcher. */
interface MatcherResult {
  pass: boolean;
  message: () => string;
}

/**
 * A vitest matcher: `expect(certificate).toRatioApproximate(target, { epsilon, gamma })`
 * passes when the certificate's attention matrix (epsilon, gamma)-approximates
 * the target (SPEC §2, decided exactly by the verifier). On failure the message
 * names the worst row and pair of each failing condition; an inconclusive
 * verdict (too close to call in floating point) fails with its reason.
 * Register once with `expect.extend(ratioMatchers)`. `O(L²·d)`.
 *
 * @example
 * import { expect } from 'vitest';
 * import { ratioMatchers } from 'attnproof/vitest';
 * expect.extend(ratioMatchers);
 * expect(construct(W, { epsilon: 0.5, gamma: 0.5, d: 4096, seed: 1 })).toRatioApproximate(W, { epsilon: 0.5, gamma: 0.5 });
 */
export const ratioMatchers = {
  toRatioApproximate(
    this: { isNot: boolean },
    received: Certificate,
    target: SparseTarget,
    precision: Precision,
  ): MatcherResult {
    const verdict = verifyCertificate(target, received, precision);
    const r = verdict.worstRatioRow;
    const z = verdict.worstZeroRow;
    const details = [
      `(R1) ${verdict.r1}: worst row ${r.row}, pair (${r.j}, ${r.k}), achieved epsilon ${verdict.achievedEpsilon.toPrecision(4)} (asked ${precision.epsilon})`,
      z === null
        ? '(R2) holds vacuously: no zeros'
        : `(R2) ${verdict.r2}: worst row ${z.row}, zero ${z.j} vs support ${z.k}, achieved gamma ${verdict.achievedGamma.toPrecision(4)} (asked ${precision.gamma})`,
      ...(verdict.reason !== undefined ? [`inconclusive: ${verdict.reason}`] : []),
    ].join('\n  ');
    return {
      pass: verdict.status === 'pass',
      message: () =>
        this.isNot
          ? `expected the certificate not to (${precision.epsilon}, ${precision.gamma})-approximate the target, but it does:\n  ${details}`
          : `expected the certificate to (${precision.epsilon}, ${precision.gamma})-approximate the target, but the verdict is ${verdict.status}:\n  ${details}`,
    };
  },
};

// The type parameter must be declared exactly as vitest declares it (`T = any`) for the interfaces to merge.
declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- vitest's own declaration, which this one merges with
  interface Matchers<T = any> {
    /** See {@link ratioMatchers}. */
    toRatioApproximate(target: SparseTarget, precision: Precision): T;
  }
}
