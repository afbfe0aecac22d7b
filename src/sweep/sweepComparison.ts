import type { Construction } from '../construction/construction.js';
import { InputRangeError } from '../errors/inputError.js';
import { runSweep, type RunSweepOptions } from './runSweep.js';
import { assembleOnLengths, type SweepResult } from './sweepResult.js';

/** Value of {@link SweepComparison.format}. */
export const SWEEP_COMPARISON_FORMAT = 'attnproof-sweep-comparison/1';

/** Several constructions swept on the same targets and seeds: each one's whole result, in the order asked. */
export interface SweepComparison {
  readonly format: typeof SWEEP_COMPARISON_FORMAT;
  /** One `attnproof-sweep/1` result per construction (its rows, trials, fit and crossovers). */
  readonly sweeps: readonly SweepResult[];
  /** Wall-clock seconds of all the sweeps. */
  readonly seconds: number;
}

/**
 * Sweeps every construction with the same options: the targets and seeds of a
 * sweep derive from `(seed, L, trial)` alone (see `runSweep`), so every
 * construction meets the same targets, and a deterministic one the same targets
 * at its own `d0`. Sharding is not offered (merge works on single sweeps).
 * When `options.signal` aborts, the construction under way stops after its
 * trial under way (see `runSweep`), the ones after it are not run, and every
 * construction run is kept on the lengths all of them measured whole, bit for
 * bit as a comparison of those lengths alone; with fewer than two such
 * constructions the comparison holds none. `O(constructions × one sweep)`.
 *
 * @example
 * const c = await runSweepComparison([paperConstruction, exactSupport], { lengths: [64, 256], S: 2, epsilon: 0.5, gamma: 0.5, kappa: 2 });
 * c.sweeps.map((s) => s.rows.map((r) => r.d)); // [[…], […]]: exact-support about half of the paper's
 * @throws {InputRangeError} for fewer than two constructions, a name given twice, or a shard; what `runSweep` throws.
 */
export async function runSweepComparison(
  constructions: readonly Construction[],
  options: RunSweepOptions,
): Promise<SweepComparison> {
  if (constructions.length < 2)
    throw new InputRangeError('a comparison needs two constructions or more', { field: 'construction' });
  const names = constructions.map((c) => c.name);
  const twice = names.find((n, k) => names.indexOf(n) !== k);
  if (twice !== undefined) throw new InputRangeError(`lists ${twice} twice`, { field: 'construction' });
  if (options.shard !== undefined && options.shard.count > 1)
    throw new InputRangeError(
      "a comparison of constructions cannot be sharded; shard each construction's sweep on its own",
      { field: 'shard' },
    );
  const started = performance.now();
  const sweeps: SweepResult[] = [];
  for (const construction of constructions) {
    if (options.signal?.aborted === true) break;
    sweeps.push(await runSweep(construction, options));
  }
  const seconds = (performance.now() - started) / 1000;
  if (options.signal?.aborted !== true) return { format: SWEEP_COMPARISON_FORMAT, sweeps, seconds };
  // Interrupted: the lengths every construction run measured whole, as if only they had been asked for.
  const measured = sweeps.filter((s) => s.params.lengths.length > 0);
  const common = (measured[0]?.params.lengths ?? []).filter((L) => measured.every((s) => s.params.lengths.includes(L)));
  const keep = new Set(common);
  const kept =
    measured.length >= 2 && common.length > 0
      ? measured.map((s) => assembleOnLengths(s.params, s.shards, s.trials, s.timing, s.seconds, keep))
      : [];
  return { format: SWEEP_COMPARISON_FORMAT, sweeps: kept, seconds };
}
