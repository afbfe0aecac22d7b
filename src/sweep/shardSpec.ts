import { InputRangeError, InputTypeError } from '../errors/inputError.js';

/** Shard `index` of `count` (1-based): which part of a sweep's trials one machine runs. */
export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}

/** Largest number of shards accepted (far more than any CI matrix). */
export const MAX_SHARDS = 10_000;

/**
 * Parses `"K/N"` (shard `K` of `N`, `1 <= K <= N`). `O(length)`.
 *
 * @example
 * parseShardSpec('2/3'); // { index: 2, count: 3 }
 * @throws {InputTypeError} when the text is not two integers separated by `/`.
 * @throws {InputRangeError} when `K < 1`, `K > N` or `N > 10000`.
 */
export function parseShardSpec(text: string): ShardSpec {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (match === null)
    throw new InputTypeError(`expected K/N (shard K of N, e.g. 2/3), got "${text}"`, { field: '--shard' });
  return validateShardSpec({ index: Number(match[1]), count: Number(match[2]) }, '--shard');
}

/**
 * Checks a {@link ShardSpec}: integers with `1 <= index <= count <= 10000`. `O(1)`.
 *
 * @example
 * validateShardSpec({ index: 1, count: 1 }); // { index: 1, count: 1 }
 * @throws {InputTypeError} when a field is not an integer.
 * @throws {InputRangeError} when the index is outside `[1, count]` or `count` is over 10000.
 */
export function validateShardSpec(shard: ShardSpec, field = 'shard'): ShardSpec {
  const { index, count } = shard;
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count))
    throw new InputTypeError(`must be two integers K/N, got ${String(index)}/${String(count)}`, { field });
  if (count < 1 || count > MAX_SHARDS)
    throw new InputRangeError(`the number of shards N must lie in [1, ${MAX_SHARDS}], got ${count}`, { field });
  if (index < 1 || index > count)
    throw new InputRangeError(`the shard K must lie in [1, N] = [1, ${count}], got ${index}/${count}`, { field });
  return { index, count };
}

/**
 * The shard (1-based) that runs trial `trial` of the `lengthIndex`-th length:
 * trials are dealt round-robin over the whole sweep, in the order
 * (length, trial), so every shard gets a share of every length — the long
 * lengths dominate the cost — and the split depends on nothing but the sweep's
 * shape. `O(1)`.
 *
 * @example
 * trialShard(0, 4, 20, 3); // 2  (trial number 4 overall: 4 mod 3 + 1)
 * trialShard(1, 0, 20, 3); // 3  (trial number 20 overall: 20 mod 3 + 1)
 */
export function trialShard(lengthIndex: number, trial: number, trialsPerLength: number, count: number): number {
  return ((lengthIndex * trialsPerLength + trial) % count) + 1;
}
