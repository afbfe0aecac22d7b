import { randomInt } from 'node:crypto';
import { InvalidArgumentError } from 'commander';

/**
 * `--seed N` or `--seed random`. A random seed comes from the operating
 * system's entropy (`crypto.randomInt`, not the unseeded JavaScript generator) and is printed with the report like any other,
 * so the run can be replayed.
 */
export function seedOption(value: string): number {
  if (value === 'random') return randomInt(0, 2 ** 31);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw new InvalidArgumentError(`expected a non-negative integer or "random", got "${value}"`);
  return Number(value);
}

/** The seed `attnproof check` uses when none is given: fixed, so CI runs are reproducible. */
export const DEFAULT_SEED = 42;
