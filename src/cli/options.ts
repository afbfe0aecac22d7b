import { InvalidArgumentError } from 'commander';

/**
 * Option-value parsers for commander. Each rejects anything that is not
 * exactly a number of the right kind (commander then prints one line naming
 * the option and exits with code 2), so `--d 12abc` or `--epsilon ''` never
 * silently becomes a number.
 */

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A finite real number `> min` (or `>= min` when `inclusive`). */
export function realOption(min = -Infinity, inclusive = false): (value: string) => number {
  return (value) => {
    const x = DECIMAL.test(value.trim()) ? Number(value) : NaN;
    if (!Number.isFinite(x)) throw new InvalidArgumentError(`expected a finite number, got "${value}"`);
    if (inclusive ? x < min : x <= min)
      throw new InvalidArgumentError(`must be ${inclusive ? '>=' : '>'} ${min}, got ${x}`);
    return x;
  };
}

/** A finite real number strictly between 0 and 1 (a probability such as `--delta`). */
export function openUnitOption(): (value: string) => number {
  const real = realOption(0);
  return (value) => {
    const x = real(value);
    if (x >= 1) throw new InvalidArgumentError(`must lie strictly between 0 and 1, got ${x}`);
    return x;
  };
}

/** An integer `>= min` (and `<= max`). */
export function integerOption(min = 0, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const x = /^[+-]?\d+$/.test(value.trim()) ? Number(value) : NaN;
    if (!Number.isSafeInteger(x)) throw new InvalidArgumentError(`expected an integer, got "${value}"`);
    if (x < min || x > max) throw new InvalidArgumentError(`must be between ${min} and ${max}, got ${x}`);
    return x;
  };
}

/** One of a fixed set of words. */
export function choiceOption<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(choices as readonly string[]).includes(value))
      throw new InvalidArgumentError(`expected one of ${choices.join(', ')}, got "${value}"`);
    return value as T;
  };
}
