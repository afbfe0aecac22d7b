import fc from 'fast-check';
import { sparseTarget, type SparseTargetConstraints } from '../generators/sparseTarget.js';
import type { SparseTarget } from '../targets/sparseTarget.js';

/**
 * One target drawn from the {@link sparseTarget} generator with a seed,
 * without fast-check's bias towards small values (statistical trials want the
 * generator's plain distribution). Same seed, same target, on any machine.
 * `O(L·S + L log L)`.
 *
 * @example
 * sampleTarget({ minL: 8, maxL: 8, S: 1 }, 42).L; // 8
 */
export function sampleTarget(constraints: SparseTargetConstraints, seed: number): SparseTarget {
  const [target] = fc.sample(fc.noBias(sparseTarget(constraints)), { seed, numRuns: 1 });
  return target!;
}
