import { InputRangeError } from '../errors/inputError.js';
import { assembleSweep, type SweepResult, type SweepTiming } from './sweepResult.js';
import type { SweepParams } from './sweepParams.js';
import type { TrialRecord } from './trialRecord.js';

const PARAM_KEYS: readonly (keyof SweepParams)[] = [
  'construction',
  'lengths',
  'S',
  'epsilon',
  'gamma',
  'kappa',
  'delta',
  'pattern',
  'rowScaleDecades',
  'trials',
  'success',
  'resolution',
  'maxD',
  'seed',
];

/**
 * Combines the results of shards of one sweep (`attnproof sweep --shard K/N`)
 * into one: the trial records are united and the rows, fit and crossovers
 * rebuilt by the same code as a run, so merging all `N` shards gives rows
 * bit-identical to the unsharded run with the same seed. Timings add up.
 * A merge of some of the shards is a partial result (no rows) that can be
 * merged further. `O(trials · log trials)`.
 *
 * @example
 * const merged = mergeSweeps([shard1, shard2, shard3], ['s1.json', 's2.json', 's3.json']);
 * merged.complete; // true
 * @throws {InputRangeError} when there is no result, the results come from different sweeps
 *   (any parameter differs, or the number of shards), or a shard appears twice; naming the file
 *   (from `sources`) and the field.
 */
export function mergeSweeps(results: readonly SweepResult[], sources: readonly string[] = []): SweepResult {
  if (results.length === 0) throw new InputRangeError('nothing to merge: give at least one sweep result');
  const first = results[0]!;
  const where = (k: number): { file?: string } => (sources[k] === undefined ? {} : { file: sources[k] });
  const included = new Map<number, number>();
  const records: TrialRecord[] = [];
  const seconds = new Map<number, number>();
  let wall = 0;
  for (const [k, result] of results.entries()) {
    for (const key of PARAM_KEYS) {
      const a = JSON.stringify(first.params[key]);
      const b = JSON.stringify(result.params[key]);
      if (a !== b)
        throw new InputRangeError(
          `is a different sweep: params.${key} is ${b} here but ${a} in ${sources[0] ?? 'the first result'}`,
          { ...where(k), field: `params.${key}` },
        );
    }
    if (result.shards.count !== first.shards.count)
      throw new InputRangeError(
        `is a different split: ${result.shards.count} shards here but ${first.shards.count} in ${sources[0] ?? 'the first result'}`,
        { ...where(k), field: 'shards.count' },
      );
    for (const shard of result.shards.included) {
      const earlier = included.get(shard);
      if (earlier !== undefined)
        throw new InputRangeError(
          `shard ${shard}/${first.shards.count} is also in ${sources[earlier] ?? `result ${earlier + 1}`}`,
          { ...where(k), field: 'shards.included' },
        );
      included.set(shard, k);
    }
    records.push(...result.trials);
    for (const t of result.timing) seconds.set(t.L, (seconds.get(t.L) ?? 0) + t.seconds);
    wall += result.seconds;
  }
  const timing: SweepTiming[] = first.params.lengths
    .filter((L) => seconds.has(L))
    .map((L) => ({ L, seconds: seconds.get(L)! }));
  return assembleSweep(
    first.params,
    { count: first.shards.count, included: [...included.keys()] },
    records,
    timing,
    wall,
  );
}
