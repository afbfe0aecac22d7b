import { fitSweep, type SweepFit } from './fitSweep.js';
import { sweepCrossover, type SweepCrossover } from './sweepCrossover.js';
import type { SweepParams } from './sweepParams.js';
import { sweepRows, type SweepRow } from './sweepRows.js';
import type { TrialRecord } from './trialRecord.js';

/** Value of {@link SweepResult.format}: what `attnproof merge` accepts. */
export const SWEEP_FORMAT = 'attnproof-sweep/1';

/** Machine time spent at one length (not part of the deterministic result: it differs run to run). */
export interface SweepTiming {
  readonly L: number;
  /** Seconds spent in this length's trials, summed over the shards. */
  readonly seconds: number;
}

/**
 * A sweep's outcome, or a shard's part of it. Everything but `timing` and
 * `seconds` is a pure function of the parameters and the trial records, so
 * merged shards reproduce the unsharded result bit for bit.
 */
export interface SweepResult {
  readonly format: typeof SWEEP_FORMAT;
  readonly params: SweepParams;
  /** Shards `included` (1-based, ascending) of `count`; the result is complete when all are included. */
  readonly shards: { readonly count: number; readonly included: readonly number[] };
  readonly complete: boolean;
  /** One per (length, trial) run, sorted by length then trial. */
  readonly trials: readonly TrialRecord[];
  /** One per length when complete; empty for a partial result (a shard's rows would mislead). */
  readonly rows: readonly SweepRow[];
  /** `null` when partial or when fewer than two lengths have a measured `d`. */
  readonly fit: SweepFit | null;
  /** `null` when partial. */
  readonly crossover: SweepCrossover | null;
  readonly timing: readonly SweepTiming[];
  /** Wall-clock seconds of the run (summed over merged shards). */
  readonly seconds: number;
}

/**
 * Puts a result together from its parts: sorts the trial records by
 * (length, trial) and, when every shard is included, derives the rows, the fit
 * and the crossovers. The single place both a run and a merge go through.
 * `O(trials · log trials)`.
 *
 * @example
 * assembleSweep(params, { count: 1, included: [1] }, records, timing, 12.5).rows.length; // params.lengths.length
 */
export function assembleSweep(
  params: SweepParams,
  shards: { readonly count: number; readonly included: readonly number[] },
  records: readonly TrialRecord[],
  timing: readonly SweepTiming[],
  seconds: number,
): SweepResult {
  const order = new Map(params.lengths.map((L, k) => [L, k]));
  const trials = [...records].sort((a, b) => order.get(a.L)! - order.get(b.L)! || a.trial - b.trial);
  const included = [...shards.included].sort((a, b) => a - b);
  const complete = included.length === shards.count;
  const rows = complete ? sweepRows(params, trials) : [];
  const fit = complete ? fitSweep(rows) : null;
  const crossover = complete ? sweepCrossover(params, rows, fit) : null;
  return {
    format: SWEEP_FORMAT,
    params,
    shards: { count: shards.count, included },
    complete,
    trials,
    rows,
    fit,
    crossover,
    timing,
    seconds,
  };
}

/**
 * {@link assembleSweep} on the lengths of `params` that are in `lengths` only:
 * the records and timings of the others dropped, as if only those lengths had
 * been asked for (an interrupted sweep keeps the lengths it measured whole; an
 * interrupted comparison, the lengths all its constructions did).
 * `O(trials · log trials)`.
 *
 * @example
 * assembleOnLengths(params, { count: 1, included: [1] }, records, timing, 3.5, new Set([8])).params.lengths; // [8]
 */
export function assembleOnLengths(
  params: SweepParams,
  shards: { readonly count: number; readonly included: readonly number[] },
  records: readonly TrialRecord[],
  timing: readonly SweepTiming[],
  seconds: number,
  lengths: ReadonlySet<number>,
): SweepResult {
  return assembleSweep(
    { ...params, lengths: params.lengths.filter((L) => lengths.has(L)) },
    shards,
    records.filter((r) => lengths.has(r.L)),
    timing.filter((t) => lengths.has(t.L)),
    seconds,
  );
}
