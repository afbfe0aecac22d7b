/**
 * Argument checks shared by the statistics functions (internal, not re-exported).
 *
 * The statistics folder is called by the rest of attnproof with values it has
 * already validated, so a bad argument here is a programming error: these throw
 * plain `TypeError` (not a number) and `RangeError` (a number outside its domain),
 * with the argument's name in the message. Each check is `O(1)`.
 */

/** Throws unless `value` is a number (NaN is a number here; range checks reject it). */
export function assertNumber(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${typeof value}`);
}

/** Throws unless `value` is a finite number. */
export function assertFinite(name: string, value: unknown): asserts value is number {
  assertNumber(name, value);
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be finite, got ${value}`);
}

/** Throws unless `value` is a safe integer `>= min`. */
export function assertInteger(name: string, value: unknown, min = 0): asserts value is number {
  assertNumber(name, value);
  if (!Number.isSafeInteger(value) || value < min)
    throw new RangeError(`${name} must be an integer >= ${min}, got ${value}`);
}

/** Throws unless `value` is a probability in the closed interval `[0, 1]`. */
export function assertProbability(name: string, value: unknown): asserts value is number {
  assertNumber(name, value);
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must lie in [0, 1], got ${value}`);
}

/** Throws unless `value` lies in the open interval `(0, 1)`. */
export function assertOpenProbability(name: string, value: unknown): asserts value is number {
  assertNumber(name, value);
  if (!(value > 0 && value < 1)) throw new RangeError(`${name} must lie in (0, 1), got ${value}`);
}

/** Throws unless `value` is an array-like of finite numbers; returns its length. */
export function assertFiniteArray(name: string, value: unknown): number {
  if (value === null || typeof value !== 'object' || typeof (value as ArrayLike<unknown>).length !== 'number')
    throw new TypeError(`${name} must be an array of numbers`);
  const array = value as ArrayLike<unknown>;
  for (let i = 0; i < array.length; i++) {
    const v = array[i];
    if (typeof v !== 'number') throw new TypeError(`${name}[${i}] must be a number, got ${typeof v}`);
    if (!Number.isFinite(v)) throw new RangeError(`${name}[${i}] must be finite, got ${v}`);
  }
  return array.length;
}
