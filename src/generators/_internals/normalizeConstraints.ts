import { InputRangeError, InputTypeError } from '../../errors/inputError.js';
import type { SparseTargetConstraints, TargetPattern } from '../sparseTarget.js';
import { quoteValue } from '../../errors/quoteValue.js';

/** Every pattern name accepted by the `pattern` constraint. */
export const TARGET_PATTERNS: readonly TargetPattern[] = [
  'random',
  'banded',
  'blockDiagonal',
  'strided',
  'permutation',
  'bandedPlusRandom',
  'mixed',
];

/** Constraints with every default filled in and every bound checked. */
export interface NormalizedConstraints {
  readonly minL: number;
  readonly maxL: number;
  /** The sparsity bound passed to `SparseTarget.fromEntries`. */
  readonly S: number;
  /** `min(S, maxL)`: no row can hold more than `L <= maxL` entries, so recipes never need more slots. */
  readonly slots: number;
  readonly kappa: number;
  readonly pattern: TargetPattern;
  readonly rowScaleDecades: number;
  readonly fullRows: number;
}

/** Default constraint values (see {@link SparseTargetConstraints}). */
export const DEFAULT_CONSTRAINTS = {
  minL: 2,
  maxL: 64,
  S: 2,
  kappa: 100,
  pattern: 'mixed',
  rowScaleDecades: 200,
  fullRows: 0,
} as const;

/**
 * Largest `rowScaleDecades + log10(kappa)`: every generated value then lies in
 * `[1e-300, 1e300]`, inside the range of normal doubles (no overflow to
 * Infinity, no underflow to 0 or to a subnormal that loses digits).
 */
export const MAX_DECIMAL_EXPONENT = 300;

const KNOWN_KEYS = new Set(Object.keys(DEFAULT_CONSTRAINTS));

/**
 * Checks a constraints object and fills in the defaults. `O(1)`.
 *
 * @example
 * normalizeConstraints({ S: 3, minL: 100 });
 * // { minL: 100, maxL: 100, S: 3, slots: 3, kappa: 100, pattern: 'mixed', rowScaleDecades: 200, fullRows: 0 }
 *
 * @throws {InputTypeError} when `constraints` is not an object, has an unknown
 *   key, or a field of the wrong type.
 * @throws {InputRangeError} when a field is out of range: `minL < 2`,
 *   `maxL < minL`, `S < 1`, non-integer lengths or `S`, `kappa < 1` or not
 *   finite, an unknown pattern, `rowScaleDecades < 0`, or
 *   `rowScaleDecades + log10(kappa) > 300`, or `fullRows` outside `[0, 1]`.
 */
export function normalizeConstraints(constraints: SparseTargetConstraints | undefined): NormalizedConstraints {
  if (constraints === undefined) constraints = {};
  if (typeof constraints !== 'object' || constraints === null || Array.isArray(constraints))
    throw new InputTypeError('constraints must be an object', { field: 'constraints' });
  for (const key of Object.keys(constraints))
    if (!KNOWN_KEYS.has(key))
      throw new InputTypeError(`unknown constraint "${key}"; known: ${[...KNOWN_KEYS].join(', ')}`, { field: key });

  const minL = integerField(constraints.minL, DEFAULT_CONSTRAINTS.minL, 'minL');
  if (minL < 2) throw new InputRangeError(`minL must be at least 2, got ${minL}`, { field: 'minL' });
  const maxL = integerField(constraints.maxL, Math.max(minL, DEFAULT_CONSTRAINTS.maxL), 'maxL');
  if (maxL < minL) throw new InputRangeError(`maxL must be at least minL = ${minL}, got ${maxL}`, { field: 'maxL' });
  const S = integerField(constraints.S, DEFAULT_CONSTRAINTS.S, 'S');
  if (S < 1) throw new InputRangeError(`S must be at least 1, got ${S}`, { field: 'S' });

  const kappa = numberField(constraints.kappa, DEFAULT_CONSTRAINTS.kappa, 'kappa');
  if (!Number.isFinite(kappa) || !(kappa >= 1))
    throw new InputRangeError(`kappa must be a finite number >= 1, got ${kappa}`, { field: 'kappa' });
  const rowScaleDecades = numberField(
    constraints.rowScaleDecades,
    DEFAULT_CONSTRAINTS.rowScaleDecades,
    'rowScaleDecades',
  );
  if (!Number.isFinite(rowScaleDecades) || !(rowScaleDecades >= 0))
    throw new InputRangeError(`rowScaleDecades must be a finite number >= 0, got ${rowScaleDecades}`, {
      field: 'rowScaleDecades',
    });
  if (rowScaleDecades + Math.log10(kappa) > MAX_DECIMAL_EXPONENT)
    throw new InputRangeError(
      `rowScaleDecades + log10(kappa) = ${rowScaleDecades + Math.log10(kappa)} exceeds ${MAX_DECIMAL_EXPONENT}; values would leave the double range`,
      { field: 'rowScaleDecades' },
    );

  const fullRows = numberField(constraints.fullRows, DEFAULT_CONSTRAINTS.fullRows, 'fullRows');
  if (!(fullRows >= 0 && fullRows <= 1))
    throw new InputRangeError(`fullRows must be a number in [0, 1], got ${fullRows}`, { field: 'fullRows' });

  const pattern = constraints.pattern ?? DEFAULT_CONSTRAINTS.pattern;
  if (typeof pattern !== 'string')
    throw new InputTypeError(`pattern must be a string, got ${String(pattern)}`, { field: 'pattern' });
  if (!TARGET_PATTERNS.includes(pattern))
    throw new InputRangeError(`unknown pattern "${pattern}"; known: ${TARGET_PATTERNS.join(', ')}`, {
      field: 'pattern',
    });

  return { minL, maxL, S, slots: Math.min(S, maxL), kappa, pattern, rowScaleDecades, fullRows };
}

function numberField(value: unknown, fallback: number, field: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number')
    throw new InputTypeError(`${field} must be a number, got ${quoteValue(value)}`, { field });
  return value;
}

function integerField(value: unknown, fallback: number, field: string): number {
  const v = numberField(value, fallback, field);
  if (!Number.isSafeInteger(v)) throw new InputRangeError(`${field} must be an integer, got ${v}`, { field });
  return v;
}
