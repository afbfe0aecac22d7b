import fc from 'fast-check';
import { expect } from 'vitest';
import type { Certificate } from '../../src/certificates/certificate.js';
import type { Construction } from '../../src/construction/construction.js';
import { sparseTarget, type TargetPattern } from '../../src/generators/sparseTarget.js';
import type { SparseTarget } from '../../src/targets/sparseTarget.js';
import { exactLogits } from './exactLogits.js';

export const PRECISION = { epsilon: 0.5, gamma: 0.5 };
export const DELTA = Math.log(2) + Math.log(1.5);

/** Worst deviations of a certificate's exact logits from SPEC §7's claims, row by row. */
export interface LagrangeDeviation {
  /** Largest `|C_{i,s} − ln(W_is / min_k W_ik)|` over the support. */
  readonly support: number;
  /** Largest `C_ij + Delta` off the support (the claim: `<= 0`). */
  readonly offSupport: number;
  /** Smallest, over rows with an off-support column, of `−Delta − max_j C_ij` (0 when `M_i` is attained). */
  readonly slack: number;
}

/** Measures a certificate of `target` against the claims, with logits computed exactly from its numbers. */
export function lagrangeDeviation(target: SparseTarget, cert: Certificate): LagrangeDeviation {
  const C = exactLogits(cert);
  let support = 0;
  let offSupport = -Infinity;
  let slack = Infinity;
  for (let i = 0; i < target.L; i++) {
    const cols = Array.from(target.colIdx.subarray(target.rowPtr[i]!, target.rowPtr[i + 1]!));
    const vals = Array.from(target.values.subarray(target.rowPtr[i]!, target.rowPtr[i + 1]!));
    const min = Math.min(...vals);
    cols.forEach((j, t) => (support = Math.max(support, Math.abs(C[i]![j]! - Math.log(vals[t]! / min)))));
    let rowMax = -Infinity;
    for (let j = 0; j < target.L; j++) if (!cols.includes(j)) rowMax = Math.max(rowMax, C[i]![j]!);
    if (rowMax > -Infinity) {
      offSupport = Math.max(offSupport, rowMax + DELTA);
      slack = Math.min(slack, -DELTA - rowMax);
    }
  }
  return { support, offSupport, slack };
}

/**
 * The contract every deterministic construction of SPEC §7 meets, on generated
 * targets small enough for exact logits: support logits equal `ln(W/min W)` and
 * every other logit is at most `−Delta`, both to `tolerance` (float64 rounding
 * of numbers of about 2^20 at these sizes: 1e-7 is about 2^10 times the rounding).
 */
export function checkLagrangeContract(
  construction: Construction,
  options: { S: number; maxL: number; pattern: TargetPattern; runs: number; tolerance: number },
): void {
  fc.assert(
    fc.property(
      sparseTarget({
        minL: 2,
        maxL: options.maxL,
        S: options.S,
        kappa: 8,
        pattern: options.pattern,
        rowScaleDecades: 50,
      }),
      (W) => {
        const d = construction.baseDimension!(W.maxRowCount);
        const cert = construction.construct(W, { ...PRECISION, d }) as Certificate;
        const dev = lagrangeDeviation(W, cert);
        expect(dev.support).toBeLessThanOrEqual(options.tolerance); // absolute, log space
        expect(dev.offSupport).toBeLessThanOrEqual(options.tolerance); // absolute, log space
      },
    ),
    { numRuns: options.runs, seed: 14 },
  );
}
