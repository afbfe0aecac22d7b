import seedrandom from 'seedrandom';

/**
 * A source of uniform random numbers in `[0, 1)`. Every random draw in
 * attnproof goes through one of these, created from a printed seed, so that
 * the same seed gives the same bits on any machine. Library functions that
 * draw accept a `RandomSource` so callers can pass their own.
 */
export interface RandomSource {
  /** A uniform double in `[0, 1)` with 53 random bits. */
  next(): number;
}

/**
 * A deterministic {@link RandomSource} from a seed (seedrandom's Alea
 * generator; its state is pure double arithmetic, identical on every
 * IEEE-754 machine).
 *
 * @example
 * const a = createRandom(42), b = createRandom(42);
 * a.next() === b.next(); // true
 * @throws {TypeError} when the seed is neither a safe integer nor a string.
 */
export function createRandom(seed: number | string): RandomSource {
  if (typeof seed === 'number' ? !Number.isSafeInteger(seed) : typeof seed !== 'string')
    throw new TypeError(`seed must be a safe integer or a string, got ${String(seed)}`);
  const prng = seedrandom.alea(String(seed));
  return { next: () => prng.double() };
}
