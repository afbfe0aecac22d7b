import type { SweepStep } from './criticalDimension.js';

/** One trial of a sweep: which target and projection, and where it switched from failure to success. */
export interface TrialRecord {
  readonly L: number;
  /** Trial number at this length, `0 <= trial < trials`. */
  readonly trial: number;
  /** Seed of the target and of the projection (the same at every `d`: common random numbers). */
  readonly seed: number;
  /** Critical dimension (a grid point), or `null` when the trial fails even at the top of the grid. */
  readonly critical: number | null;
  /** Every evaluation `[d, status]`, in the order made. */
  readonly steps: readonly SweepStep[];
}
