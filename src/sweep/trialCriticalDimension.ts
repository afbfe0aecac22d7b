import type { Construction } from '../construction/construction.js';
import { ImplementationError } from '../errors/implementationError.js';
import { trialOutcome } from '../harness/trialOutcome.js';
import { deriveSeed } from '../random/deriveSeed.js';
import type { SparseTarget } from '../targets/sparseTarget.js';
import type { LogitKernel } from '../verification/index.js';
import { criticalDimension, type CriticalDimension } from './criticalDimension.js';

/** One trial of a sweep: a target, a precision and the projection's seed, at every dimension of a grid. */
export interface SweepTrial {
  readonly target: SparseTarget;
  readonly epsilon: number;
  readonly gamma: number;
  readonly seed: number;
  /**
   * Draw each dimension's projection from its own seed `deriveSeed(seed, d)` instead of `seed`
   * at every `d`: the outcomes at different dimensions are then independent whatever the
   * construction's generator does with one seed, so the law of the critical dimension depends
   * only on the success probability at each `d` (what a paired comparison needs).
   */
  readonly seedPerDimension?: boolean;
  /** The verifier's first-pass kernel (default `'auto'`); the outcomes are the same with every one. */
  readonly kernel?: LogitKernel;
}

/**
 * The critical dimension of one trial of `construction` on `grid`
 * ({@link criticalDimension}): construct and verify at each dimension the
 * bisection asks for, with the trial's target and seed. An orderly refusal
 * (an error response), or a `d` below a deterministic construction's own `d0`,
 * is a failure to construct at that `d` (`'refused'`);
 * anything else thrown, a broken protocol included, ends the search.
 * `O(log₂ grid.length)` construct-and-verify steps, each `O(L²·d)`.
 *
 * @example
 * await trialCriticalDimension(paperConstruction, { target, epsilon: 0.9, gamma: 0.9, seed: 1 }, dimensionGrid(128, 0.02));
 * // { critical: 41, steps: [[64, 'pass'], [40, 'fail'], …] }
 * @throws whatever the construction throws, except an orderly refusal.
 */
export async function trialCriticalDimension(
  construction: Construction,
  trial: SweepTrial,
  grid: readonly number[],
): Promise<CriticalDimension> {
  const { target, epsilon, gamma, seed } = trial;
  const d0 = construction.baseDimension?.(target.maxRowCount) ?? 1;
  return criticalDimension(grid, async (d) => {
    // A deterministic construction (SPEC §7) declines below its own d0, like an orderly refusal.
    if (d < d0) return 'refused';
    try {
      return (
        await trialOutcome(construction, {
          target,
          epsilon,
          gamma,
          d,
          seed: trial.seedPerDimension === true ? deriveSeed(seed, d) : seed,
          kernel: trial.kernel,
        })
      ).status;
    } catch (error) {
      if (error instanceof ImplementationError && !error.breaksProtocol) return 'refused';
      throw error;
    }
  });
}
