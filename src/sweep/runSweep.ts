import type { Construction } from '../construction/construction.js';
import { sampleTarget } from '../harness/sampleTarget.js';
import { deriveSeed } from '../random/deriveSeed.js';
import { dimensionGrid } from './dimensionGrid.js';
import { trialCriticalDimension } from './trialCriticalDimension.js';
import { trialShard, validateShardSpec } from './shardSpec.js';
import { assembleOnLengths, assembleSweep, type SweepResult, type SweepTiming } from './sweepResult.js';
import { sweepParams, sweepTop, type SweepOptions } from './sweepParams.js';
import type { LogitKernel } from '../verification/index.js';
import type { TrialRecord } from './trialRecord.js';

/** How far a sweep has got (for a progress bar). */
export interface SweepProgress {
  /** Estimated share of the work done, in `[0, 1]` (trials weighted by their expected cost `L²·ln L`). */
  readonly fraction: number;
  /** Length of the trial just finished (the first length before any has). */
  readonly L: number;
  /** Trials finished and to run, in this shard. */
  readonly trialsDone: number;
  readonly trialsTotal: number;
  /** Trials of length `L` finished and to run, in this shard (what a progress label counts). */
  readonly lengthTrialsDone: number;
  readonly lengthTrialsTotal: number;
  /** Seconds since the sweep started. */
  readonly elapsedSeconds: number;
}

/** {@link SweepOptions} plus a progress callback. */
export interface RunSweepOptions extends SweepOptions {
  /** Called at the start and after every trial. */
  readonly onProgress?: (progress: SweepProgress) => void;
  /**
   * Stops the sweep early when aborted: the trial under way finishes, and the result holds the lengths
   * whose trials had all finished (a length cut short is dropped, so every row is a whole measurement).
   */
  readonly signal?: AbortSignal;
  /** The verifier's first-pass kernel (default `'auto'`): changes the time taken, never a result. */
  readonly kernel?: LogitKernel;
}

/**
 * Measures the dimension the construction really needs, per sequence length:
 * for each length `L` and each of `trials` independent trials (a target from
 * the generator and a projection seed, both from `deriveSeed(deriveSeed(seed, L), t)`
 * and kept at every `d`: common random numbers), the trial's critical
 * dimension is found by bisection on the grid `dimensionGrid(maxD, resolution)`
 * (`maxD = d*(L)` by default), each evaluation one construct-and-verify
 * (`trialOutcome`). The row's `d` is the smallest grid point at which at least
 * `ceil(success·trials)` trials succeed (see `sweepRows`). An outside
 * implementation that declines a request (an error response) has failed that
 * evaluation (`'refused'`); one that breaks the protocol ends the sweep.
 *
 * Sharding: with `shard = { index: K, count: N }` only the trials dealt to shard
 * `K` (`trialShard`) run. A trial's search depends on its own outcomes alone, so
 * the union of the shards' trial records is exactly the unsharded run's, and
 * `mergeSweeps` rebuilds the same rows. A shard's own result has no rows.
 *
 * Work is reused: each trial's target is drawn once, and no `(trial, d)` is
 * evaluated twice. Cost `O(trials · log₂ |grid| · L²·d)` per length for the
 * built-in construction (the verifier dominates).
 *
 * @example
 * const result = await runSweep(paperConstruction, { lengths: [16, 64], S: 1, epsilon: 0.9, gamma: 0.9, kappa: 1, trials: 10 });
 * result.rows.map((r) => [r.L, r.d, r.dStar]); // [[16, 23, 256], [64, 34, 333]] (seed 42)
 * @throws {InputTypeError | InputRangeError} for bad options (naming the field); whatever else the
 *   construction throws (a `ProtocolViolation` that breaks the protocol, for an implementation over stdio).
 */
export async function runSweep(construction: Construction, options: RunSweepOptions): Promise<SweepResult> {
  const params = sweepParams(options, construction.name);
  const shard = validateShardSpec(options.shard ?? { index: 1, count: 1 });
  const started = performance.now();
  const elapsed = (): number => (performance.now() - started) / 1000;

  const plan = params.lengths.flatMap((L, j) =>
    Array.from({ length: params.trials }, (_, t) => ({
      L,
      t,
      mine: trialShard(j, t, params.trials, shard.count) === shard.index,
    })).filter((p) => p.mine),
  );
  const weight = (L: number): number => L * L * Math.log(L);
  const totalWeight = plan.reduce((sum, p) => sum + weight(p.L), 0);
  let doneWeight = 0;
  const perLength = (L: number): number => plan.filter((p) => p.L === L).length;
  const report = (L: number, trialsDone: number, lengthTrialsDone: number): void =>
    options.onProgress?.({
      fraction: totalWeight > 0 ? doneWeight / totalWeight : 1,
      L,
      trialsDone,
      trialsTotal: plan.length,
      lengthTrialsDone,
      lengthTrialsTotal: perLength(L),
      elapsedSeconds: elapsed(),
    });
  report(params.lengths[0]!, 0, 0);

  const records: TrialRecord[] = [];
  const timing: SweepTiming[] = [];
  const stopped = (): boolean => options.signal?.aborted === true;
  for (const L of params.lengths) {
    if (stopped()) break;
    const grid = dimensionGrid(sweepTop(params, L), params.resolution);
    const lengthSeed = deriveSeed(params.seed, L);
    const lengthStarted = performance.now();
    let lengthTrialsDone = 0;
    for (const { t } of plan.filter((p) => p.L === L)) {
      // A trial may resolve in microtasks only (an in-process verifier): turn the event loop once, so that a
      // signal handler that aborts can run between trials.
      if (options.signal !== undefined) await new Promise((resume) => setImmediate(resume));
      if (stopped()) break;
      const seed = deriveSeed(lengthSeed, t);
      const target = sampleTarget(
        {
          minL: L,
          maxL: L,
          S: params.S,
          kappa: params.kappa,
          pattern: params.pattern,
          rowScaleDecades: params.rowScaleDecades,
        },
        seed,
      );
      const { critical, steps } = await trialCriticalDimension(
        construction,
        { target, epsilon: params.epsilon, gamma: params.gamma, seed, kernel: options.kernel },
        grid,
      );
      records.push({ L, trial: t, seed, critical, steps });
      doneWeight += weight(L);
      report(L, records.length, ++lengthTrialsDone);
    }
    if (lengthTrialsDone === perLength(L)) timing.push({ L, seconds: (performance.now() - lengthStarted) / 1000 });
  }
  if (timing.length < params.lengths.length) {
    // Interrupted: keep the lengths measured whole, as if only they had been asked for.
    const done = new Set(timing.map((t) => t.L));
    return assembleOnLengths(params, { count: shard.count, included: [shard.index] }, records, timing, elapsed(), done);
  }
  return assembleSweep(params, { count: shard.count, included: [shard.index] }, records, timing, elapsed());
}
